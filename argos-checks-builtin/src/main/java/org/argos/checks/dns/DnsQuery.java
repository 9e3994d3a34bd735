package org.argos.checks.dns;

import java.io.IOException;
import java.net.IDN;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * One DNS question (a name and a record type) asked of one server (dnsjava builds and reads the messages,
 * {@link DnsWire} carries them), bounded in time and in what is kept of the answer. Without a server, the system's
 * resolvers (resolv.conf) are asked in turn until one answers within the time left.
 */
final class DnsQuery {
  /** The record types a check may ask for. */
  static final Set<String> TYPES = Set.of("A", "AAAA", "CNAME", "MX", "TXT", "NS", "CAA");
  /** Records kept per type: a larger answer set is cut (and said so), so one zone cannot fill the store. */
  static final int MAX_RECORDS = 64;
  /** Characters kept of one record's presentation form. */
  static final int MAX_RECORD_CHARS = 2048;

  private DnsQuery() {}

  /**
   * What the server answered.
   *
   * @param address the server that answered
   * @param server the same, {@code address:port}
   * @param rcode the response code's name ({@code NOERROR}, {@code NXDOMAIN}, {@code SERVFAIL}...)
   * @param records the answer section's records by type, each in presentation form, sorted
   * @param authoritative whether the answer had the AA flag
   * @param truncated whether records were left out (more than {@link #MAX_RECORDS} of a type, or one too long)
   * @param wire the answer's bytes as received (at most {@link DnsWire#MAX_MESSAGE})
   */
  record Answer(InetSocketAddress address, String server, String rcode, Map<String, List<String>> records,
      boolean authoritative, boolean truncated, byte[] wire) {}

  /** A question that got no answer: {@code kind} is {@code timeout}, {@code dns} (a server's name) or {@code io}. */
  static final class Failure extends Exception {
    private final String kind;
    private final String server;
    private final @Nullable InetSocketAddress address;

    Failure(String kind, @Nullable InetSocketAddress address, String server, String message,
        @Nullable Throwable cause) {
      super(message, cause);
      this.kind = kind;
      this.address = address;
      this.server = server;
    }

    /** @return the last server tried, or null when none was */
    @Nullable InetSocketAddress address() {
      return address;
    }

    String kind() {
      return kind;
    }

    /** @return the last server tried ({@code address:port}), or empty when none could be named */
    String server() {
      return server;
    }
  }

