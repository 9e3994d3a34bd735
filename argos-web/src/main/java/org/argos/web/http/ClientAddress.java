package org.argos.web.http;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import org.argos.config.TrustedProxies;

/**
 * The client's address, for the login throttle, logs, agent ids and anything else that names the client: the TCP
 * peer, unless the peer is one of {@code argos_java.trusted_proxies}; then the right-most address of the
 * {@code X-Forwarded-For} chain that is not a trusted proxy.
 */
public final class ClientAddress {
  private ClientAddress() {}

  /** @return the client's address of this request, given the proxies to believe */
  public static String of(Context ctx, TrustedProxies proxies) {
    List<String> forwarded = new ArrayList<>();
    var lines = ctx.req().getHeaders("X-Forwarded-For");
    while (lines != null && lines.hasMoreElements()) {
      forwarded.add(lines.nextElement());
    }
    return proxies.clientAddress(ctx.req().getRemoteAddr(), forwarded);
  }
}
