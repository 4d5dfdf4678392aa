package io.taskoverflow.operator.rds;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskoverflow.operator.aws.RdsInstance;
import java.security.cert.CertificateException;
import java.sql.SQLException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** What a failed login as master tells the user, from what pgjdbc reports. */
class JdbcMasterLoginTest {

  private static final RdsInstance INSTANCE =
      RdsInstance.builder().identifier("shop-todo").status("available").build();

  @Test
  void aCertificateWithoutChainToTheBundleNeedsAnotherBundle() {
    SSLHandshakeException handshake = new SSLHandshakeException("PKIX path building failed");
    handshake.initCause(new CertificateException("unable to find valid certification path"));
    SQLException refused = new SQLException("SSL error: PKIX path building failed", "08006");
    refused.initCause(handshake);

    RdsObservation.Blocked blocked = refusal(refused, false);

    assertThat(blocked.reason()).isEqualTo("ServerCertificateNotVerified");
    assertThat(blocked.actionRequired()).isTrue();
    assertThat(blocked.message())
        .contains("certificate of RDS instance shop-todo could not be verified")
        .contains("aws.rds.caBundle")
        .contains("PKIX path building failed");
  }

  @Test
  void aCertificateForAnotherNameIsNotVerifiedEither() {
    SQLException refused =
        new SQLException(
            "The hostname localhost could not be verified by hostnameverifier"
                + " PgjdbcHostnameVerifier.",
            "08006");

    assertThat(refusal(refused, false).reason()).isEqualTo("ServerCertificateNotVerified");
  }

  @Test
  void aRefusedPasswordNeedsTheUserOnlyWhenTheyWroteIt() {
    SQLException refused =
        new SQLException("FATAL: password authentication failed for user \"legacy\"", "28P01");

    RdsObservation.Blocked users = refusal(refused, true);
    RdsObservation.Blocked operators = refusal(refused, false);

    assertThat(users.reason()).isEqualTo("MasterCredentialsRejected");
    assertThat(users.actionRequired()).isTrue();
    assertThat(users.message())
        .startsWith("the username and password of Secret legacy do not log in to RDS instance")
        .contains("password authentication failed");
    assertThat(operators.actionRequired()).as("a password reset on its way").isFalse();
  }

  @Test
  void noAnswerPassesByItself() {
    RdsObservation.Blocked blocked =
        refusal(new SQLException("Connection to localhost:1 refused", "08001"), true);

    assertThat(blocked.reason()).isEqualTo("InstanceUnreachable");
    assertThat(blocked.actionRequired()).isFalse();
    assertThat(blocked.message())
        .isEqualTo(
            "cannot reach RDS instance shop-todo to set up the role: Connection to localhost:1"
                + " refused");
  }

  private static RdsObservation.Blocked refusal(SQLException e, boolean usersOwn) {
    return JdbcMasterLogin.refusal(
        INSTANCE, e, "to set up the role", "the username and password of Secret legacy", usersOwn);
  }
}
