package io.taskoverflow.operator.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ServerCertificateTest {

  private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");
  private static final List<String> NAMES = ServiceDnsNames.of("todo-postgres", "shop");

  private final CertificateAuthority ca = CertificateAuthority.generate("TaskOverflow CA", NOW);

  @Test
  void aServerCertificateIsForItsNamesAndServerAuthenticationOnlyForOneYear() throws Exception {
    ServerCertificate server = ServerCertificate.issue(ca, NAMES, NOW);
    X509Certificate certificate = server.certificate();

    assertThat(server.dnsNames())
        .containsExactlyInAnyOrder(
            "todo-postgres.shop.svc", "todo-postgres.shop.svc.cluster.local", "todo-postgres.shop");
    assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=todo-postgres.shop");
    assertThat(certificate.getBasicConstraints()).as("not a CA").isEqualTo(-1);
    assertThat(certificate.getKeyUsage())
        .startsWith(true, false, false, false, false, false, false);
    assertThat(certificate.getCriticalExtensionOIDs()).contains("2.5.29.15");
    assertThat(certificate.getCriticalExtensionOIDs()).doesNotContain("2.5.29.17");
    assertThat(certificate.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
    assertThat(certificate.getPublicKey().getAlgorithm()).isEqualTo("EC");
    assertThat(certificate.getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(365)));
    assertThat(server.certificatePem()).containsOnlyOnce("BEGIN CERTIFICATE");
    assertThat(server.privateKeyPem()).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(
            KeyPairs.match(Pem.readPrivateKey(server.privateKeyPem()), certificate.getPublicKey()))
        .isTrue();
  }

  @Test
  void itsChainValidatesWithTheJdksPkixAgainstTheCaAlone() throws Exception {
    X509Certificate certificate = ServerCertificate.issue(ca, NAMES, NOW).certificate();

    validate(certificate, ca.certificate(), NOW.plus(Duration.ofDays(1)));
  }

  @Test
  void itsChainDoesNotValidateAgainstAnotherCaOfTheSameName() {
    X509Certificate certificate = ServerCertificate.issue(ca, NAMES, NOW).certificate();
    CertificateAuthority other = CertificateAuthority.generate("TaskOverflow CA", NOW);

    assertThatThrownBy(
            () -> validate(certificate, other.certificate(), NOW.plus(Duration.ofDays(1))))
        .isInstanceOf(CertPathValidatorException.class);
  }

  @Test
  void itNeverOutlivesItsCa() {
    Instant lateInCaLife = NOW.plus(CertificateAuthority.VALIDITY).minus(Duration.ofDays(10));

    X509Certificate certificate = ServerCertificate.issue(ca, NAMES, lateInCaLife).certificate();

    assertThat(certificate.getNotAfter()).isEqualTo(ca.certificate().getNotAfter());
  }

  @Test
  void namesAreComparedWithoutCaseAndOrder() {
    ServerCertificate server = ServerCertificate.issue(ca, List.of("B.example", "a.example"), NOW);

    assertThat(server.dnsNames()).containsExactly("a.example", "b.example");
  }

  @Test
  void withoutANameShortEnoughForACommonNameTheSubjectIsEmptyAndTheNamesCritical() {
    String longName = "a".repeat(40) + "." + "b".repeat(40) + ".svc";

    X509Certificate certificate = ServerCertificate.issue(ca, List.of(longName), NOW).certificate();

    assertThat(certificate.getSubjectX500Principal().getName()).isEmpty();
    assertThat(certificate.getCriticalExtensionOIDs()).contains("2.5.29.17");
  }

  @Test
  void aCertificateNeedsANonBlankName() {
    assertThatThrownBy(() -> ServerCertificate.issue(ca, Set.of(), NOW))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ServerCertificate.issue(ca, List.of(" "), NOW))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void itsTextNeverShowsTheKey() {
    ServerCertificate server = ServerCertificate.issue(ca, NAMES, NOW);

    assertThat(server.toString())
        .doesNotContain(server.privateKeyPem())
        .endsWith("privateKeyPem=****]");
  }

  static void validate(X509Certificate certificate, X509Certificate trusted, Instant at)
      throws Exception {
    PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(trusted, null)));
    parameters.setRevocationEnabled(false);
    parameters.setDate(Date.from(at));
    CertPathValidator.getInstance("PKIX")
        .validate(
            CertificateFactory.getInstance("X.509").generateCertPath(List.of(certificate)),
            parameters);
  }
}
