package io.taskoverflow.operator.aws;

import io.micrometer.core.instrument.MeterRegistry;
import io.taskoverflow.operator.config.RdsSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;
import software.amazon.awssdk.services.rds.model.Filter;

/**
 * {@link RdsGateway} through the AWS SDK v2. Credentials and region come from the SDK's default
 * chains (environment, IRSA web identity, EKS Pod Identity, instance metadata) unless set here.
 * Throttling, 5xx answers and timeouts are retried by the SDK's standard strategy: exponential
 * backoff with full jitter, a few attempts, then a {@link RdsRequestException}.
 *
 * <p>The client is built on first use, so an operator without RDS resources (e.g. on kind, with no
 * AWS region or credentials anywhere) never needs AWS settings; a client that cannot be built is
 * reported like any failed request and tried again next time.
 */
public final class AwsRdsGateway implements RdsGateway, AutoCloseable {

  static final int PAGE_SIZE = 100;

  private static final String DESCRIBE = "DescribeDBInstances";
  private static final String CREATE = "CreateDBInstance";
  private static final String MODIFY = "ModifyDBInstance";
  private static final String DELETE = "DeleteDBInstance";
  private static final String ADD_TAGS = "AddTagsToResource";
  private static final String REMOVE_TAGS = "RemoveTagsFromResource";

  /** The RDS operations the operator calls: their meters exist from the start, at 0. */
  static final List<String> OPERATIONS =
      List.of(DESCRIBE, CREATE, MODIFY, DELETE, ADD_TAGS, REMOVE_TAGS);

  private final Supplier<RdsClient> factory;
  private final int pageSize;
  private RdsClient client;

  public AwsRdsGateway(Supplier<RdsClient> factory) {
    this(factory, PAGE_SIZE);
  }

  /** With another page size (RDS accepts 20 to 100), so tests can see pagination at work. */
  public AwsRdsGateway(Supplier<RdsClient> factory, int pageSize) {
    this.factory = factory;
    this.pageSize = pageSize;
  }

  /**
   * The production client: default credentials, the settings' region and endpoint, its meters in
   * {@code registry}.
   */
  public static AwsRdsGateway fromSettings(RdsSettings settings, MeterRegistry registry) {
    RdsApiMeters meters = new RdsApiMeters(registry);
    return new AwsRdsGateway(() -> AwsRdsClients.builder(settings, meters).build());
  }

  @Override
  public List<RdsInstance> describeManaged() {
    return call(
        DESCRIBE,
        rds -> {
          List<RdsInstance> managed = new ArrayList<>();
          // Tags cannot be filtered on by DescribeDBInstances; each page lists them per instance.
          rds.describeDBInstancesPaginator(
                  r ->
                      r.maxRecords(pageSize)
                          .filters(Filter.builder().name("engine").values("postgres").build()))
              .dbInstances()
              .forEach(
                  instance -> {
                    RdsInstance observed = AwsRdsModel.instance(instance);
                    if (observed
                        .tag(RdsGateway.MANAGED_BY)
                        .filter(RdsGateway.OPERATOR::equals)
                        .isPresent()) {
                      managed.add(observed);
                    }
                  });
          return managed;
        });
  }

  @Override
  public Optional<RdsInstance> describe(String identifier) {
    return call(
        DESCRIBE,
        rds -> {
          try {
            return rds
                .describeDBInstances(r -> r.dbInstanceIdentifier(identifier))
                .dbInstances()
                .stream()
                .findFirst()
                .map(AwsRdsModel::instance);
          } catch (DbInstanceNotFoundException e) {
            return Optional.empty();
          }
        });
  }

  @Override
  public RdsInstance create(RdsCreateRequest request) {
    return call(
        CREATE,
        rds ->
            AwsRdsModel.instance(
                rds.createDBInstance(
                        r ->
                            r.dbInstanceIdentifier(request.identifier())
                                .engine("postgres")
                                .engineVersion(request.engineVersion())
                                .dbInstanceClass(request.instanceClass())
                                .allocatedStorage(request.allocatedStorage())
                                .maxAllocatedStorage(request.maxAllocatedStorage())
                                .storageType("gp3")
                                .multiAZ(request.multiAZ())
                                .storageEncrypted(request.storageEncrypted())
                                .publiclyAccessible(false)
                                .backupRetentionPeriod(request.backupRetentionDays())
                                .dbSubnetGroupName(request.subnetGroup())
                                .vpcSecurityGroupIds(request.securityGroupIds())
                                .dbName(request.dbName())
                                .masterUsername(request.masterUsername())
                                .masterUserPassword(request.masterPassword())
                                .copyTagsToSnapshot(true)
                                .autoMinorVersionUpgrade(true)
                                .tags(AwsRdsModel.tags(request.tags())))
                    .dbInstance()));
  }

  @Override
  public RdsInstance modify(String identifier, RdsSettingsChange change, boolean applyImmediately) {
    return call(
        MODIFY,
        rds ->
            AwsRdsModel.instance(
                rds.modifyDBInstance(
                        r ->
                            r.dbInstanceIdentifier(identifier)
                                .applyImmediately(applyImmediately)
                                .dbInstanceClass(change.instanceClass())
                                .allocatedStorage(change.allocatedStorage())
                                .maxAllocatedStorage(change.maxAllocatedStorage())
                                .multiAZ(change.multiAZ())
                                .backupRetentionPeriod(change.backupRetentionDays())
                                .engineVersion(change.engineVersion())
                                .vpcSecurityGroupIds(change.securityGroupIds()))
                    .dbInstance()));
  }

  @Override
  public void resetMasterPassword(String identifier, String password) {
    call(
        MODIFY,
        rds ->
            rds.modifyDBInstance(
                r ->
                    r.dbInstanceIdentifier(identifier)
                        .masterUserPassword(password)
                        .applyImmediately(true)));
  }

  @Override
  public void delete(String identifier, Optional<String> finalSnapshot) {
    call(
        DELETE,
        rds ->
            rds.deleteDBInstance(
                r ->
                    r.dbInstanceIdentifier(identifier)
                        .skipFinalSnapshot(finalSnapshot.isEmpty())
                        .finalDBSnapshotIdentifier(finalSnapshot.orElse(null))));
  }

  @Override
  public void retag(String arn, Map<String, String> add, Set<String> remove) {
    if (!add.isEmpty()) {
      call(
          ADD_TAGS,
          rds -> rds.addTagsToResource(r -> r.resourceName(arn).tags(AwsRdsModel.tags(add))));
    }
    if (!remove.isEmpty()) {
      call(
          REMOVE_TAGS, rds -> rds.removeTagsFromResource(r -> r.resourceName(arn).tagKeys(remove)));
    }
  }

  @Override
  public synchronized void close() {
    if (client != null) {
      client.close();
      client = null;
    }
  }

  private <T> T call(String operation, Function<RdsClient, T> request) {
    try {
      return request.apply(client());
    } catch (SdkException e) {
      throw AwsErrors.of(operation, e);
    }
  }

  /**
   * Builds the client on first use; a failure (no region, say) is thrown on every use until fixed.
   */
  private synchronized RdsClient client() {
    if (client == null) {
      client = factory.get();
    }
    return client;
  }
}
