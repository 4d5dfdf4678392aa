package io.taskoverflow.operator.kube;

import io.fabric8.kubernetes.api.model.LocalObjectReference;
import java.util.List;

/**
 * The pull Secrets of the pods the operator makes (todo and in-cluster PostgreSQL), the same for
 * every TaskOverflow. A pod reads them from its own namespace, so each must exist in every
 * namespace with TaskOverflows; the operator neither makes nor reads them.
 *
 * <p>They are part of the pod template: a change rolls every todo Deployment and restarts every
 * in-cluster PostgreSQL once, like any other template change. None (the default) leaves the field
 * out, so an operator without them writes the templates it always wrote.
 */
public record ImagePullSecrets(List<String> names) {

  public static final ImagePullSecrets NONE = new ImagePullSecrets(List.of());

  public ImagePullSecrets {
    names = List.copyOf(names);
  }

  /** The references of a pod spec; empty when there are none, which serializes as no field. */
  public List<LocalObjectReference> references() {
    return names.stream().map(LocalObjectReference::new).toList();
  }
}
