package io.taskoverflow.operator.testsupport;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.taskoverflow.operator.config.NetworkPolicySettings;
import io.taskoverflow.operator.config.RdsSettings;
import io.taskoverflow.operator.flow.DatabaseFlows;
import io.taskoverflow.operator.kube.ImagePullSecrets;
import io.taskoverflow.operator.rds.RdsAppRoleDependent;
import io.taskoverflow.operator.rds.RdsInstanceDependent;
import io.taskoverflow.operator.rds.RdsPollMetrics;
import io.taskoverflow.operator.rollout.DefaultImageRollout;
import io.taskoverflow.operator.tls.CertificateAuthority;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The operator's flows for unit tests that only look at them. */
public final class Flows {

  private Flows() {}

  /** The flows as the operator builds them, with an AWS that is never called here. */
  public static DatabaseFlows withIdleAws() {
    RdsSettings settings =
        new RdsSettings(
            Optional.of("eu-west-1"),
            Optional.empty(),
            Optional.empty(),
            List.of(),
            Duration.ofSeconds(15),
            Duration.ofSeconds(120),
            Optional.empty());
    return new DatabaseFlows(
        new DefaultImageRollout("todo", "todo:1", 1),
        new DefaultImageRollout("postgres", "postgres:17", 1),
        ImagePullSecrets.NONE,
        CertificateAuthority.generate("test", Instant.now()),
        new NetworkPolicySettings(true, List.of(), List.of()),
        new RdsInstanceDependent(
            new ScriptedRdsGateway(),
            AcceptingRdsLogins.login(),
            settings,
            1,
            Clock.systemUTC(),
            new RdsPollMetrics(new SimpleMeterRegistry())),
        new RdsAppRoleDependent(AcceptingRdsLogins.roles(), "no CA"));
  }
}
