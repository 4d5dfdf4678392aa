package io.taskoverflow.operator.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CertificateAuthorityTest {

  private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");

  private final CertificateAuthority ca = CertificateAuthority.generate("TaskOverflow CA", NOW);

  @Test
  void aNewCaIsASelfSignedEcCaThatSignsOnlyCertificatesAndCrlsForTenYears() throws Exception {
    X509Certificate certificate = ca.certificate();

    assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=TaskOverflow CA");
    assertThat(certificate.getIssuerX500Principal())
        .isEqualTo(certificate.getSubjectX500Principal());
    certificate.verify(certificate.getPublicKey());
    assertThat(certificate.getPublicKey().getAlgorithm()).isEqualTo("EC");
    assertThat(certificate.getSigAlgName()).isEqualTo("SHA256withECDSA");
    assertThat(certificate.getBasicConstraints()).as("path length").isZero();
    assertThat(certificate.getCriticalExtensionOIDs()).contains("2.5.29.19", "2.5.29.15");
    // digitalSignature, nonRepudiation, keyEncipherment, dataEncipherment, keyAgreement,
    // keyCertSign, cRLSign, …
    assertThat(certificate.getKeyUsage()).startsWith(false, false, false, false, false, true, true);
    assertThat(certificate.getNotBefore().toInstant()).isEqualTo(NOW.minus(Duration.ofMinutes(5)));
    assertThat(certificate.getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(3650)));
    assertThat(certificate.getSerialNumber().bitLength()).isEqualTo(159);
  }

  @Test
  void theCaSurvivesARoundTripThroughItsPem() {
    CertificateAuthority read =
        CertificateAuthority.fromPem(ca.certificatePem(), ca.privateKeyPem());

    assertThat(read.certificate()).isEqualTo(ca.certificate());
    assertThat(read.privateKeyPem()).isEqualTo(ca.privateKeyPem());
    assertThat(read.certificatePem()).isEqualTo(ca.certificatePem());
  }

  @Test
  void aKeyOfAnotherCaIsRefused() {
    CertificateAuthority other = CertificateAuthority.generate("TaskOverflow CA", NOW);

    assertThatThrownBy(
            () -> CertificateAuthority.fromPem(ca.certificatePem(), other.privateKeyPem()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("private key does not belong to the CA certificate");
  }

  @Test
  void aServerCertificateIsNoCa() {
    ServerCertificate server = ServerCertificate.issue(ca, List.of("db"), NOW);

    assertThatThrownBy(
            () -> CertificateAuthority.fromPem(server.certificatePem(), server.privateKeyPem()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("certificate is not a CA certificate");
  }

  @Test
  void aCaKnowsWhatItIssuedEvenFromAnotherCaOfTheSameName() {
    CertificateAuthority sameName = CertificateAuthority.generate("TaskOverflow CA", NOW);
    X509Certificate ours = ServerCertificate.issue(ca, List.of("db"), NOW).certificate();

    assertThat(ca.issued(ours)).isTrue();
    assertThat(sameName.issued(ours)).isFalse();
    assertThat(ca.issued(ca.certificate())).as("itself").isTrue();
  }

  @Test
  void itsTextNeverShowsTheKey() {
    assertThat(ca.toString()).isEqualTo("CertificateAuthority[CN=TaskOverflow CA]");
  }
}
