package io.taskoverflow.operator.tls;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;

/**
 * Whether the server certificate a Secret already holds can stay. A dependent's {@code desired()}
 * runs on every reconcile and must give the same Secret each time, so it keeps what it has and
 * issues anew only for a reason named here: the certificate or key is unreadable or mismatched,
 * another CA signed it, the names changed, or it ends within {@link #WINDOW}.
 */
public final class ServerCertificateRenewal {

  /** Thirty days: weeks for a failing renewal to be seen and fixed before clients refuse. */
  public static final Duration WINDOW = Duration.ofDays(30);

  private ServerCertificateRenewal() {}

  /** {@code current} if it still serves, else a new certificate from {@code ca}. */
  public static ServerCertificate keepOrIssue(
      Optional<ServerCertificate> current,
      CertificateAuthority ca,
      Collection<String> dnsNames,
      Instant now) {
    return current
        .filter(certificate -> reasonToReissue(certificate, ca, dnsNames, now).isEmpty())
        .orElseGet(() -> ServerCertificate.issue(ca, dnsNames, now));
  }

  /** Why {@code current} must be replaced, for a log line or an Event; empty if it still serves. */
  public static Optional<String> reasonToReissue(
      ServerCertificate current,
      CertificateAuthority ca,
      Collection<String> dnsNames,
      Instant now) {
    X509Certificate certificate;
    try {
      certificate = current.certificate();
      if (!KeyPairs.match(
          Pem.readPrivateKey(current.privateKeyPem()), certificate.getPublicKey())) {
        return Optional.of("the private key does not belong to the certificate");
      }
    } catch (IllegalArgumentException e) {
      return Optional.of(e.getMessage());
    }
    if (!ca.issued(certificate)) {
      return Optional.of("another CA issued the certificate");
    }
    Set<String> wanted = ServerCertificate.normalized(dnsNames);
    if (!current.dnsNames().equals(wanted)) {
      return Optional.of("the certificate is for " + current.dnsNames() + ", not " + wanted);
    }
    Instant notAfter = certificate.getNotAfter().toInstant();
    // Near the CA's own end a new certificate would end no later; the CA must be replaced first.
    if (!now.plus(WINDOW).isBefore(notAfter) && ca.notAfter().isAfter(notAfter)) {
      return Optional.of("the certificate expires at " + notAfter);
    }
    return Optional.empty();
  }
}
