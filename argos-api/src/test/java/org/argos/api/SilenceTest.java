package org.argos.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A silence is a window over a domain, a tag or both, with an id fit for URLs and logs. */
class SilenceTest {
  private static final Instant FROM = Instant.parse("2026-03-01T22:00:00Z");
  private static final Instant UNTIL = Instant.parse("2026-03-02T02:00:00Z");

  private static Site site(String domain, String... tags) {
    return Site.builder(domain).path("/", p -> p.check("status-is", 200)).tags(tags).build();
  }

  @Test
  void theDomainIsNormalizedTheTagLowerCasedAndTheReasonDefaulted() {
    Silence s = new Silence("upgrade-1", "HTTPS://Shop.Example.org/", " Prod ", FROM, UNTIL, null);
    assertThat(s.domain()).isEqualTo("https://shop.example.org");
    assertThat(s.tag()).isEqualTo("prod");
    assertThat(s.reason()).isEmpty();
    assertThat(new Silence("t", null, "x", FROM, UNTIL, "line one\nline\ttwo").reason()).contains("\n");
  }

  @Test
  void theIdIsShortAndMadeOfUrlSafeCharacters() {
    assertThat(new Silence("a.B_c:9-z", null, "t", FROM, UNTIL, "").id()).isEqualTo("a.B_c:9-z");
    assertThat(new Silence("x".repeat(Silence.MAX_ID), null, "t", FROM, UNTIL, "").id()).hasSize(200);
    for (String bad : new String[] {"a b", "a/b", "é", "x".repeat(Silence.MAX_ID + 1), "a?b"}) {
      assertThatThrownBy(() -> new Silence(bad, null, "t", FROM, UNTIL, "")).as(bad)
          .isInstanceOf(InvalidSiteException.class).hasMessageContaining("an id is 1 to 200 letters");
    }
    assertThatThrownBy(() -> new Silence(" ", null, "t", FROM, UNTIL, "")).hasMessage("silence: id must not be empty");
  }

  @Test
  void aSilenceNeedsATargetAWindowAndAReadableReason() {
    assertThatThrownBy(() -> new Silence("s", null, null, FROM, UNTIL, "")).hasMessage("silence s: needs a domain, domains, a tag or an address");
    assertThatThrownBy(() -> new Silence("s", null, "  ", FROM, UNTIL, "")).hasMessageContaining("needs a domain, domains, a tag or an address");
    assertThatThrownBy(() -> new Silence("s", "example.org", null, FROM, UNTIL, ""))
        .hasMessageContaining("must start with http:// or https://");
    assertThatThrownBy(() -> new Silence("s", null, "t", UNTIL, FROM, "")).hasMessageContaining("'until' must be after 'from'");
    assertThatThrownBy(() -> new Silence("s", null, "t", FROM, FROM, "")).hasMessageContaining("'until' must be after");
    assertThatThrownBy(() -> new Silence("s", null, "t", null, UNTIL, "")).hasMessageContaining("'until' must be after");
    assertThatThrownBy(() -> new Silence("s", null, "t", FROM, UNTIL, "x".repeat(Silence.MAX_REASON + 1)))
        .hasMessageContaining("a reason is at most 2000 characters");
    assertThatThrownBy(() -> new Silence("s", null, "t", FROM, UNTIL, "bell\u0007")).hasMessageContaining("control");
  }

  @Test
  void itCoversTheHalfOpenWindowOnly() {
    Silence s = new Silence("s", "https://a.example", null, FROM, UNTIL, "");
    Site a = site("https://a.example");
    assertThat(s.covers(a, a.domain(), FROM.minusMillis(1))).isFalse();
    assertThat(s.covers(a, a.domain(), FROM)).isTrue();
    assertThat(s.covers(a, a.domain(), UNTIL.minusMillis(1))).isTrue();
    assertThat(s.covers(a, a.domain(), UNTIL)).isFalse();
  }

  @Test
  void aDomainMatchesThatDomainOnlyEvenWhenTheSiteIsGone() {
    Silence s = new Silence("s", "https://a.example", null, FROM, UNTIL, "");
    assertThat(s.covers(null, "https://a.example", FROM)).isTrue();
    assertThat(s.covers(site("https://b.example"), "https://b.example", FROM)).isFalse();
  }

