package org.argos.web.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SessionsTest {
  private final Sessions sessions = new Sessions("secret-one");
  private final Instant now = Instant.parse("2026-01-01T10:00:00Z");

  @Test
  void aCookieReadsBackUntilItExpires() {
    String c = sessions.issue("alice@example.org", now, Duration.ofHours(1), true);
    Sessions.Session s = sessions.read(c, now.plusSeconds(3599));
    assertThat(s).isNotNull();
    assertThat(s.user()).isEqualTo("alice@example.org");
    assertThat(s.remember()).isTrue();
    assertThat(s.expires()).isEqualTo(now.plusSeconds(3600));
    assertThat(s.issued()).isEqualTo(now);
    assertThat(sessions.read(c, now.plusSeconds(3600))).isNull();
  }

  @Test
  void anyChangeOrAnotherSecretBreaksTheSignature() {
    String c = sessions.issue("alice", now, Duration.ofHours(1), false);
    assertThat(new Sessions("secret-two").read(c, now)).isNull();
    String[] p = c.split("\\.");
    String longer = p[0] + "." + p[1] + "." + (Long.parseLong(p[2]) + 86_400) + "." + p[3] + "." + p[4] + "." + p[5];
    assertThat(sessions.read(longer, now)).isNull();
    String later = p[0] + "." + (Long.parseLong(p[1]) + 60_000) + "." + p[2] + "." + p[3] + "." + p[4] + "." + p[5];
    assertThat(sessions.read(later, now)).as("the issue time is signed: a stamp cannot be dodged").isNull();
    String remembered = p[0] + "." + p[1] + "." + p[2] + "." + p[3] + ".1." + p[5];
    assertThat(sessions.read(remembered, now)).isNull();
    assertThat(sessions.read(c.substring(0, c.length() - 2), now)).isNull();
    assertThat(sessions.read("garbage", now)).isNull();
    assertThat(sessions.read("a.b.c.d.%%%", now)).isNull();
    assertThat(sessions.read(null, now)).isNull();
  }

  @Test
  void csrfTokensAreTiedToTheirNonceAndSecret() {
    String token = sessions.csrfToken("nonce-1");
    assertThat(sessions.csrfValid("nonce-1", token)).isTrue();
    assertThat(sessions.csrfValid("nonce-2", token)).isFalse();
    assertThat(new Sessions("secret-two").csrfValid("nonce-1", token)).isFalse();
    assertThat(sessions.csrfValid("nonce-1", "")).isFalse();
    assertThat(sessions.csrfValid("nonce-1", null)).isFalse();
    String a = sessions.issue("alice", now, Duration.ofHours(1), false);
    String b = sessions.issue("alice", now, Duration.ofHours(1), false);
    assertThat(sessions.read(a, now).nonce()).as("each login gets its own nonce").isNotEqualTo(sessions.read(b, now).nonce());
  }

  @Test
  void aCookieOfTheFormatWithoutIssueTimeIsRefusedEvenWhenProperlySigned() throws Exception {
    // user.expiry.nonce.remember, as issued before sessions could be revoked: it could never be revoked, so it ends.
    String body = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("alice".getBytes(StandardCharsets.UTF_8))
        + "." + now.plusSeconds(3600).getEpochSecond() + ".bm9uY2Vub25jZW5vbmNl.0";
    javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
    mac.init(new javax.crypto.spec.SecretKeySpec("secret-one".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String sig = java.util.Base64.getUrlEncoder().withoutPadding()
        .encodeToString(mac.doFinal(("session|" + body).getBytes(StandardCharsets.UTF_8)));
    assertThat(sessions.read(body + "." + sig, now)).isNull();
  }

  @Test
  void anEmptySecretIsRefused() {
    assertThatThrownBy(() -> new Sessions("")).hasMessageContaining("general.cookie_secret");
  }
}
