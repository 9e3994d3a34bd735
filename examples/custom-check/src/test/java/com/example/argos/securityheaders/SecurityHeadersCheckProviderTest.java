package com.example.argos.securityheaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.ServiceLoader;
import org.argos.api.InvalidCheckParameterException;
import org.argos.api.ResultStatus;
import org.argos.api.Severity;
import org.argos.api.spi.CheckContext;
import org.argos.api.spi.CheckProvider;
import org.argos.testkit.CheckProviderCompatibilityKit;
import org.argos.testkit.SyntheticResponses;
import org.junit.jupiter.api.Test;

/** The third-party provider runs the same compatibility kit as the built-in ones, plus its own cases. */
class SecurityHeadersCheckProviderTest extends CheckProviderCompatibilityKit {
  private static final CheckContext NOW = new CheckContext(Instant.parse("2026-01-01T00:00:00Z"));

  @Override
  protected CheckProvider provider() {
    return new SecurityHeadersCheckProvider();
  }

  @Test
  void isFoundByServiceLoader() {
    assertThat(ServiceLoader.load(CheckProvider.class).stream().map(ServiceLoader.Provider::type))
        .contains(SecurityHeadersCheckProvider.class);
  }

  @Test
  void recommendedHeadersOverHttps() {
    var check = provider().create("recommended");
    var hardened = SyntheticResponses.response(200).header("Strict-Transport-Security", "max-age=63072000")
        .header("X-Content-Type-Options", "nosniff").header("Content-Security-Policy", "frame-ancestors 'none'").build();
    assertThat(check.evaluate(hardened, NOW).status()).isEqualTo(ResultStatus.SUCCESS);

    var bare = SyntheticResponses.response(200).header("X-Content-Type-Options", "nosniff").build();
    var result = check.evaluate(bare, NOW);
    assertThat(result.severity()).isEqualTo(Severity.WARNING);
    assertThat(result.message()).contains("strict-transport-security", "x-frame-options");
    assertThat(result.context()).containsEntry("missing", List.of("strict-transport-security", "x-frame-options"));
  }

  @Test
  void aFramePolicyInAnyOfSeveralCspHeadersCounts() {
    var check = provider().create("recommended");
    var twoPolicies = SyntheticResponses.response(200).header("Strict-Transport-Security", "max-age=63072000")
        .header("X-Content-Type-Options", "nosniff").header("Content-Security-Policy", "default-src 'self'")
        .header("Content-Security-Policy", "frame-ancestors 'none'").build();
    assertThat(check.evaluate(twoPolicies, NOW).status()).isEqualTo(ResultStatus.SUCCESS);
  }

  @Test
  void hstsIsNotExpectedOverPlainHttp() {
    var check = provider().create("recommended");
    var http = SyntheticResponses.response(200).url("http://plain.example/")
        .header("X-Content-Type-Options", "nosniff").header("X-Frame-Options", "DENY").build();
    assertThat(check.evaluate(http, NOW).status()).isEqualTo(ResultStatus.SUCCESS);
  }

  @Test
  void aBadParameterIsReportedAsArgosReportsItsOwnNamingThePathOfTheBadPart() {
    assertThatThrownBy(() -> provider().create(List.of("x-frame-options", 42)))
        .isInstanceOf(InvalidCheckParameterException.class)
        .hasMessage("security-headers: [1]: expected a non-empty string, got 42")
        .satisfies(e -> assertThat(((InvalidCheckParameterException) e).path()).isEqualTo("[1]"));
    assertThatThrownBy(() -> provider().create("everything"))
        .hasMessage("security-headers: expected \"recommended\" or a non-empty list of header names, got \"everything\"");
  }
}
