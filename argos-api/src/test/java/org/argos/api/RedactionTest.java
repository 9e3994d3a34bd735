package org.argos.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Credentials in URLs never reach a message; where the URL points stays readable. */
class RedactionTest {
  @Test
  void thePasswordOfTheUserInfoIsMaskedAndTheRestKept() {
    assertThat(Redaction.url("postgresql://argos:hunter2@db.example.org:5432/argos"))
        .isEqualTo("postgresql://argos:***@db.example.org:5432/argos");
    assertThat(Redaction.url("postgresql+psycopg2://argos:s3cr3t@db/argos?sslmode=require"))
        .isEqualTo("postgresql+psycopg2://argos:***@db/argos?sslmode=require");
    assertThat(Redaction.url("postgresql://argos@db/argos")).isEqualTo("postgresql://argos@db/argos");
    assertThat(Redaction.url("https://example.org/a@b")).isEqualTo("https://example.org/a@b");
  }

  @Test
  void passwordsHoldingSeparatorsAreMaskedWhole() {
    assertThat(Redaction.url("postgresql://argos:p@ss@db/argos")).isEqualTo("postgresql://argos:***@db/argos");
    assertThat(Redaction.url("postgresql://argos:a/b?c#d@db/argos")).isEqualTo("postgresql://argos:***@db/argos");
    assertThat(Redaction.url("postgresql://argos:a/b@db/argos")).doesNotContain("a/b");
  }

  @Test
  void secretParametersAreMasked() {
    assertThat(Redaction.url("jdbc:postgresql://db/argos?user=argos&password=hunter2&ssl=true"))
        .isEqualTo("jdbc:postgresql://db/argos?user=argos&password=***&ssl=true");
    assertThat(Redaction.url("jdbc:h2:file:/var/lib/argos;USER=sa;PASSWORD=hunter2;AUTO_SERVER=TRUE"))
        .isEqualTo("jdbc:h2:file:/var/lib/argos;USER=sa;PASSWORD=***;AUTO_SERVER=TRUE");
    assertThat(Redaction.url("https://gotify.example.org/message?token=AbC123")).isEqualTo("https://gotify.example.org/message?token=***");
    assertThat(Redaction.url("jdbc:postgresql://db/argos?sslpassword=k3y")).doesNotContain("k3y");
  }

  @Test
  void everyUrlInATextIsMasked() {
    String text = "Could not connect to 'postgresql://argos:hunter2@db/argos' (then tried jdbc:postgresql://db/x?password=pw2): "
        + "refused";
    assertThat(Redaction.text(text)).doesNotContain("hunter2", "pw2")
        .contains("postgresql://argos:***@db/argos", "jdbc:postgresql://db/x?password=***", "refused");
    assertThat(Redaction.text("no url here: key=value")).isEqualTo("no url here: key=value");
  }
}
