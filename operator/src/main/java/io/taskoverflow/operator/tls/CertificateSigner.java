package io.taskoverflow.operator.tls;

import java.io.IOException;
import java.math.BigInteger;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Signs certificates with an issuer's key: the part every certificate of ours shares (random
 * serial, key identifiers, signature), BouncyCastle's builder behind one call. It uses the JDK's
 * providers and registers none, so nothing changes for the rest of the operator.
 */
final class CertificateSigner {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final X500Name issuer;
  private final PublicKey issuerPublicKey;
  private final PrivateKey issuerKey;

  CertificateSigner(X500Name issuer, PublicKey issuerPublicKey, PrivateKey issuerKey) {
    this.issuer = issuer;
    this.issuerPublicKey = issuerPublicKey;
    this.issuerKey = issuerKey;
  }

  X509Certificate sign(
      X500Name subject,
      PublicKey subjectKey,
      Instant notBefore,
      Instant notAfter,
      Extension... extensions) {
    try {
      JcaX509ExtensionUtils keyIds = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
                  issuer,
                  serialNumber(),
                  Date.from(notBefore),
                  Date.from(notAfter),
                  subject,
                  subjectKey)
              .addExtension(
                  Extension.subjectKeyIdentifier,
                  false,
                  keyIds.createSubjectKeyIdentifier(subjectKey))
              .addExtension(
                  Extension.authorityKeyIdentifier,
                  false,
                  keyIds.createAuthorityKeyIdentifier(issuerPublicKey));
      for (Extension extension : extensions) {
        builder.addExtension(extension);
      }
      return new JcaX509CertificateConverter()
          .getCertificate(
              builder.build(
                  new JcaContentSignerBuilder(KeyPairs.signatureAlgorithm(issuerKey))
                      .build(issuerKey)));
    } catch (CertIOException | OperatorCreationException | CertificateException e) {
      throw new IllegalStateException("cannot sign a certificate for " + subject, e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 (for key identifiers) is part of every JRE", e);
    }
  }

  /** An extension of {@code type}; the values we build always encode. */
  static Extension extension(ASN1ObjectIdentifier type, boolean critical, ASN1Encodable value) {
    try {
      return Extension.create(type, critical, value);
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode " + type, e);
    }
  }

  /** 159 random bits: positive, at most 20 octets (RFC 5280), unique without a counter. */
  private static BigInteger serialNumber() {
    return new BigInteger(159, RANDOM).setBit(158);
  }
}
