package org.argos.checks;

import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Self-signed server certificates made at test time, valid for localhost, 127.0.0.1 and ::1. Public for the probe's
 * tests in {@code org.argos.checks.http}.
 */
public final class TestCertificates {
  public static final char[] PASSWORD = "changeit".toCharArray();
  private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

  public final X509Certificate certificate;
  public final KeyStore keyStore;
  public final KeyStore trustStore;

  private TestCertificates(X509Certificate certificate, KeyStore keyStore, KeyStore trustStore) {
    this.certificate = certificate;
    this.keyStore = keyStore;
    this.trustStore = trustStore;
  }

  /** @param validFor how long from now the certificate stays valid */
  public static TestCertificates expiringIn(Duration validFor) {
    try {
      KeyPairGenerator kpg = KeyPairGenerator.getInstance("RSA");
      kpg.initialize(2048);
      KeyPair kp = kpg.generateKeyPair();
      X500Name name = new X500Name("CN=localhost,O=Argos tests");
      Instant now = Instant.now();
      X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(SERIAL.incrementAndGet()),
          Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(validFor)), name, kp.getPublic());
      b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
          new GeneralName(GeneralName.dNSName, "localhost"),
          new GeneralName(GeneralName.dNSName, "secure.argos.test"),
          new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
          new GeneralName(GeneralName.iPAddress, "::1")}));
      ContentSigner signer = new JcaContentSignerBuilder("SHA256withRSA").build(kp.getPrivate());
      X509Certificate cert = new JcaX509CertificateConverter().getCertificate(b.build(signer));
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry("server", kp.getPrivate(), PASSWORD, new X509Certificate[] {cert});
      KeyStore ts = KeyStore.getInstance("PKCS12");
      ts.load(null, null);
      ts.setCertificateEntry("server", cert);
      return new TestCertificates(cert, ks, ts);
    } catch (Exception e) {
      throw new IllegalStateException("cannot make a test certificate", e);
    }
  }

  /** Writes the server key store to a file, for servers (WireMock) that only read key stores from disk. */
  public Path writeKeyStore(Path dir) throws Exception {
    Path file = Files.createTempFile(dir, "server", ".p12");
    try (OutputStream out = Files.newOutputStream(file)) {
      keyStore.store(out, PASSWORD);
    }
    return file;
  }
}
