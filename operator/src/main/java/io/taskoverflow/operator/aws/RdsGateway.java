package io.taskoverflow.operator.aws;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The RDS operations the operator needs, in its own terms. {@link AwsRdsGateway} speaks to AWS;
 * tests script their own. Every method throws {@link RdsRequestException} on failure.
 */
public interface RdsGateway {

  /** The tag, and its value, that every instance the operator manages carries. */
  String MANAGED_BY = "taskoverflow.io/managed-by";

  String OPERATOR = "taskoverflow-operator";

  /**
   * Every PostgreSQL instance that carries the operator's tag ({@link #MANAGED_BY}={@link
   * #OPERATOR}): one DescribeDBInstances call chain, page after page.
   */
  List<RdsInstance> describeManaged();

  /** One instance by identifier, whoever manages it; empty when it does not exist. */
  Optional<RdsInstance> describe(String identifier);

  /** CreateDBInstance; the instance as AWS accepted it (status creating). */
  RdsInstance create(RdsCreateRequest request);

  /** ModifyDBInstance with the values the change sets. */
  RdsInstance modify(String identifier, RdsSettingsChange change, boolean applyImmediately);

  /**
   * ModifyDBInstance with a new master password, applied at once (RDS applies it so anyway). The
   * password appears in no exception message or log line.
   */
  void resetMasterPassword(String identifier, String password);

  /**
   * DeleteDBInstance: with a final snapshot of that identifier, or without one when it is empty.
   */
  void delete(String identifier, Optional<String> finalSnapshot);

  /**
   * AddTagsToResource, then RemoveTagsFromResource on the instance's ARN, in that order: IAM may
   * allow a removal only from an instance that already carries the added tags.
   */
  void retag(String arn, Map<String, String> add, Set<String> remove);

  /** Releases what the gateway holds (an SDK client); called when the operator stops. */
  default void close() {}
}
