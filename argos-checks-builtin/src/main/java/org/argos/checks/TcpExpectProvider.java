package org.argos.checks;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.argos.api.CheckResult;
import org.argos.api.spi.Check;
import org.argos.api.spi.CheckContext;
import org.argos.api.spi.ProbeRequest;
import org.argos.api.spi.ProbeResponse;
import org.argos.api.settings.Setting;
import org.argos.api.settings.Settings;
import org.argos.checks.tcp.TcpProbe;
import org.jspecify.annotations.Nullable;

/**
 * {@code tcp-expect}: after connecting to {@code tcp://host:port} and sending the optional bytes, the server sends the
 * expected text (beyond Argos). Sets the TCP probe's {@code send} and {@code expect} options, so checks asking the same
 * share one connection.
 */
public final class TcpExpectProvider extends BuiltinProvider {
  static final String NAME = "tcp-expect";

  /** Creates the provider; used by {@link java.util.ServiceLoader}. */
  public TcpExpectProvider() {
    super(NAME,
        "Fails (critical) unless the server sends the expected text (after the bytes to send, if any) before the "
            + "timeout; \\r, \\n, \\t and \\\\ in both are the control characters.",
        "the text to expect (e.g. \"220 \"), or {send: \"PING\\r\\n\", expect: \"+PONG\"}",
        List.of("220 ", Map.of("send", "PING\\r\\n", "expect", "+PONG"), Map.of("expect", "SSH-2.0")),
        Arrays.asList(null, "", 42, Map.of("send", "x"), Map.of("expect", ""), Map.of("expect", "a", "sent", "b"),
            "x".repeat(ProbeRequest.MAX_OPTION_VALUE + 1)));
  }

  @Override
  public Set<String> schemes() {
    return Set.of("tcp");
  }

  @Override
  public Check create(@Nullable Object parameter) {
    Setting p = Setting.checkParameter(NAME, parameter);
    String send = null;
    String expect;
    if (parameter instanceof Map<?, ?>) {
      Settings map = p.asObject().allowOnly("send", "expect");
      expect = text(map.required("expect"));
      send = map.optional("send").map(TcpExpectProvider::text).orElse(null);
    } else {
      expect = text(p);
    }
    return new Expect(send, expect);
  }

  private static String text(Setting s) {
    String v = s.asString();
    if (v.isEmpty() || v.length() > ProbeRequest.MAX_OPTION_VALUE) {
      throw Params.invalid(s, "expected a non-empty text of at most " + ProbeRequest.MAX_OPTION_VALUE + " characters");
    }
    return v;
  }

  private record Expect(@Nullable String send, String expect) implements Check {
    @Override
    public ProbeRequest request(ProbeRequest base) {
      ProbeRequest r = TcpConnectProvider.requireHostAndPort(NAME, base).withOption(TcpProbe.EXPECT, expect);
      return send == null ? r : r.withOption(TcpProbe.SEND, send);
    }

    @Override
    public CheckResult evaluate(ProbeResponse response, CheckContext context) {
      CheckResult none = Results.ifNoResponse(response);
      if (none != null) {
        return none;
      }
      String got = new String(response.body(), StandardCharsets.UTF_8);
      String wanted = TcpProbe.unescape(expect);
      return got.contains(wanted)
          ? Results.success("received " + Params.render(expect), expect, null)
          : Results.failure("expected " + Params.render(expect) + ", the server sent "
              + Params.render(Params.abbreviate(got, 200)) + endNote(response), expect, Params.abbreviate(got, 200));
    }

    private static String endNote(ProbeResponse response) {
      return "cap".equals(response.attribute("tcp.read-end")) ? " (read limit reached)" : "";
    }
  }
}
