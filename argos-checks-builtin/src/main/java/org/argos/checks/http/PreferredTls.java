package org.argos.checks.http;

import java.security.Provider;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * The JSSE provider a probe uses when its builder names none: Conscrypt's (BoringSSL) where its jar is on the class
 * path and its native library loads on this machine, else the JVM's default. A TLS handshake costs the probe about
 * half the CPU with Conscrypt (docs/benchmarks.md), and a fleet's HTTPS share is where its CPU goes. Looked for once
 * per JVM; the answer says why Conscrypt was not taken, for the log.
 */
final class PreferredTls {
  static final String CONSCRYPT = "org.conscrypt.OpenSSLProvider";

  /** @param provider the provider to use, or null for the JVM's default @param why what was found, for a log line */
  record Choice(@Nullable Provider provider, String why) {}

  private static final class Once {
    static final Choice CHOICE = find(CONSCRYPT, PreferredTls.class.getClassLoader());
  }

  private PreferredTls() {}

  static Choice choice() {
    return Once.CHOICE;
  }

  /** @return the named provider when it loads and makes a TLS context, else null and the reason */
  static Choice find(String className, @Nullable ClassLoader cl) {
    Provider p;
    try {
      p = (Provider) Class.forName(className, true, cl).getConstructor().newInstance();
    } catch (ClassNotFoundException e) {
      return new Choice(null, "the JDK's (" + className + " is not on the class path)");
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      // a native library that does not load on this machine, or native access denied
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      return new Choice(null, "the JDK's (" + className + " failed to start: " + cause + ")");
    }
    try {
      SSLContext.getInstance("TLS", p).init(null, null, null);
    } catch (Exception | LinkageError e) {
      return new Choice(null, "the JDK's (" + p.getName() + " cannot make a TLS context: " + e + ")");
    }
    return new Choice(p, p.getName() + " (" + className + ")");
  }
}