  @Test
  void aTagMatchesSitesThatCarryItAndBothMustMatchWhenGiven() {
    Silence byTag = new Silence("s", null, "Prod", FROM, UNTIL, "");
    assertThat(byTag.covers(site("https://a.example", "prod"), "https://a.example", FROM)).isTrue();
    assertThat(byTag.covers(site("https://a.example", "staging"), "https://a.example", FROM)).isFalse();
    assertThat(byTag.covers(null, "https://a.example", FROM)).as("a site no longer registered has no tags").isFalse();
    Silence both = new Silence("s", "https://a.example", "prod", FROM, UNTIL, "");
    assertThat(both.covers(site("https://a.example", "prod"), "https://a.example", FROM)).isTrue();
    assertThat(both.covers(site("https://a.example"), "https://a.example", FROM)).isFalse();
    assertThat(both.covers(site("https://b.example", "prod"), "https://b.example", FROM)).isFalse();
  }

  @Test
  void aRecurringSilenceCoversItsWindowsWithinItsOverallSpanOnly() {
    java.time.ZoneId utc = java.time.ZoneOffset.UTC;
    Recurrence nightly = new Recurrence("0 22 * * *", java.time.Duration.ofHours(4), utc);
    Silence s = new Silence("nightly", null, "db", FROM, Instant.parse("2026-03-04T00:00:00Z"), "", nightly,
        java.util.Set.of(), null);
    Site db = site("https://a.example", "db");
    assertThat(s.covers(db, db.domain(), Instant.parse("2026-03-02T01:00:00Z"))).isTrue();
    assertThat(s.windowEnd(Instant.parse("2026-03-02T01:00:00Z"))).contains(Instant.parse("2026-03-02T02:00:00Z"));
    assertThat(s.covers(db, db.domain(), Instant.parse("2026-03-02T12:00:00Z"))).as("between windows").isFalse();
    assertThat(s.windowEnd(Instant.parse("2026-03-02T12:00:00Z"))).isEmpty();
    assertThat(s.windowEnd(Instant.parse("2026-03-03T23:00:00Z"))).as("cut by the overall end")
        .contains(Instant.parse("2026-03-04T00:00:00Z"));
    assertThat(s.covers(db, db.domain(), Instant.parse("2026-03-04T01:00:00Z"))).as("after the overall end").isFalse();
    assertThat(s.covers(db, db.domain(), Instant.parse("2026-02-28T23:00:00Z"))).as("before 'from'").isFalse();
    Silence forever = new Silence("f", null, "db", FROM, Silence.NO_END, "", nightly, java.util.Set.of(), null);
    assertThat(forever.covers(db, db.domain(), Instant.parse("2030-01-01T23:00:00Z"))).isTrue();
    assertThatThrownBy(() -> new Silence("f", null, "db", FROM, Silence.NO_END.plusSeconds(1), "", nightly,
        java.util.Set.of(), null)).hasMessageContaining("'until' is at the latest");
  }

  @Test
  void aListOfDomainsOrAnAddressSelectsTheSitesAndEveryCriterionMustHold() {
    Silence listed = new Silence("bulk", null, null, FROM, UNTIL, "", null,
        java.util.Set.of("HTTPS://A.example/", "https://b.example"), null);
    assertThat(listed.domains()).containsExactlyInAnyOrder("https://a.example", "https://b.example");
    assertThat(listed.covers(null, "https://a.example", FROM)).isTrue();
    assertThat(listed.covers(null, "https://c.example", FROM)).isFalse();
    Silence byAddress = new Silence("net", null, "db", FROM, UNTIL, "", null, java.util.Set.of(),
        AddressRange.parse("10.0.0.0/24"));
    Site inDb = site("https://10.0.0.5", "db");
    Site notDb = site("https://10.0.0.6");
    assertThat(byAddress.covers(inDb, inDb.domain(), FROM)).isTrue();
    assertThat(byAddress.covers(notDb, notDb.domain(), FROM)).as("the tag must hold too").isFalse();
    assertThat(byAddress.covers(null, "https://10.0.1.5", FROM)).isFalse();
    java.util.Set<String> tooMany = new java.util.HashSet<>();
    for (int i = 0; i <= Silence.MAX_DOMAINS; i++) {
      tooMany.add("https://s" + i + ".example");
    }
    assertThatThrownBy(() -> new Silence("bulk", null, null, FROM, UNTIL, "", null, tooMany, null))
        .hasMessageContaining("at most 10000 domains");
  }
}
