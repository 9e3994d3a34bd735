package org.argos.config;

import java.lang.reflect.InvocationTargetException;
import java.security.Provider;
import java.util.regex.Pattern;
import org.argos.api.ArgosException;
import org.argos.checks.http.HttpProbe;

/**
 * Loads the JSSE provider the built-in probe makes its TLS connections with: {@code argos_java.tls_provider} for the
 * server, {@code --tls-provider} for an agent. The class comes from the class path or the plugins directory, so a
 * provider ships as a jar dropped beside the check plugins. Without either, the probe takes Conscrypt's, which the
 * daemon bundles, where its native library loads, else the JDK's ({@link HttpProbe#defaultTlsProvider()}).
 */
public final class TlsProviders {
  /** Conscrypt's provider (BoringSSL): about half the JDK's CPU per TLS handshake (docs/benchmarks.md). */
  public static final String CONSCRYPT = "org.conscrypt.OpenSSLProvider";
  /** The setting's value for the JDK's own provider, where Conscrypt would load. */
  public static final String JDK = "jdk";

  private static final Pattern CLASS_NAME =
      Pattern.compile("[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}]*"
          + "(\\.[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}]*)*");

  private TlsProviders() {}

  /** @return true when the text is a Java class name (the form {@code argos_java.tls_provider} takes) */
  public static boolean isClassName(String s) {
    return CLASS_NAME.matcher(s).matches();
  }

  /**
   * @param className a {@link Provider} class with a public no-argument constructor
   * @param cl where to find it (the plugins' class loader)
   * @return a new instance, checked to offer an {@code SSLContext} of type {@code TLS}
   * @throws ArgosException saying what is missing: the class, its constructor, its native library, TLS
   */
  static Provider load(String className, ClassLoader cl) {
    Class<?> c;
    try {
      c = Class.forName(className, true, cl);
    } catch (ClassNotFoundException e) {
      throw new ArgosException("no class " + className + " on the class path or in the plugins directory"
          + (className.equals(CONSCRYPT) ? " (put the org.conscrypt:conscrypt-openjdk-uber jar there)" : ""));
    } catch (LinkageError e) {
      throw new ArgosException("cannot load " + className + ": " + e, e);
    }
    if (!Provider.class.isAssignableFrom(c)) {
      throw new ArgosException(className + " is not a java.security.Provider");
    }
    Provider p;
    try {
      p = (Provider) c.getConstructor().newInstance();
    } catch (NoSuchMethodException | IllegalAccessException e) {
      throw new ArgosException(className + " has no public no-argument constructor", e);
    } catch (InvocationTargetException e) {
      throw new ArgosException("the provider " + className + " failed to start: " + e.getCause(), e.getCause());
    } catch (InstantiationException e) {
      throw new ArgosException(className + " is abstract", e);
    } catch (LinkageError e) { // a native library that does not load on this machine
      throw new ArgosException("the provider " + className + " failed to start: " + e, e);
    }
    if (p.getService("SSLContext", "TLS") == null) {
      throw new ArgosException("the provider " + className + " (" + p.getName() + ") offers no SSLContext of type TLS");
    }
    return p;
  }

  /**
   * @param className a provider class, or {@value #JDK} for the JDK's own
   * @return the built-in probe, making its TLS connections with the provider {@link #load} finds
   * @throws ArgosException as {@link #load}, or when the provider cannot make the probe's TLS context
   */
  public static HttpProbe probe(String className, ClassLoader cl) {
    if (className.equals(JDK)) {
      return HttpProbe.builder().tlsProvider(null).build();
    }
    Provider provider = load(className, cl);
    try {
      return HttpProbe.builder().tlsProvider(provider).build();
    } catch (IllegalStateException e) {
      throw new ArgosException(e.getMessage(), e);
    }
  }
}
