package io.taskoverflow.operator.aws;

import io.taskoverflow.operator.config.RdsSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.RdsClientBuilder;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;
import software.amazon.awssdk.services.rds.model.Filter;
import software.amazon.awssdk.services.rds.model.PendingModifiedValues;
import software.amazon.awssdk.services.rds.model.Tag;
import software.amazon.awssdk.services.rds.model.VpcSecurityGroupMembership;

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
  private static final int ATTEMPTS = 5;

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

  /** The production client: default credentials, the settings' region and endpoint. */
  public static AwsRdsGateway fromSettings(RdsSettings settings) {
    return new AwsRdsGateway(() -> clientBuilder(settings).build());
  }

  /**
   * A builder with the operator's retry policy, timeouts, region and endpoint override, and any
   * extra interceptors (tests count requests with one).
   */
  public static RdsClientBuilder clientBuilder(
      RdsSettings settings, ExecutionInterceptor... interceptors) {
    RdsClientBuilder builder =
        RdsClient.builder()
            .overrideConfiguration(
                ClientOverrideConfiguration.builder()
                    .executionInterceptors(List.of(interceptors))
                    .retryStrategy(
                        AwsRetryStrategy.standardRetryStrategy().toBuilder()
                            .maxAttempts(ATTEMPTS)
                            .build())
                    .apiCallAttemptTimeout(Duration.ofSeconds(20))
                    .apiCallTimeout(Duration.ofSeconds(90))
                    .build());
    settings.region().map(Region::of).ifPresent(builder::region);
    settings.endpointOverride().ifPresent(builder::endpointOverride);
    return builder;
  }

  @Override
  public List<RdsInstance> describeManaged() {
    return call(
        "DescribeDBInstances",
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
                    RdsInstance observed = toInstance(instance);
                    if (observed
                        .tag(RdsTags.MANAGED_BY)
                        .filter(RdsTags.OPERATOR::equals)
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
        "DescribeDBInstances",
        rds -> {
          try {
            return rds
                .describeDBInstances(r -> r.dbInstanceIdentifier(identifier))
                .dbInstances()
                .stream()
                .findFirst()
                .map(AwsRdsGateway::toInstance);
          } catch (DbInstanceNotFoundException e) {
            return Optional.empty();
          }
        });
  }

  @Override
  public RdsInstance create(RdsCreateRequest request) {
    return call(
        "CreateDBInstance",
        rds ->
            toInstance(
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
                                .tags(tags(request.tags())))
                    .dbInstance()));
  }

  @Override
  public RdsInstance modify(String identifier, RdsSettingsChange change, boolean applyImmediately) {
    return call(
        "ModifyDBInstance",
        rds ->
            toInstance(
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
        "ModifyDBInstance",
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
        "DeleteDBInstance",
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
          "AddTagsToResource",
          rds -> rds.addTagsToResource(r -> r.resourceName(arn).tags(tags(add))));
    }
    if (!remove.isEmpty()) {
      call(
          "RemoveTagsFromResource",
          rds -> rds.removeTagsFromResource(r -> r.resourceName(arn).tagKeys(remove)));
    }
  }

  @Override
  public synchronized void close() {
    if (client != null) {
      client.close();
      client = null;
    }
  }

  /**
   * A missing region or missing credentials are settings to fix, not a network hiccup; the SDK
   * reports all of them as client exceptions.
   */
  private static String clientErrorCode(SdkClientException e) {
    String message = String.valueOf(e.getMessage());
    if (message.contains("Unable to load region")) {
      return "RegionNotConfigured";
    }
    if (message.contains("Unable to load credentials")) {
      return "CredentialsNotFound";
    }
    return RdsRequestException.NETWORK;
  }

  private <T> T call(String operation, Function<RdsClient, T> request) {
    try {
      return request.apply(client());
    } catch (AwsServiceException e) {
      String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
      String message = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
      throw new RdsRequestException(
          operation,
          code == null ? "HTTP" + e.statusCode() : code,
          message == null ? String.valueOf(e.getMessage()) : message,
          e);
    } catch (SdkClientException e) {
      throw new RdsRequestException(
          operation, clientErrorCode(e), String.valueOf(e.getMessage()), e);
    } catch (SdkException e) {
      throw new RdsRequestException(operation, "SdkError", String.valueOf(e.getMessage()), e);
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

  private static List<Tag> tags(Map<String, String> tags) {
    return tags.entrySet().stream()
        .map(tag -> Tag.builder().key(tag.getKey()).value(tag.getValue()).build())
        .toList();
  }

  static RdsInstance toInstance(DBInstance instance) {
    return new RdsInstance(
        instance.dbInstanceIdentifier(),
        instance.dbInstanceArn(),
        instance.dbInstanceStatus(),
        instance.endpoint() == null ? null : instance.endpoint().address(),
        instance.endpoint() == null ? null : instance.endpoint().port(),
        instance.engineVersion(),
        instance.dbInstanceClass(),
        instance.allocatedStorage() == null ? 0 : instance.allocatedStorage(),
        instance.maxAllocatedStorage(),
        Boolean.TRUE.equals(instance.multiAZ()),
        instance.backupRetentionPeriod() == null ? 0 : instance.backupRetentionPeriod(),
        Boolean.TRUE.equals(instance.storageEncrypted()),
        Boolean.TRUE.equals(instance.publiclyAccessible()),
        Boolean.TRUE.equals(instance.deletionProtection()),
        instance.dbSubnetGroup() == null ? null : instance.dbSubnetGroup().dbSubnetGroupName(),
        instance.vpcSecurityGroups().stream()
            .map(VpcSecurityGroupMembership::vpcSecurityGroupId)
            .sorted()
            .toList(),
        instance.masterUsername(),
        instance.tagList().stream()
            .filter(tag -> tag.key() != null && tag.value() != null)
            .collect(java.util.stream.Collectors.toMap(Tag::key, Tag::value, (a, b) -> b)),
        pending(instance.pendingModifiedValues()));
  }

  private static RdsSettingsChange pending(PendingModifiedValues pending) {
    if (pending == null) {
      return RdsSettingsChange.NONE;
    }
    return new RdsSettingsChange(
        pending.dbInstanceClass(),
        pending.allocatedStorage(),
        null,
        pending.multiAZ(),
        pending.backupRetentionPeriod(),
        pending.engineVersion(),
        null);
  }
}
