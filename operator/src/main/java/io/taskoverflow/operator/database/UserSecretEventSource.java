package io.taskoverflow.operator.database;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.polling.PerResourcePollingConfigurationBuilder;
import io.javaoperatorsdk.operator.processing.event.source.polling.PerResourcePollingEventSource;
import io.taskoverflow.crd.TaskOverflow;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Secrets users name in {@code database.external.secretRef} and {@code
 * database.rds.masterSecretRef}, which the operator does not own: each is read by name for the
 * resources that name it, and nothing else of the cluster's Secrets is held in memory. A Secret
 * created or changed later reconciles the resources that name it at the next poll.
 *
 * <p>Why polling rather than an informer: the names are the users' choice, so no label or field
 * selector narrows a watch to them, and an informer on all Secrets would keep every Secret of the
 * cluster, in plain text, in every replica. One GET per referring resource every {@link
 * #POLL_PERIOD} is bounded by the resources that refer to a Secret (InCluster and generated-RDS
 * resources cost nothing) and needs only {@code get} on Secrets.
 */
public final class UserSecretEventSource
    extends PerResourcePollingEventSource<Secret, TaskOverflow, ResourceID> {

  public static final String NAME = "external-database-secret";

  /** How late a created or changed Secret may be seen: within the minute the tests allow. */
  static final Duration POLL_PERIOD = Duration.ofSeconds(10);

  private static final Logger LOG = LoggerFactory.getLogger(UserSecretEventSource.class);

  private final ReferencedSecrets secrets;

  private UserSecretEventSource(
      EventSourceContext<TaskOverflow> context, ReferencedSecrets secrets) {
    super(
        Secret.class,
        context,
        new PerResourcePollingConfigurationBuilder<Secret, TaskOverflow, ResourceID>(
                secrets::poll, POLL_PERIOD)
            .withName(NAME)
            .withResourceIDMapper(ResourceID::fromResource)
            .withRegisterPredicate(resource -> secrets.nameFor(resource).isPresent())
            .build());
    this.secrets = secrets;
  }

  /**
   * @param provisioners the provisioner of a resource's mode, which says which Secret it names
   */
  public static UserSecretEventSource create(
      EventSourceContext<TaskOverflow> context,
      Function<TaskOverflow, DatabaseProvisioner> provisioners) {
    return new UserSecretEventSource(
        context,
        new ReferencedSecrets(
            context.getClient(), resource -> referencedSecret(resource, provisioners)));
  }

  /**
   * The Secret the resource names now. Fetched at once when it was never fetched under that name (a
   * new resource, or a reference changed since the last poll), so a reconcile never reads a Secret
   * the resource no longer names; a failed fetch then fails the reconcile, which is retried.
   */
  @Override
  public Set<Secret> getSecondaryResources(TaskOverflow primary) {
    Optional<String> name = secrets.nameFor(primary);
    if (name.isEmpty()) {
      return Set.of();
    }
    ResourceID id = ResourceID.fromResource(primary);
    if (name.get().equals(secrets.fetchedName(id))) {
      return getSecondaryResources(id);
    }
    Set<Secret> now = secrets.fetch(primary);
    handleResources(id, now, false);
    return now;
  }

  /**
   * The user's Secret the resource refers to, as this event source last read it (by name: the
   * operator holds no other Secret of the user's).
   */
  public static Optional<Secret> secretOf(Context<TaskOverflow> context) {
    return context.getSecondaryResource(Secret.class, NAME);
  }

  @Override
  public void onResourceDeleted(TaskOverflow resource) {
    super.onResourceDeleted(resource);
    secrets.forget(ResourceID.fromResource(resource));
  }

  private static Optional<String> referencedSecret(
      TaskOverflow resource, Function<TaskOverflow, DatabaseProvisioner> provisioners) {
    // A spec the operator cannot work from (no mode, say) names nothing to read.
    if (resource.specProblem().isPresent()
        || resource.getSpec() == null
        || resource.getSpec().database() == null) {
      return Optional.empty();
    }
    return provisioners.apply(resource).userSecret(resource);
  }

  /** Reads the named Secrets and remembers, per resource, under which name and what it found. */
  private static final class ReferencedSecrets {

    private record Fetched(String name, Set<Secret> secret) {}

    private final KubernetesClient client;
    private final Function<TaskOverflow, Optional<String>> names;
    private final Map<ResourceID, Fetched> fetched = new ConcurrentHashMap<>();

    ReferencedSecrets(KubernetesClient client, Function<TaskOverflow, Optional<String>> names) {
      this.client = client;
      this.names = names;
    }

    /** The Secret the resource names now, if any. */
    Optional<String> nameFor(TaskOverflow resource) {
      return names.apply(resource);
    }

    String fetchedName(ResourceID id) {
      Fetched last = fetched.get(id);
      return last == null ? null : last.name();
    }

    /** The Secret the resource names (empty when it names none, or it does not exist). */
    Set<Secret> fetch(TaskOverflow resource) {
      ResourceID id = ResourceID.fromResource(resource);
      Optional<String> name = nameFor(resource);
      Set<Secret> found =
          name.map(
                  secret ->
                      Optional.ofNullable(
                              client
                                  .secrets()
                                  .inNamespace(resource.getMetadata().getNamespace())
                                  .withName(secret)
                                  .get())
                          .map(Set::of)
                          .orElseGet(Set::of))
              .orElseGet(Set::of);
      fetched.put(id, new Fetched(name.orElse(null), found));
      return found;
    }

    /**
     * A poll never throws: JOSDK would stop polling the resource for good. While the API server
     * cannot be read, what was known stays (no resource is told its Secret is gone) and the next
     * poll tries again.
     */
    Set<Secret> poll(TaskOverflow resource) {
      try {
        return fetch(resource);
      } catch (RuntimeException e) {
        LOG.warn(
            "cannot read the Secret of TaskOverflow {}/{} ({}); keeping what was last read",
            resource.getMetadata().getNamespace(),
            resource.getMetadata().getName(),
            e instanceof KubernetesClientException k && k.getCode() != 0
                ? "HTTP " + k.getCode()
                : e.getClass().getSimpleName());
        Fetched last = fetched.get(ResourceID.fromResource(resource));
        return last == null ? Set.of() : last.secret();
      }
    }

    void forget(ResourceID id) {
      fetched.remove(id);
    }
  }
}
