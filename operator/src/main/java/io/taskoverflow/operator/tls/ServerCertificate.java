package io.taskoverflow.operator.tls;

import java.security.KeyPair;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;

/**
 * A TLS server's certificate and private key as PEM: {@code tls.crt} (the certificate alone;
 * clients hold the CA) and {@code tls.key} (PKCS#8), the files PostgreSQL's {@code ssl_cert_file}
 * and {@code ssl_key_file} name. Clients check the server's name against the certificate's DNS
 * names (pgjdbc {@code sslmode=verify-full}); the common name is only for people reading it. {@link
 * #toString()} never shows the key.
 */
public record ServerCertificate(String certificatePem, String privateKeyPem) {

  /** One year: a leaked key stops serving within a year, yet renewal stays a rare event. */
  public static final Duration VALIDITY = Duration.ofDays(365);

  /** RFC 5280's upper bound of a common name. */
  private static final int MAX_COMMON_NAME = 64;

  /**
   * A new key and a certificate for exactly {@code dnsNames} (lower-cased), signed by {@code ca},
   * valid for {@link #VALIDITY} but never past the CA's own end.
   */
  public static ServerCertificate issue(
      CertificateAuthority ca, Collection<String> dnsNames, Instant now) {
    Set<String> names = normalized(dnsNames);
    if (names.isEmpty()) {
      throw new IllegalArgumentException("a server certificate needs at least one DNS name");
    }
    String shortest =
        names.stream().min((a, b) -> Integer.compare(a.length(), b.length())).orElseThrow();
    // RFC 5280: a certificate without a subject must mark its alternative names critical.
    boolean withSubject = shortest.length() <= MAX_COMMON_NAME;
    X500Name subject =
        withSubject
            ? new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, shortest).build()
            : new X500Name(new RDN[0]);
    GeneralNames alternativeNames =
        new GeneralNames(
            names.stream()
                .map(name -> new GeneralName(GeneralName.dNSName, name))
                .toArray(GeneralName[]::new));
    Instant notAfter = now.plus(VALIDITY);
    if (notAfter.isAfter(ca.notAfter())) {
      notAfter = ca.notAfter();
    }
    KeyPair keys = KeyPairs.generate();
    X509Certificate certificate =
        ca.signer()
            .sign(
                subject,
                keys.getPublic(),
                now.minus(CertificateAuthority.CLOCK_SKEW),
                notAfter,
                CertificateSigner.extension(
                    Extension.basicConstraints, true, new BasicConstraints(false)),
                // ECDHE key exchange: the key only signs. (An RSA key would add keyEncipherment.)
                CertificateSigner.extension(
                    Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature)),
                CertificateSigner.extension(
                    Extension.extendedKeyUsage,
                    false,
                    new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth)),
                CertificateSigner.extension(
                    Extension.subjectAlternativeName, !withSubject, alternativeNames));
    return new ServerCertificate(Pem.encode(certificate), Pem.encode(keys.getPrivate()));
  }

  /**
   * @throws IllegalArgumentException if {@code tls.crt} holds no readable certificate
   */
  public X509Certificate certificate() {
    return Pem.readCertificate(certificatePem);
  }

  /** The certificate's DNS names, lower-cased and sorted. */
  public Set<String> dnsNames() {
    try {
      Collection<List<?>> alternativeNames = certificate().getSubjectAlternativeNames();
      Set<String> names = new TreeSet<>();
      if (alternativeNames != null) {
        for (List<?> entry : alternativeNames) {
          if (Integer.valueOf(GeneralName.dNSName).equals(entry.get(0))) {
            names.add(((String) entry.get(1)).toLowerCase(Locale.ROOT));
          }
        }
      }
      return names;
    } catch (CertificateParsingException e) {
      throw new IllegalArgumentException("unreadable subject alternative names", e);
    }
  }

  /** DNS names compare without case; sorted, so a set's order never changes a certificate. */
  static Set<String> normalized(Collection<String> dnsNames) {
    Set<String> names = new TreeSet<>();
    for (String name : dnsNames) {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("a DNS name is blank");
      }
      names.add(name.strip().toLowerCase(Locale.ROOT));
    }
    return names;
  }

  @Override
  public String toString() {
    return "ServerCertificate[certificatePem=" + certificatePem + ", privateKeyPem=****]";
  }
}
