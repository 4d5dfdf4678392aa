package io.taskoverflow.operator.testsupport;

import io.taskoverflow.operator.aws.RdsCreateRequest;
import io.taskoverflow.operator.aws.RdsGateway;
import io.taskoverflow.operator.aws.RdsInstance;
import io.taskoverflow.operator.aws.RdsRequestException;
import io.taskoverflow.operator.aws.RdsSettingsChange;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An {@link RdsGateway} whose AWS behaves as a test scripts it, for what moto cannot do: an
 * instance that stays creating for several polls and passes through backing-up, a modification that
 * takes time, a failed instance, throttling bursts, a create that AWS accepts but whose answer is
 * lost. Each {@link #describeManaged()} is one polling cycle and advances every instance one step
 * along its script.
 */
public final class ScriptedRdsGateway implements RdsGateway {

  private final Map<String, RdsInstance> instances = new ConcurrentHashMap<>();
  private final Map<String, Deque<String>> statusScripts = new ConcurrentHashMap<>();
  private final Deque<RdsRequestException> describeFailures = new ArrayDeque<>();
  private final List<String> calls = new CopyOnWriteArrayList<>();
  private final List<String> finalSnapshots = new CopyOnWriteArrayList<>();
  private volatile List<String> creatingSteps = List.of("available");
  private volatile List<String> modifyingSteps = List.of("available");
  private volatile boolean loseNextCreateAnswer;
  private volatile RdsRequestException createFailure;

  /** New instances report these statuses on the following polls, one per poll, then stay. */
  public ScriptedRdsGateway creatingFor(String... statuses) {
    creatingSteps = List.of(statuses);
    return this;
  }

  /** A modified instance reports these statuses on the following polls, one per poll. */
  public ScriptedRdsGateway modifyingFor(String... statuses) {
    modifyingSteps = List.of(statuses);
    return this;
  }

  /** The next describes fail with these errors, one per call (after the SDK's own retries). */
  public synchronized ScriptedRdsGateway failDescribes(RdsRequestException... errors) {
    describeFailures.addAll(List.of(errors));
    return this;
  }

  /** Forgets describe failures not yet thrown: the throttling is over. */
  public synchronized ScriptedRdsGateway stopFailingDescribes() {
    describeFailures.clear();
    return this;
  }

  /** The next create reaches AWS but its answer does not come back (a timeout). */
  public ScriptedRdsGateway loseNextCreateAnswer() {
    loseNextCreateAnswer = true;
    return this;
  }

  /** Every create fails with this error until {@link #acceptCreates()}. */
  public ScriptedRdsGateway failCreates(RdsRequestException error) {
    createFailure = error;
    return this;
  }

  public ScriptedRdsGateway acceptCreates() {
    createFailure = null;
    return this;
  }

  /**
   * An available instance its owner made in AWS, not through the operator: PostgreSQL 16.4,
   * multi-AZ, 50 GiB, a week of backups, master user legacy; with these tags only.
   */
  public RdsInstance ownersInstance(String identifier, Map<String, String> tags) {
    create(
        RdsCreateRequest.builder()
            .identifier(identifier)
            .instanceClass("db.t3.micro")
            .engineVersion("16.4")
            .allocatedStorage(50)
            .multiAZ(true)
            .storageEncrypted(true)
            .backupRetentionDays(7)
            .subnetGroup("owners-group")
            .securityGroupIds(List.of("sg-0123456789abcdef0"))
            .dbName("todo")
            .masterUsername("legacy")
            .masterPassword("legacy-password")
            .tags(new HashMap<>(tags))
            .build());
    setStatus(identifier, "available");
    return instance(identifier).orElseThrow();
  }

  /** Sets the status of an instance from now on, as AWS might on its own (failed, storage-full). */
  public void setStatus(String identifier, String status) {
    statusScripts.remove(identifier);
    instances.computeIfPresent(identifier, (id, instance) -> instance.withStatus(status));
  }

  public Optional<RdsInstance> instance(String identifier) {
    return Optional.ofNullable(instances.get(identifier));
  }

  public int instanceCount() {
    return instances.size();
  }

  /** The final snapshots that deletions asked for, in order. */
  public List<String> finalSnapshots() {
    return List.copyOf(finalSnapshots);
  }

  public long count(String operation) {
    return calls.stream().filter(operation::equals).count();
  }

  @Override
  public synchronized List<RdsInstance> describeManaged() {
    calls.add("DescribeDBInstances");
    RdsRequestException failure = describeFailures.poll();
    if (failure != null) {
      throw failure;
    }
    statusScripts.forEach(
        (identifier, script) -> {
          String next = script.size() > 1 ? script.poll() : script.peek();
          instances.computeIfPresent(identifier, (id, instance) -> advanced(instance, next));
        });
    List<RdsInstance> managed = new ArrayList<>();
    instances.values().stream()
        .filter(i -> i.tag(RdsGateway.MANAGED_BY).filter(RdsGateway.OPERATOR::equals).isPresent())
        .forEach(managed::add);
    return managed;
  }

  @Override
  public Optional<RdsInstance> describe(String identifier) {
    calls.add("DescribeDBInstance");
    return instance(identifier);
  }

  @Override
  public synchronized RdsInstance create(RdsCreateRequest request) {
    calls.add("CreateDBInstance");
    if (createFailure != null) {
      throw createFailure;
    }
    if (instances.containsKey(request.identifier())) {
      throw new RdsRequestException(
          "CreateDBInstance", "DBInstanceAlreadyExists", "DB instance already exists");
    }
    RdsInstance created =
        RdsInstance.builder()
            .identifier(request.identifier())
            .arn("arn:aws:rds:eu-west-1:123456789012:db:" + request.identifier())
            .status("creating")
            .engineVersion(
                request.engineVersion().contains(".")
                    ? request.engineVersion()
                    : request.engineVersion() + ".4")
            .instanceClass(request.instanceClass())
            .allocatedStorage(request.allocatedStorage())
            .maxAllocatedStorage(request.maxAllocatedStorage())
            .multiAZ(request.multiAZ())
            .backupRetentionDays(request.backupRetentionDays())
            .storageEncrypted(request.storageEncrypted())
            .subnetGroup(request.subnetGroup())
            .securityGroupIds(request.securityGroupIds())
            .masterUsername(request.masterUsername())
            .tags(request.tags())
            .build();
    instances.put(request.identifier(), created);
    statusScripts.put(request.identifier(), new ArrayDeque<>(creatingSteps));
    if (loseNextCreateAnswer) {
      loseNextCreateAnswer = false;
      throw new RdsRequestException(
          "CreateDBInstance", RdsRequestException.NETWORK, "Read timed out");
    }
    return created;
  }

  @Override
  public synchronized void resetMasterPassword(String identifier, String password) {
    calls.add("ModifyDBInstance");
  }

  @Override
  public synchronized RdsInstance modify(
      String identifier, RdsSettingsChange change, boolean applyImmediately) {
    calls.add("ModifyDBInstance");
    RdsInstance actual = instances.get(identifier);
    RdsSettingsChange target = actual.target().overriddenBy(change);
    RdsInstance modified =
        actual.toBuilder()
            .status("modifying")
            .engineVersion(target.engineVersion())
            .instanceClass(target.instanceClass())
            .allocatedStorage(target.allocatedStorage())
            .maxAllocatedStorage(target.maxAllocatedStorage())
            .multiAZ(target.multiAZ())
            .backupRetentionDays(target.backupRetentionDays())
            .publiclyAccessible(false)
            .securityGroupIds(target.securityGroupIds())
            .pending(RdsSettingsChange.NONE)
            .build();
    instances.put(identifier, modified);
    statusScripts.put(identifier, new ArrayDeque<>(modifyingSteps));
    return modified;
  }

  @Override
  public synchronized void delete(String identifier, Optional<String> finalSnapshot) {
    calls.add("DeleteDBInstance");
    if (instances.remove(identifier) == null) {
      throw new RdsRequestException("DeleteDBInstance", "DBInstanceNotFound", identifier);
    }
    statusScripts.remove(identifier);
    finalSnapshot.ifPresent(finalSnapshots::add);
  }

  @Override
  public synchronized void retag(String arn, Map<String, String> add, Set<String> remove) {
    calls.add("Retag");
    instances.replaceAll(
        (id, instance) -> {
          if (!instance.arn().equals(arn)) {
            return instance;
          }
          Map<String, String> tags = new HashMap<>(instance.tags());
          tags.putAll(add);
          tags.keySet().removeAll(remove);
          return instance.withTags(tags);
        });
  }

  /** The endpoint appears with the first status after creating, as in AWS. */
  private static RdsInstance advanced(RdsInstance instance, String status) {
    if (instance.endpoint() != null || "creating".equals(status)) {
      return instance.withStatus(status);
    }
    return new RdsInstance(
        instance.identifier(),
        instance.arn(),
        status,
        instance.identifier() + ".c0ffee.eu-west-1.rds.amazonaws.com",
        5432,
        instance.engineVersion(),
        instance.instanceClass(),
        instance.allocatedStorage(),
        instance.maxAllocatedStorage(),
        instance.multiAZ(),
        instance.backupRetentionDays(),
        instance.storageEncrypted(),
        instance.publiclyAccessible(),
        instance.deletionProtection(),
        instance.subnetGroup(),
        instance.securityGroupIds(),
        instance.masterUsername(),
        instance.tags(),
        instance.pending());
  }

  public Map<String, RdsInstance> snapshot() {
    return new LinkedHashMap<>(instances);
  }
}
