package org.argos.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A site is validated whole when built, and every error names the site and the field to fix. */
class SiteTest {
  private static Site.Builder minimal(String domain) {
    return Site.builder(domain).path("/", p -> p.check("status-is", 200));
  }

  @Test
  void theBuilderHasArgosDefaults() {
    Site s = minimal("https://example.org").build();
    assertThat(s.frequency()).isEqualTo(Duration.ofMinutes(5)).isEqualTo(Site.DEFAULT_FREQUENCY);
    assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(30)).isEqualTo(Site.DEFAULT_TIMEOUT);
    assertThat(s.recheckDelay()).isNull();
    assertThat(s.retryBeforeNotification()).isZero();
    assertThat(s.ipVersions()).containsExactly(IpVersion.IPV4, IpVersion.IPV6);
    assertThat(s.tags()).isEmpty();
    assertThat(s.routing()).isNull();
    assertThat(s.paths()).singleElement().satisfies(p -> {
      assertThat(p.path()).isEqualTo("/");
      assertThat(p.method()).isEqualTo("GET");
      assertThat(p.checks()).containsExactly(CheckSpec.of("status-is", 200));
    });
  }

  @Test
  void theDomainIsNormalizedAndIsTheSitesIdentity() {
    assertThat(Site.normalizeDomain("  HTTPS://Example.ORG/// ")).isEqualTo("https://example.org");
    assertThat(Site.normalizeDomain("http://Example.org:8080")).isEqualTo("http://example.org:8080");
    assertThat(Site.normalizeDomain("https://[::1]:8443")).isEqualTo("https://[::1]:8443");
    Site s = minimal("HTTPS://Shop.Example.org:8443/").build();
    assertThat(s.domain()).isEqualTo("https://shop.example.org:8443");
    assertThat(s.host()).isEqualTo("shop.example.org");
    assertThat(s).isEqualTo(minimal("https://shop.example.org:8443").build());
  }

  @Test
  void aDomainMayUseAnySchemeWithAHost() {
    assertThat(Site.normalizeDomain("TCP://Mail.Example.org:25/")).isEqualTo("tcp://mail.example.org:25");
    assertThat(Site.normalizeDomain("dns://example.org")).isEqualTo("dns://example.org");
    assertThat(minimal("tcp://mail.example.org:25").build().host()).isEqualTo("mail.example.org");
  }

  @Test
  void aDomainThatIsNotABaseUrlIsRefusedSayingWhy() {
    assertThatThrownBy(() -> Site.normalizeDomain(null)).isInstanceOf(InvalidSiteException.class)
        .hasMessage("domain must not be empty");
    assertThatThrownBy(() -> Site.normalizeDomain("   ")).hasMessage("domain must not be empty");
    assertThatThrownBy(() -> Site.normalizeDomain("example.org")).hasMessageContaining("must start with http:// or https://");
    assertThatThrownBy(() -> Site.normalizeDomain("mailto:a@example.org")).hasMessageContaining("http:// or https://");
    assertThatThrownBy(() -> Site.normalizeDomain("tcp://mail.example.org:25/x")).hasMessageContaining("path");
    assertThatThrownBy(() -> Site.normalizeDomain("https://")).isInstanceOf(InvalidSiteException.class);
    assertThatThrownBy(() -> Site.normalizeDomain("https://exa mple.org")).hasMessageContaining("is not a valid URL");
    assertThatThrownBy(() -> Site.normalizeDomain("https://example.org/health"))
        .hasMessageContaining("must not contain a path");
    assertThatThrownBy(() -> Site.normalizeDomain("https://example.org?a=1")).hasMessageContaining("query");
    assertThatThrownBy(() -> Site.normalizeDomain("https://example.org#top")).hasMessageContaining("fragment");
    assertThatThrownBy(() -> Site.normalizeDomain("https://user:pw@example.org")).hasMessageContaining("user info");
    assertThatThrownBy(() -> Site.normalizeDomain("https://ex_ample.org")).hasMessageContaining("has no host name");
  }

  @Test
  void everyFieldIsValidatedNamingTheSiteAndTheField() {
    String d = "https://example.org";
    assertThatThrownBy(() -> minimal(d).frequency(Duration.ZERO).build()).isInstanceOf(InvalidSiteException.class)
        .hasMessage("site https://example.org: frequency must be positive, got PT0S");
    assertThatThrownBy(() -> minimal(d).frequency(Duration.ofSeconds(-1)).build()).hasMessageContaining("frequency");
    assertThatThrownBy(() -> minimal(d).frequency(null).build()).hasMessageContaining("frequency must be positive");
    assertThatThrownBy(() -> minimal(d).recheckDelay(Duration.ZERO).build())
        .hasMessageContaining("site https://example.org: recheck_delay must be positive");
    assertThatThrownBy(() -> minimal(d).retryBeforeNotification(-1).build())
        .hasMessageContaining("retry_before_notification must be >= 0, got -1");
    assertThatThrownBy(() -> minimal(d).ipVersions(false, false).build())
        .hasMessageContaining("ipv4 and ipv6 are both disabled");
    assertThatThrownBy(() -> minimal(d).timeout(Duration.ofMillis(-5)).build())
        .hasMessageContaining("timeout must be positive");
    assertThatThrownBy(() -> Site.builder(d).build()).hasMessage("site https://example.org: needs at least one path");
  }

  @Test
  void aPathIsListedOnceByMethodPathAndRequestData() {
    String d = "https://example.org";
    assertThatThrownBy(() -> minimal(d).path("/", p -> p.check("body-contains", "x")).build())
        .isInstanceOf(InvalidSiteException.class).hasMessageContaining("path '/' (GET) is listed twice");
    Site s = minimal(d)
        .path("/", p -> p.method("HEAD").check("status-is", 200))
        .path("/", p -> p.method("POST").requestData(new RequestData("a=1", false, java.util.Map.of()))
            .check("status-is", 200))
        .path("/", p -> p.method("POST").requestData(new RequestData("a=2", false, java.util.Map.of()))
            .check("status-is", 200))
        .build();
    assertThat(s.paths()).hasSize(4);
  }

  @Test
  void tagsAreTrimmedLowerCasedSortedAndBounded() {
    Site s = minimal("https://example.org").tags(" Prod ", "web", "PROD", "Europe").build();
    assertThat(s.tags()).containsExactly("europe", "prod", "web");
    assertThatThrownBy(() -> s.tags().add("x")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> minimal("https://example.org").tags(" ").build()).hasMessageContaining("tags must not be empty");
    assertThatThrownBy(() -> minimal("https://example.org").tags("x".repeat(101)).build())
        .hasMessageContaining("at most 100 characters");
    assertThatThrownBy(() -> minimal("https://example.org").tags("a\nb").build())
        .hasMessageContaining("without control characters");
    assertThat(minimal("https://example.org").tags("x".repeat(100)).build().tags()).hasSize(1);
  }

  @Test
  void theSiteKeepsItsOwnCopyOfThePaths() {
    List<PathSpec> paths = new java.util.ArrayList<>(List.of(PathSpec.builder("/").check("status-is", 200).build()));
    Site s = new Site("https://example.org", Duration.ofMinutes(1), null, 0, true, false, Duration.ofSeconds(5), paths,
        null, null);
    paths.clear();
    assertThat(s.paths()).hasSize(1);
    assertThatThrownBy(() -> s.paths().clear()).isInstanceOf(UnsupportedOperationException.class);
    assertThat(s.ipVersions()).containsExactly(IpVersion.IPV4);
    assertThat(s.tags()).isEmpty();
  }

  @Test
  void toBuilderGivesAnEqualSiteAndChangesOnlyWhatIsSet() {
    Site s = minimal("https://example.org").frequency(Duration.ofMinutes(1)).recheckDelay(Duration.ofSeconds(10))
        .retryBeforeNotification(2).ipVersions(false, true).timeout(Duration.ofSeconds(3)).tags("a")
        .routing(AlertRouting.all("mail")).build();
    assertThat(s.toBuilder().build()).isEqualTo(s);
    Site other = s.toBuilder().clearPaths().path("/health", p -> p.check("status-is", 204)).build();
    assertThat(other.paths()).extracting(PathSpec::path).containsExactly("/health");
    assertThat(other.frequency()).isEqualTo(s.frequency());
    assertThat(other.routing()).isEqualTo(s.routing());
    assertThat(s.paths()).extracting(PathSpec::path).containsExactly("/");
  }
}
