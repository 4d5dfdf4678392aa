package io.taskoverflow.operator.flow;

import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.operator.app.AppDeploymentDependent;
import io.taskoverflow.operator.app.AppIngressDependent;
import io.taskoverflow.operator.app.AppServiceDependent;
import io.taskoverflow.operator.config.NetworkPolicySettings;
import io.taskoverflow.operator.database.ConnectionSecretDependent;
import io.taskoverflow.operator.database.DatabaseProvisioner;
import io.taskoverflow.operator.database.UserSecretEventSource;
import io.taskoverflow.operator.kube.ImagePullSecrets;
import io.taskoverflow.operator.kube.OwnedPods;
import io.taskoverflow.operator.network.AppNetworkPolicyDependent;
import io.taskoverflow.operator.network.NetworkPoliciesEnabled;
import io.taskoverflow.operator.rds.RdsAppRoleDependent;
import io.taskoverflow.operator.rds.RdsInstanceDependent;
import io.taskoverflow.operator.rollout.DefaultImageRollout;
import io.taskoverflow.operator.tls.CertificateAuthority;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * The three flows, one per database mode, and the one place that looks at the mode of a readable
 * spec. The mode is fixed after creation (the CRD says so), so a resource always runs the same
 * flow.
 */
public final class DatabaseFlows {

  /** The nodes whose failure is the todo service's (AppReady), not the database's. */
  public static final Set<String> APP_NODES =
      Set.of(
          AppDeploymentDependent.NAME,
          AppServiceDependent.NAME,
          AppIngressDependent.NAME,
          AppNetworkPolicyDependent.NAME);

  private final DatabaseFlow inCluster;
  private final DatabaseFlow external;
  private final DatabaseFlow rds;
  private final List<DefaultImageRollout> rollouts;

  /**
   * @param todoImage the todo service image of resources that name none, and its rollout
   * @param postgresImage the in-cluster PostgreSQL image of resources that name none, and its
   *     rollout
   * @param pullSecrets the Secrets the todo and PostgreSQL pods pull their images with
   * @param ca the operator's CA, which issues the in-cluster PostgreSQL's certificates
   * @param networkPolicies whether the flows make NetworkPolicies, and whom the app's admits
   * @param rdsInstance the RDS instance dependent, with the AWS gateway and settings it works with
   * @param rdsAppRole the step that sets up the app's role on an RDS instance
   */
  public DatabaseFlows(
      DefaultImageRollout todoImage,
      DefaultImageRollout postgresImage,
      ImagePullSecrets pullSecrets,
      CertificateAuthority ca,
      NetworkPolicySettings networkPolicies,
      RdsInstanceDependent rdsInstance,
      RdsAppRoleDependent rdsAppRole) {
    SharedNodes shared =
        new SharedNodes(
            new ConnectionSecretDependent(this::provisioner),
            new AppDeploymentDependent(todoImage, pullSecrets, this::provisioner),
            new AppServiceDependent(),
            new AppIngressDependent(),
            new AppNetworkPolicyDependent(
                networkPolicies.appIngressNamespaces(),
                networkPolicies.metricsScraperNamespaces(),
                this::provisioner),
            new NetworkPoliciesEnabled(networkPolicies.enabled()));
    this.rollouts = List.of(todoImage, postgresImage);
    this.inCluster = InClusterFlow.of(shared, postgresImage, pullSecrets, ca);
    this.external = ExternalFlow.of(shared);
    this.rds = RdsFlow.of(shared, rdsInstance, rdsAppRole);
  }

  public DatabaseFlow of(TaskOverflow resource) {
    return switch (resource.getSpec().database().mode()) {
      case InCluster -> inCluster;
      case External -> external;
      case RDS -> rds;
    };
  }

  /**
   * The informers and pollers the flows read: one per dependent (a dependent that several flows
   * share is counted once), the user's Secrets, and the pods of the workloads the operator makes.
   */
  @SuppressWarnings({"rawtypes", "unchecked"})
  public List<EventSource<?, TaskOverflow>> eventSources(EventSourceContext<TaskOverflow> context) {
    Set<DependentResource> dependents = Collections.newSetFromMap(new IdentityHashMap<>());
    List<EventSource<?, TaskOverflow>> sources = new ArrayList<>();
    for (DatabaseFlow flow : List.of(inCluster, external, rds)) {
      for (DependentResource dependent : flow.workflow().getDependentResourcesByName().values()) {
        if (dependents.add(dependent)) {
          dependent.eventSource(context).ifPresent(source -> sources.add((EventSource) source));
        }
      }
    }
    sources.add(UserSecretEventSource.create(context, this::provisioner));
    sources.add(OwnedPods.eventSource(context));
    rollouts.forEach(rollout -> sources.add((EventSource) rollout.wakeUps()));
    return sources;
  }

  private DatabaseProvisioner provisioner(TaskOverflow resource) {
    return of(resource).provisioner();
  }
}
