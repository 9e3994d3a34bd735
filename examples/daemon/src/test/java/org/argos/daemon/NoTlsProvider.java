package org.argos.daemon;

import java.security.Provider;

/** A JSSE provider for tests that offers no TLS at all. */
public final class NoTlsProvider extends Provider {
  private static final long serialVersionUID = 1L;

  public NoTlsProvider() {
    super("ArgosTestNoTls", "1.0", "offers nothing");
  }
}
