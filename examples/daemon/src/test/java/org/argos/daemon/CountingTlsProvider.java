package org.argos.daemon;

import java.security.KeyManagementException;
import java.security.NoSuchAlgorithmException;
import java.security.NoSuchProviderException;
import java.security.Provider;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * A JSSE provider for tests: its {@code SSLContext} of type {@code TLS} is the JDK's, and it counts the contexts
 * initialised through it, so a test sees that the probe's TLS connections went through the configured provider.
 */
public final class CountingTlsProvider extends Provider {
  private static final long serialVersionUID = 1L;
  static final AtomicInteger INITIALISED = new AtomicInteger();

  public CountingTlsProvider() {
    super("ArgosTestCounting", "1.0", "the JDK's TLS, counted");
    putService(new Service(this, "SSLContext", "TLS", CountingContext.class.getName(), List.of(), Map.of()) {
      @Override
      public Object newInstance(Object constructorParameter) throws NoSuchAlgorithmException {
        return new CountingContext();
      }
    });
  }

  /** Delegates to the JDK's context. */
  static final class CountingContext extends SSLContextSpi {
    private final SSLContext jdk;

    CountingContext() throws NoSuchAlgorithmException {
      try {
        jdk = SSLContext.getInstance("TLS", "SunJSSE");
      } catch (NoSuchProviderException e) {
        throw new NoSuchAlgorithmException(e);
      }
    }

    @Override
    protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom random) throws KeyManagementException {
      jdk.init(km, tm, random);
      INITIALISED.incrementAndGet();
    }

    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
      return jdk.getSocketFactory();
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
      return jdk.getServerSocketFactory();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine() {
      return jdk.createSSLEngine();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine(String host, int port) {
      return jdk.createSSLEngine(host, port);
    }

    @Override
    protected SSLSessionContext engineGetServerSessionContext() {
      return jdk.getServerSessionContext();
    }

    @Override
    protected SSLSessionContext engineGetClientSessionContext() {
      return jdk.getClientSessionContext();
    }
  }
}
