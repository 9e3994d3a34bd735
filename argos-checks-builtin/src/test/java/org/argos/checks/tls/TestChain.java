package org.argos.checks.tls;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A test certificate authority and a server certificate it signed, made at test time: the trust store holds only the
 * authority, as the JVM's holds public CAs, so an expired server certificate is judged as a real one would be (a
 * trusted self-signed certificate is a trust anchor, whose dates PKIX does not check).
 */
public final class TestChain {
  public static final char[] PASSWORD = "changeit".toCharArray();
  private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

  public final X509Certificate leaf;
  public final X509Certificate authority;
  public final KeyStore keyStore;
  public final KeyStore trustStore;

  private TestChain(X509Certificate leaf, X509Certificate authority, KeyStore keyStore, KeyStore trustStore) {
    this.leaf = leaf;
    this.authority = authority;
    this.keyStore = keyStore;
    this.trustStore = trustStore;
  }

  /**
   * @param validFor how long from now the server certificate stays valid (negative: expired that long ago)
   * @param names the DNS names it carries (127.0.0.1 and ::1 are always added)
   */
  public static TestChain serverCertificate(Duration validFor, String... names) {
    try {
      KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC");
      kpg.initialize(256);
      KeyPair caKeys = kpg.generateKeyPair();
      KeyPair leafKeys = kpg.generateKeyPair();
      Instant now = Instant.now();
      X500Name caName = new X500Name("CN=Argos test CA,O=Argos tests");
      X509v3CertificateBuilder ca = new JcaX509v3CertificateBuilder(caName, BigInteger.valueOf(SERIAL.incrementAndGet()),
          Date.from(now.minus(Duration.ofDays(30))), Date.from(now.plus(Duration.ofDays(365))), caName,
          caKeys.getPublic());
      ca.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      ca.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      JcaContentSignerBuilder signer = new JcaContentSignerBuilder("SHA256withECDSA");
      X509Certificate caCert = new JcaX509CertificateConverter().getCertificate(
          ca.build(signer.build(caKeys.getPrivate())));
      X509v3CertificateBuilder leaf = new JcaX509v3CertificateBuilder(caName,
          BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(now.minus(Duration.ofDays(10)).plus(validFor.isNegative() ? validFor : Duration.ZERO)),
          Date.from(now.plus(validFor)), new X500Name("CN=" + names[0] + ",O=Argos tests"), leafKeys.getPublic());
      GeneralName[] sans = new GeneralName[names.length + 2];
      for (int i = 0; i < names.length; i++) {
        sans[i] = new GeneralName(GeneralName.dNSName, names[i]);
      }
      sans[names.length] = new GeneralName(GeneralName.iPAddress, "127.0.0.1");
      sans[names.length + 1] = new GeneralName(GeneralName.iPAddress, "::1");
      leaf.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans));
      X509Certificate leafCert = new JcaX509CertificateConverter().getCertificate(
          leaf.build(signer.build(caKeys.getPrivate())));
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry("server", leafKeys.getPrivate(), PASSWORD, new X509Certificate[] {leafCert, caCert});
      KeyStore ts = KeyStore.getInstance("PKCS12");
      ts.load(null, null);
      ts.setCertificateEntry("ca", caCert);
      return new TestChain(leafCert, caCert, ks, ts);
    } catch (Exception e) {
      throw new IllegalStateException("cannot make a test certificate chain", e);
    }
  }
}
