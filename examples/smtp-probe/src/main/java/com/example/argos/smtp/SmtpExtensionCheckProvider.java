package com.example.argos.smtp;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.argos.api.CheckResult;
import org.argos.api.InvalidCheckParameterException;
import org.argos.api.spi.Check;
import org.argos.api.spi.CheckContext;
import org.argos.api.spi.CheckProvider;
import org.argos.api.spi.ProbeResponse;
import org.jspecify.annotations.Nullable;

/**
 * {@code smtp-extension: STARTTLS}: the mail server greets with 220 and lists the extension in its answer to
 * {@code EHLO}. Reads {@code smtp://} responses only.
 */
public final class SmtpExtensionCheckProvider implements CheckProvider {
  /** Used by ServiceLoader. */
  public SmtpExtensionCheckProvider() {}

  @Override
  public String name() {
    return "smtp-extension";
  }

  @Override
  public Set<String> schemes() {
    return Set.of("smtp");
  }

  @Override
  public String description() {
    return "Fails (critical) unless the SMTP server greets with 220 and lists the given extension after EHLO.";
  }

  @Override
  public String parameterHelp() {
    return "an extension keyword, e.g. STARTTLS, SIZE, 8BITMIME";
  }

  @Override
  public List<@Nullable Object> exampleParameters() {
    return List.of("STARTTLS", "SIZE");
  }

  @Override
  public List<@Nullable Object> invalidParameters() {
    return Arrays.asList(null, "", "two words", 25, "x".repeat(65));
  }

  @Override
  public Check create(@Nullable Object parameter) {
    if (!(parameter instanceof String s) || !s.matches("[A-Za-z0-9][A-Za-z0-9-]{0,63}")) {
      throw new InvalidCheckParameterException("check smtp-extension: expected an extension keyword such as STARTTLS, "
          + "got " + parameter);
    }
    String wanted = s.toUpperCase(Locale.ROOT);
    return (ProbeResponse response, CheckContext context) -> {
      if (response.error() != null) {
        return CheckResult.failure("no SMTP session: " + response.error().message());
      }
      String code = response.attribute("smtp.banner.code");
      if (!"220".equals(code)) {
        return CheckResult.failure("the server greeted with " + code + ", not 220: " + response.attribute("smtp.banner"));
      }
      List<String> extensions = response.attributes().getOrDefault("smtp.extensions", List.of());
      boolean listed = extensions.stream().anyMatch(e -> e.toUpperCase(Locale.ROOT).split(" ", 2)[0].equals(wanted));
      return listed ? CheckResult.success("the server offers " + wanted).with("extensions", extensions)
          : CheckResult.failure("the server does not offer " + wanted + " (it offers " + extensions + ")")
              .with("extensions", extensions);
    };
  }
}
