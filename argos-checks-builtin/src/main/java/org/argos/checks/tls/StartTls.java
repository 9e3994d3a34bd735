package org.argos.checks.tls;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The plain-text greeting and upgrade of each protocol that offers STARTTLS, just enough of it to reach the TLS
 * handshake: SMTP (RFC 3207), IMAP (RFC 9051), POP3 (RFC 2595) and XMPP (RFC 6120). Nothing is sent before the
 * upgrade but the commands that ask for it, so no credentials and no mail.
 */
enum StartTls {
  SMTP {
    @Override
    void upgrade(Dialogue d, String host, InetAddress local) throws IOException {
      smtpReply(d, "220", "greeting");
      d.send("EHLO " + addressLiteral(local) + "\r\n");
      if (!smtpReply(d, "250", "EHLO").contains("\nSTARTTLS\n")) {
        throw new StartTlsException("the SMTP server does not offer STARTTLS in its EHLO reply");
      }
      d.send("STARTTLS\r\n");
      smtpReply(d, "220", "STARTTLS");
    }
  },
  IMAP {
    @Override
    void upgrade(Dialogue d, String host, InetAddress local) throws IOException {
      String greeting = d.line();
      if (!startsWithIgnoreCase(greeting, "* OK")) {
        throw new StartTlsException("the IMAP server greeted with " + quote(greeting) + ", not * OK");
      }
      d.send("a STARTTLS\r\n");
      while (true) {
        String line = d.line();
        if (line.startsWith("* ")) {
          continue; // untagged data (a CAPABILITY line) before the tagged answer
        }
        if (startsWithIgnoreCase(line, "a OK")) {
          return;
        }
        throw new StartTlsException("the IMAP server refused STARTTLS: " + quote(line));
      }
    }
  },
  POP3 {
    @Override
    void upgrade(Dialogue d, String host, InetAddress local) throws IOException {
      String greeting = d.line();
      if (!greeting.startsWith("+OK")) {
        throw new StartTlsException("the POP3 server greeted with " + quote(greeting) + ", not +OK");
      }
      d.send("STLS\r\n");
      String answer = d.line();
      if (!answer.startsWith("+OK")) {
        throw new StartTlsException("the POP3 server refused STLS: " + quote(answer));
      }
    }
  },
  XMPP {
    @Override
    void upgrade(Dialogue d, String host, InetAddress local) throws IOException {
      d.send("<?xml version='1.0'?><stream:stream to='" + xmlAttribute(host) + "' version='1.0' xmlns='jabber:client'"
          + " xmlns:stream='http://etherx.jabber.org/streams'>");
      String features = xmlUntil(d, "</stream:features", "<stream:features/");
      if (!features.contains("<starttls")) {
        throw new StartTlsException("the XMPP server does not offer <starttls/> in its stream features");
      }
      d.send("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
      String answer = xmlUntil(d, "<proceed", "<failure");
      if (answer.contains("<failure")) {
        throw new StartTlsException("the XMPP server answered <failure/> to <starttls/>");
      }
    }
  };

  /**
   * Speaks the protocol up to the point where the server expects the TLS handshake.
   *
   * @param host the host name the target names (XMPP addresses its stream to it)
   * @param local the local address of the connection (SMTP's EHLO names it)
   * @throws StartTlsException when the server does not agree to the upgrade
   */
  abstract void upgrade(Dialogue d, String host, InetAddress local) throws IOException;

  /** @return the option's value, as documented */
  String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * @param value the {@code starttls} option: {@code smtp}, {@code imap}, {@code pop3}, {@code xmpp}, or {@code none}
   * @return the protocol, or null for {@code none}
   * @throws IllegalArgumentException for anything else
   */
  static @Nullable StartTls parse(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    if (v.equals("none")) {
      return null;
    }
    for (StartTls s : values()) {
      if (s.label().equals(v)) {
        return s;
      }
    }
    throw new IllegalArgumentException("starttls must be smtp, imap, pop3, xmpp or none, got '"
        + (v.length() > 32 ? v.substring(0, 32) + "…" : v) + "'");
  }

  /**
   * @return the upgrade a well-known plain-text port calls for (25 and 587 SMTP, 143 IMAP, 110 POP3, 5222 XMPP), or
   *     null for any other port (TLS from the first byte, as on 443, 465, 993, 995)
   */
  static @Nullable StartTls forPort(int port) {
    return switch (port) {
      case 25, 587 -> SMTP;
      case 143 -> IMAP;
      case 110 -> POP3;
      case 5222 -> XMPP;
      default -> null;
    };
  }

  /**
   * Reads one SMTP reply (its continuation lines {@code 250-...} up to the last {@code 250 ...}).
   *
   * @return the text of its lines, each between line feeds and upper-cased, so that a keyword is found as
   *     {@code "\nSTARTTLS\n"}
   */
  private static String smtpReply(Dialogue d, String expected, String what) throws IOException {
    StringBuilder text = new StringBuilder("\n");
    while (true) {
      String line = d.line();
      if (line.length() < 3 || !line.startsWith(expected)) {
        throw new StartTlsException("the SMTP server answered the " + what + " with " + quote(line) + ", not "
            + expected);
      }
      text.append(line.length() > 4 ? line.substring(4).trim().toUpperCase(Locale.ROOT) : "").append('\n');
      if (line.length() == 3 || line.charAt(3) != '-') {
        return text.toString();
      }
    }
  }

  /**
   * Reads the server's XML until a tag that starts with one of the prefixes is closed. Each tag is looked at once,
   * when its {@code >} arrives, so a server sending many {@code >} costs no more than the bytes it sends.
   */
  private static String xmlUntil(Dialogue d, String... prefixes) throws IOException {
    StringBuilder text = new StringBuilder(512);
    int tagStart = -1;
    while (true) {
      char c = (char) d.next(); // the prefixes are ASCII; other bytes only need to be skipped
      text.append(c);
      if (c == '<') {
        tagStart = text.length() - 1;
      }
      if (c != '>' || tagStart < 0) {
        continue;
      }
      String tag = text.substring(tagStart);
      tagStart = -1;
      if (tag.startsWith("<stream:error") || tag.startsWith("</stream:stream")) {
        throw new StartTlsException("the XMPP server ended the stream: " + quote(tag));
      }
      for (String prefix : prefixes) {
        if (tag.startsWith(prefix)) {
          return text.toString();
        }
      }
    }
  }

  private static String addressLiteral(InetAddress local) {
    String a = local.getHostAddress();
    int zone = a.indexOf('%');
    if (zone >= 0) {
      a = a.substring(0, zone);
    }
    return local instanceof Inet6Address ? "[IPv6:" + a + "]" : "[" + a + "]";
  }

  private static String xmlAttribute(String host) {
    return host.replace("&", "&amp;").replace("'", "&apos;").replace("<", "&lt;");
  }

  private static boolean startsWithIgnoreCase(String text, String prefix) {
    return text.regionMatches(true, 0, prefix, 0, prefix.length());
  }

  private static String quote(String line) {
    return "'" + (line.length() > 120 ? line.substring(0, 120) + "…" : line) + "'";
  }
}
