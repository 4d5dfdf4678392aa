package io.taskoverflow.operator.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServerCertificateRenewalTest {

  private static final Instant ISSUED = Instant.parse("2026-12-01T00:00:00Z");
  private static final List<String> NAMES = ServiceDnsNames.of("todo-postgres", "shop");

  private final CertificateAuthority ca = CertificateAuthority.generate("TaskOverflow CA", ISSUED);
  private final ServerCertificate current = ServerCertificate.issue(ca, NAMES, ISSUED);

  @Test
  void aCertificateThatStillServesIsKeptReconcileAfterReconcile() {
    for (Instant now = ISSUED;
        now.isBefore(ISSUED.plus(Duration.ofDays(335)));
        now = now.plus(Duration.ofDays(7))) {
      assertThat(ServerCertificateRenewal.keepOrIssue(Optional.of(current), ca, NAMES, now))
          .as("at %s", now)
          .isSameAs(current);
    }
  }

  @Test
  void theSameNamesInAnotherOrderAndCaseStillServe() {
    List<String> reordered =
        List.of(
            "TODO-postgres.shop", "todo-postgres.shop.svc.cluster.local", "todo-postgres.shop.svc");

    assertThat(ServerCertificateRenewal.reasonToReissue(current, ca, reordered, ISSUED)).isEmpty();
  }

  @Test
  void withoutACertificateOneIsIssued() {
    ServerCertificate issued =
        ServerCertificateRenewal.keepOrIssue(Optional.empty(), ca, NAMES, ISSUED);

    assertThat(ca.issued(issued.certificate())).isTrue();
    assertThat(issued.dnsNames()).containsExactlyInAnyOrderElementsOf(NAMES);
  }

  @Test
  void withinThirtyDaysOfItsEndACertificateIsRenewed() {
    Instant renewal = ISSUED.plus(Duration.ofDays(365 - 30));

    assertThat(
            ServerCertificateRenewal.reasonToReissue(current, ca, NAMES, renewal.minusSeconds(1)))
        .isEmpty();
    assertThat(ServerCertificateRenewal.reasonToReissue(current, ca, NAMES, renewal))
        .hasValueSatisfying(reason -> assertThat(reason).startsWith("the certificate expires at"));
    ServerCertificate renewed =
        ServerCertificateRenewal.keepOrIssue(Optional.of(current), ca, NAMES, renewal);
    assertThat(renewed.certificate().getNotAfter()).isAfter(current.certificate().getNotAfter());
  }

  @Test
  void nearTheEndOfTheCaTheCertificateIsKeptRatherThanReissuedEveryReconcile() {
    Instant lateInCaLife = ISSUED.plus(CertificateAuthority.VALIDITY).minus(Duration.ofDays(20));
    ServerCertificate last = ServerCertificate.issue(ca, NAMES, lateInCaLife);

    assertThat(
            ServerCertificateRenewal.reasonToReissue(last, ca, NAMES, lateInCaLife.plusSeconds(60)))
        .isEmpty();
  }

  @Test
  void otherNamesAreAReason() {
    List<String> moreNames = List.of("todo-postgres", "todo-postgres.other");

    assertThat(ServerCertificateRenewal.reasonToReissue(current, ca, moreNames, ISSUED))
        .hasValue(
            "the certificate is for [todo-postgres.shop, todo-postgres.shop.svc,"
                + " todo-postgres.shop.svc.cluster.local], not [todo-postgres, todo-postgres.other]");
    assertThat(ServerCertificateRenewal.reasonToReissue(current, ca, NAMES.subList(0, 2), ISSUED))
        .as("fewer names")
        .isPresent();
  }

  @Test
  void anotherCaIsAReason() {
    CertificateAuthority replaced = CertificateAuthority.generate("TaskOverflow CA", ISSUED);

    assertThat(ServerCertificateRenewal.reasonToReissue(current, replaced, NAMES, ISSUED))
        .hasValue("another CA issued the certificate");
  }

  @Test
  void aKeyThatIsNotTheCertificatesIsAReason() {
    ServerCertificate other = ServerCertificate.issue(ca, NAMES, ISSUED);
    ServerCertificate mixed =
        new ServerCertificate(current.certificatePem(), other.privateKeyPem());

    assertThat(ServerCertificateRenewal.reasonToReissue(mixed, ca, NAMES, ISSUED))
        .hasValue("the private key does not belong to the certificate");
  }

  @Test
  void unreadableTextIsAReason() {
    ServerCertificate garbled = new ServerCertificate("not a certificate", current.privateKeyPem());
    ServerCertificate keyless = new ServerCertificate(current.certificatePem(), "");

    assertThat(ServerCertificateRenewal.reasonToReissue(garbled, ca, NAMES, ISSUED))
        .hasValueSatisfying(reason -> assertThat(reason).startsWith("no readable PEM certificate"));
    assertThat(ServerCertificateRenewal.reasonToReissue(keyless, ca, NAMES, ISSUED))
        .hasValue("no unencrypted PEM private key found");
  }
}
