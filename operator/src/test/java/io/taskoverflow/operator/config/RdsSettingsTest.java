package io.taskoverflow.operator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskoverflow.operator.tls.RdsCaBundle;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The RDS part of the operator's environment, as the Helm chart sets it. */
class RdsSettingsTest {

  @Test
  void nothingIsNeededWithoutRds() {
    RdsSettings rds = OperatorConfig.fromEnv(Map.of()).rds();

    assertThat(rds.region()).isEmpty();
    assertThat(rds.endpointOverride()).isEmpty();
    assertThat(rds.subnetGroup()).isEmpty();
    assertThat(rds.securityGroupIds()).isEmpty();
    assertThat(rds.fastPoll()).isEqualTo(RdsSettings.DEFAULT_FAST_POLL);
    assertThat(rds.slowPoll()).isEqualTo(RdsSettings.DEFAULT_SLOW_POLL);
    assertThat(rds.caBundle()).as("the shipped RDS CA bundle").isEmpty();
  }

  @Test
  void anotherCaBundleIsReadFromItsFileAtStartup(@TempDir Path dir) throws Exception {
    String pem = RdsCaBundle.pem().substring(0, RdsCaBundle.pem().indexOf("-----END") + 26);
    Path bundle = Files.writeString(dir.resolve("govcloud.pem"), pem);

    RdsSettings rds = OperatorConfig.fromEnv(Map.of("RDS_CA_BUNDLE_FILE", bundle.toString())).rds();

    assertThat(rds.caBundle()).contains(pem);
    assertRefused(
        Map.of("RDS_CA_BUNDLE_FILE", dir.resolve("missing.pem").toString()),
        "RDS_CA_BUNDLE_FILE: cannot read");
    Path notPem = Files.writeString(dir.resolve("not.pem"), "not a certificate");
    assertRefused(
        Map.of("RDS_CA_BUNDLE_FILE", notPem.toString()),
        "RDS_CA_BUNDLE_FILE: '" + notPem + "' holds no readable PEM certificates");
  }

  @Test
  void everySettingIsRead() {
    RdsSettings rds =
        OperatorConfig.fromEnv(
                Map.of(
                    "AWS_REGION", "eu-west-1",
                    "AWS_ENDPOINT_OVERRIDE", "http://moto.test:5000",
                    "RDS_SUBNET_GROUP", "taskoverflow-db",
                    "RDS_SECURITY_GROUP_IDS", "sg-0123456789abcdef0, sg-12345678",
                    "RDS_POLL_FAST_SECONDS", "5",
                    "RDS_POLL_SLOW_SECONDS", "300"))
            .rds();

    assertThat(rds.region()).contains("eu-west-1");
    assertThat(rds.endpointOverride()).contains(URI.create("http://moto.test:5000"));
    assertThat(rds.subnetGroup()).contains("taskoverflow-db");
    assertThat(rds.securityGroupIds()).containsExactly("sg-0123456789abcdef0", "sg-12345678");
    assertThat(rds.fastPoll()).isEqualTo(Duration.ofSeconds(5));
    assertThat(rds.slowPoll()).isEqualTo(Duration.ofSeconds(300));
  }

  @Test
  void invalidValuesNameTheirVariable() {
    assertRefused(Map.of("RDS_SECURITY_GROUP_IDS", "default"), "RDS_SECURITY_GROUP_IDS");
    assertRefused(Map.of("AWS_ENDPOINT_OVERRIDE", "moto:5000"), "AWS_ENDPOINT_OVERRIDE");
    assertRefused(Map.of("AWS_REGION", "Europe"), "AWS_REGION");
    assertRefused(Map.of("RDS_POLL_FAST_SECONDS", "0"), "RDS_POLL_FAST_SECONDS");
    assertRefused(
        Map.of("RDS_POLL_FAST_SECONDS", "60", "RDS_POLL_SLOW_SECONDS", "10"),
        "RDS_POLL_FAST_SECONDS must not be greater than RDS_POLL_SLOW_SECONDS");
  }

  private static void assertRefused(Map<String, String> env, String message) {
    assertThatThrownBy(() -> OperatorConfig.fromEnv(env))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }
}