  /**
   * @param name the name asked about ({@code example.org}; an internationalised name is sent in its ASCII form)
   * @param type one of {@link #TYPES}
   * @param server {@code host[:port]} ({@code [v6]:port} for an IPv6 address with a port), or null for the system's
   * @param timeout the bound on the whole question, retries and servers included
   * @return the answer
   * @throws Failure when no server answered in time
   * @throws IllegalArgumentException when the name, type or server cannot be asked
   * @throws InterruptedException when the thread was interrupted while waiting
   */
  static Answer ask(String name, String type, @Nullable String server, Duration timeout)
      throws Failure, InterruptedException {
    int code = typeCode(type);
    Name qname = name(name);
    List<InetSocketAddress> servers = server == null ? systemServers() : List.of(resolve(server));
    long deadline = System.nanoTime() + timeout.toNanos();
    Failure last = new Failure("io", null, "", "no DNS server is configured on this system", null);
    for (int i = 0; i < servers.size(); i++) {
      InetSocketAddress to = servers.get(i);
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        break;
      }
      // each server still to ask gets an equal share of the time left: a dead first resolver leaves time for the next
      long until = System.nanoTime() + left / (servers.size() - i);
      String shown = endpoint(to);
      Message query = Message.newQuery(Record.newRecord(qname, code, DClass.IN));
      // EDNS(0) with the payload size DNS flag day 2020 settled on, so that larger answers come over UDP unfragmented
      query.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
      try {
        return answer(to, shown, DnsWire.exchange(to, query, until));
      } catch (IOException e) {
        if (Thread.interrupted()) {
          InterruptedException ie = new InterruptedException("DNS query interrupted");
          ie.initCause(e);
          throw ie;
        }
        String kind = e instanceof java.net.SocketTimeoutException ? "timeout"
            : e instanceof java.net.PortUnreachableException || e instanceof java.net.ConnectException ? "connect"
            : "io";
        last = new Failure(kind, to, shown, switch (kind) {
          case "timeout" -> "no answer from " + shown + " within "
              + Duration.ofNanos(left / (servers.size() - i)).toMillis() + " ms";
          case "connect" -> shown + " refused the question (nothing listens there)";
          default -> shown + ": " + e.getMessage();
        }, e);
      }
    }
    if (System.nanoTime() - deadline >= 0 && !last.kind().equals("timeout")) {
      throw new Failure("timeout", last.address(), last.server(), "no answer within " + timeout.toMillis() + " ms",
          last);
    }
    throw last;
  }

  private static Answer answer(InetSocketAddress to, String server, DnsWire.Reply received) {
    Message reply = received.message();
    Map<String, List<String>> byType = new TreeMap<>();
    boolean truncated = false;
    for (Record r : reply.getSection(Section.ANSWER)) {
      List<String> list = byType.computeIfAbsent(Type.string(r.getType()), t -> new ArrayList<>());
      String text = r.rdataToString();
      if (list.size() >= MAX_RECORDS || text.length() > MAX_RECORD_CHARS) {
        truncated = true;
        continue;
      }
      list.add(text);
    }
    byType.replaceAll((t, list) -> list.stream().sorted().distinct().toList());
    return new Answer(to, server, Rcode.string(reply.getRcode()), java.util.Collections.unmodifiableMap(byType),
        reply.getHeader().getFlag(Flags.AA), truncated, received.wire());
  }

  /** @return the dnsjava type code of one of {@link #TYPES} */
  static int typeCode(String type) {
    String t = type.trim().toUpperCase(Locale.ROOT);
    if (!TYPES.contains(t)) {
      throw new IllegalArgumentException("record type " + type + " is not one of " + new java.util.TreeSet<>(TYPES));
    }
    return Type.value(t);
  }

  static Name name(String name) {
    String ascii;
    try {
      ascii = IDN.toASCII(name.endsWith(".") ? name.substring(0, name.length() - 1) : name);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a domain name: " + name, e);
    }
    if (ascii.isEmpty()) {
      throw new IllegalArgumentException("the name to ask about is empty");
    }
    try {
      return Name.fromString(ascii, Name.root);
    } catch (TextParseException e) {
      throw new IllegalArgumentException("not a domain name: " + name + " (" + e.getMessage() + ")", e);
    }
  }

  /**
   * Reads {@code host}, {@code host:port}, {@code [v6]}, {@code [v6]:port} or a bare IPv6 address, without resolving.
   *
   * @return the host (brackets removed) and the port (53 when not given)
   * @throws IllegalArgumentException naming what is wrong
   */
  static InetSocketAddress parseServer(String server) {
    String s = server.trim();
    String host = s;
    int port = 53;
    if (s.startsWith("[")) {
      int end = s.indexOf(']');
      if (end < 0) {
        throw new IllegalArgumentException("server " + server + ": a '[' without ']'");
      }
      host = s.substring(1, end);
      String rest = s.substring(end + 1);
      if (!rest.isEmpty()) {
        if (!rest.startsWith(":")) {
          throw new IllegalArgumentException("server " + server + ": expected ':port' after ']'");
        }
        port = port(server, rest.substring(1));
      }
    } else if (s.indexOf(':') >= 0 && s.indexOf(':') == s.lastIndexOf(':')) {
      host = s.substring(0, s.indexOf(':'));
      port = port(server, s.substring(s.indexOf(':') + 1));
    }
    if (host.isEmpty() || host.chars().anyMatch(c -> c <= ' ' || c == '/' || c == '@')) {
      throw new IllegalArgumentException("server " + server + ": expected host[:port], such as 192.0.2.53 or "
          + "ns1.example.org:53 or [2001:db8::53]:53");
    }
    return InetSocketAddress.createUnresolved(host, port);
  }

  private static int port(String server, String text) {
    try {
      int p = Integer.parseInt(text);
      if (p >= 1 && p <= 65535) {
        return p;
      }
    } catch (NumberFormatException e) {
      // the message below
    }
    throw new IllegalArgumentException("server " + server + ": the port must be a number from 1 to 65535");
  }

  private static InetSocketAddress resolve(String server) throws Failure {
    InetSocketAddress parsed = parseServer(server);
    try {
      return new InetSocketAddress(InetAddress.getByName(parsed.getHostString()), parsed.getPort());
    } catch (UnknownHostException e) {
      throw new Failure("dns", null, server, "the DNS server name " + parsed.getHostString() + " does not resolve", e);
    }
  }

  private static List<InetSocketAddress> systemServers() {
    return ResolverConfig.getCurrentConfig().servers();
  }

  static String endpoint(InetSocketAddress a) {
    String host = a.getAddress() == null ? a.getHostString() : a.getAddress().getHostAddress();
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
  }
}
