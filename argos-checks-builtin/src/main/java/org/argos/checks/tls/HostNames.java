package org.argos.checks.tls;

import java.net.IDN;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.security.auth.x500.X500Principal;
import org.jspecify.annotations.Nullable;

/**
 * Whether a leaf certificate names a host, as RFC 6125 and the JDK's HTTPS check judge it: an IP address matches an
 * IP address entry of the subject alternative names; a host name matches a DNS entry, exactly or through a wildcard
 * that is the whole leftmost label of a name of at least three labels, and falls back on the subject's common name
 * only when the certificate has no DNS entry at all. Written here because the JDK's checker is internal and its
 * trust manager only checks the name together with the chain, during a handshake.
 */
final class HostNames {
  private static final int DNS_NAME = 2;
  private static final int IP_ADDRESS = 7;

  private HostNames() {}

  static boolean matches(X509Certificate leaf, String host) {
    String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    List<List<?>> names = alternativeNames(leaf);
    if (isIpLiteral(h)) {
      InetAddress wanted = literal(h);
      for (List<?> entry : names) {
        if (entry.size() >= 2 && entry.get(0) instanceof Integer t && t == IP_ADDRESS
            && entry.get(1) instanceof String value && isIpLiteral(value) && wanted != null
            && wanted.equals(literal(value))) {
          return true;
        }
      }
      return false;
    }
    String name = normalize(h);
    if (name == null) {
      return false;
    }
    boolean sawDns = false;
    for (List<?> entry : names) {
      if (entry.size() >= 2 && entry.get(0) instanceof Integer t && t == DNS_NAME && entry.get(1) instanceof String v) {
        sawDns = true;
        if (matchesPattern(name, v)) {
          return true;
        }
      }
    }
    if (sawDns) {
      return false;
    }
    String cn = commonName(leaf);
    return cn != null && matchesPattern(name, cn);
  }

  private static boolean matchesPattern(String host, String pattern) {
    String p = normalize(pattern);
    if (p == null) {
      return false;
    }
    if (!p.startsWith("*.")) {
      return p.equals(host);
    }
    String suffix = p.substring(1); // ".example.org"
    if (suffix.indexOf('*') >= 0 || suffix.chars().filter(c -> c == '.').count() < 2) {
      return false; // a wildcard elsewhere, or one over a single label ("*.org"), names nothing
    }
    int dot = host.indexOf('.');
    return dot > 0 && host.substring(dot).equals(suffix);
  }

  /** @return the name in lower-case ASCII without a trailing dot, or null when it is not a valid name */
  private static @Nullable String normalize(String name) {
    String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    if (n.isEmpty() || n.length() > 253) {
      return null;
    }
    try {
      String ascii = n.startsWith("*.") ? "*." + IDN.toASCII(n.substring(2)) : IDN.toASCII(n);
      return ascii.toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static List<List<?>> alternativeNames(X509Certificate leaf) {
    try {
      Collection<List<?>> names = leaf.getSubjectAlternativeNames();
      return names == null ? List.of() : new ArrayList<>(names);
    } catch (CertificateParsingException e) {
      return List.of();
    }
  }

  /**
   * @return the most specific common name: the first CN of the subject in RFC 2253 order (values in hex, {@code #...},
   *     are left alone: no client matches host names against them)
   */
  private static @Nullable String commonName(X509Certificate leaf) {
    String dn = leaf.getSubjectX500Principal().getName(X500Principal.RFC2253);
    StringBuilder part = new StringBuilder();
    for (int i = 0; i <= dn.length(); i++) {
      char c = i < dn.length() ? dn.charAt(i) : ',';
      if (c == '\\' && i + 1 < dn.length()) {
        part.append(dn.charAt(++i));
        continue;
      }
      if (c == ',' || c == '+') {
        String rdn = part.toString();
        part.setLength(0);
        if (rdn.regionMatches(true, 0, "CN=", 0, 3)) {
          return rdn.substring(3);
        }
        continue;
      }
      part.append(c);
    }
    return null;
  }

  static boolean isIpLiteral(String host) {
    if (host.indexOf(':') >= 0) {
      return host.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.' || c == '%');
    }
    return !host.isEmpty() && host.chars().allMatch(c -> (c >= '0' && c <= '9') || c == '.')
        && host.chars().filter(c -> c == '.').count() == 3;
  }

  private static @Nullable InetAddress literal(String ip) {
    try {
      return InetAddress.getByName(ip); // an IP literal: parsed, never looked up
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
