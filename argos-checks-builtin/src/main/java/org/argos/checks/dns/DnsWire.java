package org.argos.checks.dns;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.WireParseException;

/**
 * One DNS exchange on the calling thread: the query over UDP, then over TCP when the answer is truncated, with plain
 * blocking sockets bounded by a deadline. dnsjava's own resolvers run a shared selector thread that outlives every
 * probe; this way a closed probe leaves no thread behind, and a virtual thread's interrupt ends the exchange.
 */
final class DnsWire {
  /** The largest DNS message: its TCP length prefix is 16 bits, and a UDP datagram is no larger. */
  static final int MAX_MESSAGE = 65535;

  private DnsWire() {}

  /** An answer and its bytes as they came (UDP datagram or TCP message without its length prefix). */
  record Reply(Message message, byte[] wire) {}

  /**
   * @param deadline {@link System#nanoTime()} by which the answer must have come
   * @return the server's answer to {@code query} (same id), and its bytes
   * @throws SocketTimeoutException when the deadline passed first
   * @throws IOException when the server cannot be reached or answers something that is no DNS message
   */
  static Reply exchange(InetSocketAddress server, Message query, long deadline) throws IOException {
    byte[] wire = query.toWire(MAX_MESSAGE);
    int id = query.getHeader().getID();
    try (DatagramSocket udp = new DatagramSocket()) {
      udp.connect(server);
      udp.send(new DatagramPacket(wire, wire.length));
      byte[] buffer = new byte[MAX_MESSAGE];
      while (true) {
        udp.setSoTimeout(millisLeft(deadline));
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        udp.receive(packet);
        byte[] bytes = Arrays.copyOf(buffer, packet.getLength());
        Message reply;
        try {
          reply = new Message(bytes);
        } catch (WireParseException garbage) {
          continue; // not a DNS message: wait for the real answer until the deadline
        }
        if (reply.getHeader().getID() != id) {
          continue;
        }
        if (!reply.getHeader().getFlag(Flags.TC)) {
          return new Reply(reply, bytes);
        }
        break;
      }
    }
    return overTcp(server, wire, id, deadline);
  }

  private static Reply overTcp(InetSocketAddress server, byte[] wire, int id, long deadline) throws IOException {
    try (Socket tcp = new Socket()) {
      tcp.connect(server, millisLeft(deadline));
      OutputStream out = tcp.getOutputStream();
      out.write(new byte[] {(byte) (wire.length >>> 8), (byte) wire.length});
      out.write(wire);
      out.flush();
      InputStream in = tcp.getInputStream();
      byte[] prefix = read(tcp, in, 2, deadline);
      int length = ((prefix[0] & 0xff) << 8) | (prefix[1] & 0xff);
      byte[] bytes = read(tcp, in, length, deadline);
      Message reply = new Message(bytes);
      if (reply.getHeader().getID() != id) {
        throw new WireParseException("the TCP answer is for another query (id " + reply.getHeader().getID() + ")");
      }
      return new Reply(reply, bytes);
    }
  }

  /** Reads exactly n bytes, each read bounded by the time left, so a trickling server cannot pass the deadline. */
  private static byte[] read(Socket socket, InputStream in, int n, long deadline) throws IOException {
    byte[] out = new byte[n];
    int got = 0;
    while (got < n) {
      socket.setSoTimeout(millisLeft(deadline));
      int r = in.read(out, got, n - got);
      if (r < 0) {
        throw new java.io.EOFException("the server closed the TCP connection after " + got + " of " + n + " bytes");
      }
      got += r;
    }
    return out;
  }

  private static int millisLeft(long deadline) throws SocketTimeoutException {
    long left = (deadline - System.nanoTime()) / 1_000_000;
    if (left <= 0) {
      throw new SocketTimeoutException("timed out");
    }
    return (int) Math.min(Integer.MAX_VALUE, left);
  }
}
