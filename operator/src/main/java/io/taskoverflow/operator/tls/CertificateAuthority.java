package io.taskoverflow.operator.tls;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;

/**
 * The operator's own certificate authority: one key and self-signed certificate, kept in a Secret
 * ({@code ca.crt}, {@code ca.key}), which signs the server certificate of each in-cluster
 * PostgreSQL. Clients trust {@code ca.crt} alone. It may sign only end-entity certificates (path
 * length 0), so a leaked server key cannot mint further CAs. {@link #toString()} never shows the
 * key.
 */
public final class CertificateAuthority {

  /** Ten years: far longer than a server certificate, so clients' trust rarely has to move. */
  public static final Duration VALIDITY = Duration.ofDays(3650);

  /** How far back a new certificate starts, for nodes whose clocks run a little behind ours. */
  static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

  private final X509Certificate certificate;
  private final PrivateKey privateKey;

  private CertificateAuthority(X509Certificate certificate, PrivateKey privateKey) {
    this.certificate = certificate;
    this.privateKey = privateKey;
  }

  /**
   * A new CA with a new EC P-256 key, valid from a little before {@code now} for {@link #VALIDITY}.
   */
  public static CertificateAuthority generate(String commonName, Instant now) {
    KeyPair keys = KeyPairs.generate();
    X500Name name = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
    X509Certificate certificate =
        new CertificateSigner(name, keys.getPublic(), keys.getPrivate())
            .sign(
                name,
                keys.getPublic(),
                now.minus(CLOCK_SKEW),
                now.plus(VALIDITY),
                CertificateSigner.extension(
                    Extension.basicConstraints, true, new BasicConstraints(0)),
                CertificateSigner.extension(
                    Extension.keyUsage,
                    true,
                    new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)));
    return new CertificateAuthority(certificate, keys.getPrivate());
  }

  /**
   * The CA a Secret holds.
   *
   * @throws IllegalArgumentException if either text is unreadable, the certificate is not a CA's,
   *     or the key is not the certificate's
   */
  public static CertificateAuthority fromPem(String certificatePem, String privateKeyPem) {
    X509Certificate certificate = Pem.readCertificate(certificatePem);
    PrivateKey privateKey = Pem.readPrivateKey(privateKeyPem);
    if (certificate.getBasicConstraints() < 0) {
      throw new IllegalArgumentException("certificate is not a CA certificate");
    }
    if (!KeyPairs.match(privateKey, certificate.getPublicKey())) {
      throw new IllegalArgumentException("private key does not belong to the CA certificate");
    }
    return new CertificateAuthority(certificate, privateKey);
  }

  public X509Certificate certificate() {
    return certificate;
  }

  /** {@code ca.crt}: what clients trust (pgjdbc's {@code sslrootcert}). */
  public String certificatePem() {
    return Pem.encode(certificate);
  }

  /** {@code ca.key}: stays in the operator's Secret. */
  public String privateKeyPem() {
    return Pem.encode(privateKey);
  }

  /** Whether this CA signed {@code other}: its issuer is our subject and our key verifies it. */
  public boolean issued(X509Certificate other) {
    if (!other.getIssuerX500Principal().equals(certificate.getSubjectX500Principal())) {
      return false;
    }
    try {
      other.verify(certificate.getPublicKey());
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /**
   * When the CA ends. Server certificates never outlive it, so some time before this (a {@link
   * ServerCertificate#VALIDITY} at the latest) a new CA must be made and trusted by clients.
   */
  public Instant notAfter() {
    return certificate.getNotAfter().toInstant();
  }

  CertificateSigner signer() {
    return new CertificateSigner(
        X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()),
        certificate.getPublicKey(),
        privateKey);
  }

  @Override
  public String toString() {
    return "CertificateAuthority[" + certificate.getSubjectX500Principal().getName() + "]";
  }
}
