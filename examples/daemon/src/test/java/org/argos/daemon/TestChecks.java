package org.argos.daemon;

import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import org.argos.api.CheckResult;
import org.argos.api.InvalidCheckParameterException;
import org.argos.api.spi.Check;
import org.argos.api.spi.CheckProvider;
import org.argos.api.spi.ProbeResponse;

/**
 * Small stand-ins for the Argos check names, installed explicitly by the tests so config validation knows them (the
 * real ones live in argos-checks-builtin). status-is, status-in and body-contains really evaluate; the others only
 * validate their parameter's shape and pass.
 */
final class TestChecks {
  private TestChecks() {}

  static List<CheckProvider> all() {
    return List.of(
        provider("status-is", "The response status equals the given code.", "an HTTP status code, e.g. 200",
            p -> p instanceof Integer i && i >= 100 && i <= 599,
            (p, r) -> r.status() == (Integer) p ? CheckResult.success()
                : CheckResult.failure("expected status " + p + ", got " + r.status())),
        provider("status-in", "The response status is one of the given codes.", "a list of status codes",
            p -> p instanceof List<?> l && !l.isEmpty() && l.stream().allMatch(x -> x instanceof Integer),
            (p, r) -> ((List<?>) p).contains(r.status()) ? CheckResult.success()
                : CheckResult.failure("expected one of " + p + ", got " + r.status())),
        provider("body-contains", "The body contains the given text.", "a text",
            p -> p instanceof String s && !s.isEmpty(),
            (p, r) -> r.bodyText().contains((String) p) ? CheckResult.success()
                : CheckResult.failure("the body does not contain '" + p + "'")),
        passing("body-like", p -> p instanceof String),
        passing("headers-contain", p -> p instanceof List<?>),
        passing("headers-have", p -> p instanceof Map<?, ?>),
        passing("headers-like", p -> p instanceof Map<?, ?>),
        passing("json-contains", p -> p instanceof List<?>),
        passing("json-has", p -> p instanceof Map<?, ?>),
        passing("json-like", p -> p instanceof Map<?, ?>),
        passing("json-is", p -> p != null),
        passing("http-to-https", p -> p instanceof Boolean || p instanceof Integer || p instanceof List<?> || p instanceof Map<?, ?>),
        passing("ssl-certificate-expiration", "on-check"::equals));
  }

  private static CheckProvider passing(String name, Predicate<Object> valid) {
    return provider(name, "", "", valid, (p, r) -> CheckResult.success());
  }

  private static CheckProvider provider(String name, String description, String help, Predicate<Object> valid,
      BiFunction<Object, ProbeResponse, CheckResult> eval) {
    return new CheckProvider() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public String description() {
        return description;
      }

      @Override
      public String parameterHelp() {
        return help;
      }

      @Override
      public Check create(Object parameter) {
        if (parameter == null || !valid.test(parameter)) {
          throw new InvalidCheckParameterException("check " + name + ": invalid parameter " + parameter
              + (help.isEmpty() ? "" : " (expected " + help + ")"));
        }
        return (response, context) -> eval.apply(parameter, response);
      }
    };
  }
}
