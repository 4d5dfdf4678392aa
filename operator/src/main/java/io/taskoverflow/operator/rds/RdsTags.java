package io.taskoverflow.operator.rds;

import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.operator.aws.RdsGateway;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * The tags that tie an RDS instance to the TaskOverflow that owns it, and their values. The
 * operator observes only instances tagged {@link RdsGateway#MANAGED_BY}; the uid tells a resource
 * from a later one of the same name. What the tags mean for who may touch an instance is {@link
 * RdsOwnership}'s.
 */
public final class RdsTags {

  public static final String NAMESPACE = "taskoverflow.io/namespace";
  public static final String NAME = "taskoverflow.io/name";
  public static final String UID = "taskoverflow.io/uid";
  public static final String RETAINED = "taskoverflow.io/retained-at";

  /**
   * The uid of the generated master Secret whose password the instance has. A Secret written anew
   * (the old one was deleted) has another uid, and its password is set on the instance.
   */
  public static final String MASTER_SECRET_UID = "taskoverflow.io/master-secret-uid";

  /**
   * Put on an existing instance by its owner, in AWS, to let one TaskOverflow adopt it: the value
   * is that resource's {@code <namespace>/<name>}. The operator never writes it (its IAM policy
   * denies that), so no one with access to a namespace only can make it. It is good for one
   * adoption: the operator removes it once the instance carries the resource's tags.
   */
  public static final String ADOPTABLE_BY = "taskoverflow.io/adoptable-by";

  private RdsTags() {}

  /** The tags of an instance owned by the resource. */
  public static Map<String, String> owner(TaskOverflow resource) {
    var metadata = resource.getMetadata();
    return Map.of(
        RdsGateway.MANAGED_BY,
        RdsGateway.OPERATOR,
        NAMESPACE,
        metadata.getNamespace(),
        NAME,
        metadata.getName(),
        UID,
        metadata.getUid());
  }

  /** The tag saying which generated master Secret's password the instance has. */
  public static Map<String, String> masterSecret(String uid) {
    return Map.of(MASTER_SECRET_UID, uid);
  }

  /** The tags that make an instance nobody's: it is no longer observed or touched. */
  public static Set<String> ownership() {
    return Set.of(RdsGateway.MANAGED_BY, UID);
  }

  /** The tag left on an instance that was let go, saying when and from whom. */
  public static Map<String, String> retained(Instant when) {
    return Map.of(RETAINED, when.toString());
  }
}
