package io.taskoverflow.operator.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringWriter;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.util.io.pem.PemObject;
import org.junit.jupiter.api.Test;

class PemTest {

  private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");

  @Test
  void aCertificateSurvivesARoundTrip() {
    X509Certificate certificate = CertificateAuthority.generate("Test CA", NOW).certificate();

    String pem = Pem.encode(certificate);

    assertThat(pem)
        .startsWith("-----BEGIN CERTIFICATE-----\n")
        .endsWith("-----END CERTIFICATE-----\n");
    assertThat(pem.lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(64));
    assertThat(Pem.readCertificate(pem)).isEqualTo(certificate);
  }

  @Test
  void aPrivateKeyIsWrittenAsPkcs8AndReadBack() {
    PrivateKey key = KeyPairs.generate().getPrivate();

    String pem = Pem.encode(key);

    assertThat(pem)
        .startsWith("-----BEGIN PRIVATE KEY-----\n")
        .endsWith("-----END PRIVATE KEY-----\n");
    assertThat(Pem.readPrivateKey(pem).getEncoded()).isEqualTo(key.getEncoded());
  }

  @Test
  void theTraditionalKeyFormatsOfOpensslAreRead() throws Exception {
    KeyPair ec = KeyPairs.generate();
    KeyPairGenerator rsaGenerator = KeyPairGenerator.getInstance("RSA");
    rsaGenerator.initialize(2048);
    KeyPair rsa = rsaGenerator.generateKeyPair();

    String sec1 = opensslEcPem(ec);
    String pkcs1 = traditionalPem(rsa.getPrivate());

    assertThat(sec1).startsWith("-----BEGIN EC PRIVATE KEY-----");
    assertThat(pkcs1).startsWith("-----BEGIN RSA PRIVATE KEY-----");
    assertThat(KeyPairs.match(Pem.readPrivateKey(sec1), ec.getPublic())).isTrue();
    assertThat(KeyPairs.match(Pem.readPrivateKey(pkcs1), rsa.getPublic())).isTrue();
  }

  @Test
  void everyCertificateOfABundleIsReadInOrderAndTextBetweenIsIgnored() {
    X509Certificate first = CertificateAuthority.generate("First", NOW).certificate();
    X509Certificate second = CertificateAuthority.generate("Second", NOW).certificate();

    String bundle = "# first\n" + Pem.encode(first) + "\n# second\n" + Pem.encode(second);

    assertThat(Pem.readCertificates(bundle)).containsExactly(first, second);
  }

  @Test
  void textWithoutACertificateOrKeyIsRefused() {
    assertThatThrownBy(() -> Pem.readCertificate("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                Pem.readCertificate(
                    "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"))
        .isInstanceOf(IllegalArgumentException.class);
    String certificate = Pem.encode(CertificateAuthority.generate("CA", NOW).certificate());
    assertThatThrownBy(() -> Pem.readPrivateKey(certificate))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no unencrypted PEM private key");
  }

  /**
   * SEC1 as {@code openssl ecparam -genkey} writes it, with the curve and the public key inside
   * (BouncyCastle's writer would leave both out for a JDK key).
   */
  private static String opensslEcPem(KeyPair keys) throws Exception {
    PrivateKeyInfo pkcs8 = PrivateKeyInfo.getInstance(keys.getPrivate().getEncoded());
    ECPrivateKey sec1 =
        new ECPrivateKey(
            256,
            ((java.security.interfaces.ECPrivateKey) keys.getPrivate()).getS(),
            SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded()).getPublicKeyData(),
            pkcs8.getPrivateKeyAlgorithm().getParameters());
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      writer.writeObject(new PemObject("EC PRIVATE KEY", sec1.getEncoded()));
    }
    return text.toString();
  }

  private static String traditionalPem(PrivateKey key) throws Exception {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      writer.writeObject(key);
    }
    return text.toString();
  }
}
