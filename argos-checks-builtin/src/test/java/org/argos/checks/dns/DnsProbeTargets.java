package org.argos.checks.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import org.argos.api.IpVersion;
import org.argos.api.spi.ProbeRequest;
import org.argos.api.spi.ProbeResponse;
import org.argos.testkit.ProbeTargets;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;

/**
 * A small DNS server on 127.0.0.1 (UDP and TCP on one port) that behaves as the probe kit asks, told by the first
 * label of the question: {@code answer-<token>} is answered over UDP with a TXT record holding the token; for
 * {@code trickle}, {@code close} and {@code endless} the UDP answer is truncated, so the probe asks again over TCP,
 * where the server sends a byte now and then, closes at once, or answers the largest message (more TXT records than
 * the probe keeps). A silent UDP port and a closed one stand for the silent and refusing servers.
 */
final class DnsProbeTargets implements ProbeTargets {
  private final DatagramSocket udp;
  private final ServerSocket tcp;
  private final DatagramSocket silent;
  private final int refused;

  DnsProbeTargets() throws IOException {
    InetAddress lo = InetAddress.getLoopbackAddress();
    IOException last = null;
    DatagramSocket u = null;
    ServerSocket t = null;
    for (int i = 0; i < 20 && t == null; i++) {
      u = new DatagramSocket(0, lo);
      try {
        t = new ServerSocket(u.getLocalPort(), 50, lo);
      } catch (IOException taken) {
        u.close();
        last = taken;
      }
    }
    if (t == null) {
      throw last;
    }
    udp = u;
    tcp = t;
    silent = new DatagramSocket(0, lo);
    try (DatagramSocket closed = new DatagramSocket(0, lo)) {
      refused = closed.getLocalPort();
    }
    Thread.ofVirtual().name("kit-dns-udp").start(this::serveUdp);
    Thread.ofVirtual().name("kit-dns-tcp").start(this::acceptTcp);
  }

  private static ProbeRequest request(String name, int port, Duration timeout) {
    return ProbeRequest.of("dns://" + name + ".kit.example", IpVersion.IPV4, timeout).withOption("type", "TXT")
        .withOption("server", "127.0.0.1:" + port);
  }

  @Override
  public ProbeRequest answering(String token, Duration timeout) {
    return request("answer-" + token.toLowerCase(Locale.ROOT), udp.getLocalPort(), timeout);
  }

  @Override
  public void assertAnswered(ProbeResponse response, String token) {
    assertThat(response.error()).as("error").isNull();
    assertThat(response.attribute("dns.rcode")).isEqualTo("NOERROR");
    assertThat(response.attributes().get("dns.records.TXT")).containsExactly("\"" + token.toLowerCase(Locale.ROOT)
        + "\"");
  }

  @Override
  public ProbeRequest refusing(Duration timeout) {
    return request("answer-refused", refused, timeout);
  }

  @Override
  public ProbeRequest silent(Duration timeout) {
    return request("answer-silent", silent.getLocalPort(), timeout);
  }

  @Override
  public ProbeRequest trickling(Duration timeout) {
    return request("trickle", udp.getLocalPort(), timeout);
  }

  @Override
  public ProbeRequest closing(Duration timeout) {
    return request("close", udp.getLocalPort(), timeout);
  }

  @Override
  public ProbeRequest endless(Duration timeout) {
    return request("endless", udp.getLocalPort(), timeout);
  }

  private void serveUdp() {
    byte[] buffer = new byte[4096];
    while (!udp.isClosed()) {
      try {
        DatagramPacket p = new DatagramPacket(buffer, buffer.length);
        udp.receive(p);
        Message query = new Message(Arrays.copyOf(buffer, p.getLength()));
        Message reply = reply(query);
        if (!label(query).startsWith("answer-")) {
          reply.getHeader().setFlag(Flags.TC);
        } else {
          String token = label(query).substring("answer-".length());
          reply.addRecord(new TXTRecord(query.getQuestion().getName(), DClass.IN, 60, token), Section.ANSWER);
        }
        byte[] out = reply.toWire();
        udp.send(new DatagramPacket(out, out.length, p.getSocketAddress()));
      } catch (IOException e) {
        // closed, or a datagram that was no query: go on until closed
      }
    }
  }

  private void acceptTcp() {
    while (!tcp.isClosed()) {
      try {
        Socket s = tcp.accept();
        Thread.ofVirtual().start(() -> serveTcp(s));
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void serveTcp(Socket socket) {
    try (socket) {
      InputStream in = socket.getInputStream();
      byte[] prefix = in.readNBytes(2);
      Message query = new Message(in.readNBytes(((prefix[0] & 0xff) << 8) | (prefix[1] & 0xff)));
      OutputStream out = socket.getOutputStream();
      switch (label(query)) {
        case "trickle" -> {
          out.write(0x7f); // a length the server never completes
          while (!tcp.isClosed()) {
            out.write(0);
            out.flush();
            Thread.sleep(50);
          }
        }
        case "endless" -> {
          Message reply = reply(query);
          String text = "x".repeat(200);
          for (int i = 0; i < 300; i++) {
            reply.addRecord(new TXTRecord(query.getQuestion().getName(), DClass.IN, 60, i + text), Section.ANSWER);
          }
          byte[] wire = reply.toWire(65535);
          out.write(new byte[] {(byte) (wire.length >>> 8), (byte) wire.length});
          out.write(wire);
          out.flush();
          in.read(); // until the probe closes the connection
        }
        default -> {
          // close: nothing
        }
      }
    } catch (IOException | InterruptedException e) {
      // the probe went away, or the targets were closed
    }
  }

  private static Message reply(Message query) {
    Message reply = new Message(query.getHeader().getID());
    reply.getHeader().setFlag(Flags.QR);
    reply.getHeader().setRcode(Rcode.NOERROR);
    reply.addRecord(query.getQuestion(), Section.QUESTION);
    return reply;
  }

  private static String label(Message query) {
    Name name = query.getQuestion().getName();
    return name.getLabelString(0).toLowerCase(Locale.ROOT);
  }

  @Override
  public void close() {
    udp.close();
    silent.close();
    try {
      tcp.close();
    } catch (IOException e) {
      // closing anyway
    }
  }
}
