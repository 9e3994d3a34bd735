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
    assertThatThrownBy(() -> new Silence("s", null, null, FROM, UNTIL, "")).hasMessage("silence s: needs a domain or a tag");
    assertThatThrownBy(() -> new Silence("s", null, "  ", FROM, UNTIL, "")).hasMessageContaining("needs a domain or a tag");
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
}
