package org.argos.api.spi;

/**
 * Does the I/O for one request group. Implementations are thread-safe; the engine calls {@link #execute} from many
 * virtual threads at once.
 */
public interface Probe extends AutoCloseable {
  /**
   * The request option that pins the address a probe connects to: an IP literal ({@code 10.0.0.3},
   * {@code 2001:db8::3}) that the probe uses instead of resolving the request's host, while keeping the host's name
   * wherever the protocol carries it (the HTTP {@code Host} header, the TLS server name and the certificate's host
   * name check). The engine sets it for sites with {@code addresses: all}, once per address {@link #addresses} gave;
   * a probe that returns addresses must honour it. It applies to the request's own host only, not to a redirect's.
   */
  String ADDRESS_OPTION = "address";

  /**
   * The addresses this probe would connect to for the request, in the order it would try them: the host's A or AAAA
   * records as {@link ProbeRequest#ipVersion()} says, resolved as {@link #execute} resolves them, within the request's
   * timeout. The engine asks for them to probe each address of a site with {@code addresses: all} on its own
   * (pinning it with {@link #ADDRESS_OPTION}), and to bound how many probes reach one address at once.
   *
   * <p>The default, for probes that do not connect to a host's addresses (DNS queries, heartbeats) or do not say:
   * none, and the engine then runs the request as it is. A name that does not resolve gives none too: the probe run
   * reports why.
   *
   * @param request the request
   * @return the addresses, in the probe's order; empty when unknown
   * @throws InterruptedException when the engine gives up on the run
   */
  default java.util.List<java.net.InetAddress> addresses(ProbeRequest request) throws InterruptedException {
    return java.util.List.of();
  }

  /**
   * Runs the request. Transport failures are returned as a response with {@link ProbeResponse#error()} set, not
   * thrown. The probe must end within {@link ProbeRequest#timeout()} (the engine interrupts it shortly after).
   *
   * @param request what to fetch
   * @return the snapshot every check of the group evaluates
   * @throws InterruptedException when the engine gives up on the probe
   */
  ProbeResponse execute(ProbeRequest request) throws InterruptedException;

  /** Releases connections and threads. */
  @Override
  default void close() {}
}
