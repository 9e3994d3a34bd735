package org.argos.daemon;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** HTTP/1.1 over a plain socket, for what clients such as HttpClient will not send: huge, chunked, cut-off bodies. */
final class RawHttp {
  private RawHttp() {}

  /** What the server answered: its status, and its body (read until the server closes). */
  record Answer(int status, String text) {}

  /**
   * Sends a request whose body is {@code size} bytes of {@code fill}, declared with Content-Length or sent chunked, and
   * reads the answer while the body is still being written (a server may answer before reading it all).
   */
  static Answer send(int port, String method, String path, String headers, long size, boolean chunked) throws Exception {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(60_000);
      OutputStream out = s.getOutputStream();
      String head = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + headers
          + (chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + size + "\r\n") + "\r\n";
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      Thread writer = Thread.ofVirtual().start(() -> {
        byte[] chunk = new byte[16 * 1024];
        Arrays.fill(chunk, (byte) 'a');
        try {
          for (long sent = 0; sent < size; sent += chunk.length) {
            int n = (int) Math.min(chunk.length, size - sent);
            if (chunked) {
              out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            }
            out.write(chunk, 0, n);
            if (chunked) {
              out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            }
          }
          if (chunked) {
            out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
          }
          out.flush();
        } catch (IOException e) {
          // the server answered early and closed: expected for refused bodies
        }
      });
      try {
        return read(s);
      } finally {
        writer.join(60_000);
      }
    }
  }

  /** Sends a request head announcing a body, a part of the body, then closes the connection. */
  static void abort(int port, String method, String path, String headers) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.getOutputStream().write((method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers
          + "Content-Length: 1000\r\n\r\n0123456789").getBytes(StandardCharsets.ISO_8859_1));
      s.getOutputStream().flush();
    }
  }

  private static Answer read(Socket s) throws IOException {
    BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
    String status = in.readLine();
    if (status == null) {
      throw new IOException("the server closed the connection without answering");
    }
    StringBuilder rest = new StringBuilder();
    try {
      char[] buf = new char[8192];
      for (int n; (n = in.read(buf)) > 0 && rest.length() < 100_000; ) {
        rest.append(buf, 0, n);
      }
    } catch (IOException e) {
      // a reset after the answer: what was read is enough
    }
    return new Answer(Integer.parseInt(status.split(" ")[1]), rest.toString());
  }
}
