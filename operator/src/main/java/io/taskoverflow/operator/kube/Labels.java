package io.taskoverflow.operator.kube;

import io.taskoverflow.crd.TaskOverflow;
import java.util.Map;

/** The recommended app.kubernetes.io labels, so owned objects can be found and told apart. */
public final class Labels {

  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String OPERATOR = "taskoverflow-operator";
  public static final String COMPONENT = "app.kubernetes.io/component";
  public static final String INSTANCE = "app.kubernetes.io/instance";

  /** The selector of everything the operator made. */
  public static final String MADE_BY_OPERATOR = MANAGED_BY + "=" + OPERATOR;

  /**
   * The start of every informer's label selector: only what the operator made is cached, not a
   * user's object that happens to carry a component label (a Secret, say).
   */
  public static final String OWNED = MADE_BY_OPERATOR + ",";

  private Labels() {}

  /** Labels that select the pods of one component of one TaskOverflow; never change them. */
  public static Map<String, String> selector(TaskOverflow resource, String component) {
    return Map.of(
        "app.kubernetes.io/name",
        "taskoverflow",
        INSTANCE,
        resource.getMetadata().getName(),
        COMPONENT,
        component);
  }

  public static Map<String, String> of(TaskOverflow resource, String component) {
    var labels = new java.util.HashMap<>(selector(resource, component));
    labels.put(MANAGED_BY, OPERATOR);
    return labels;
  }
}
