package io.taskoverflow.operator.kube;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.taskoverflow.crd.TaskOverflow;
import java.util.Map;
import java.util.Optional;

/** The Secrets a TaskOverflow owns: built alike, and read back alike where a value must last. */
public final class OwnedSecrets {

  private OwnedSecrets() {}

  /** An Opaque Secret of {@code owner}'s namespace, labelled as one of its components. */
  public static Secret opaque(
      TaskOverflow owner, String name, String component, Map<String, String> data) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(owner.getMetadata().getNamespace())
        .withLabels(Labels.of(owner, component))
        .endMetadata()
        .withType("Opaque")
        .withData(SecretValues.encode(data))
        .build();
  }

  /** The decoded value of {@code key} in the Secret as it is now, if both exist. */
  public static Optional<String> value(Optional<Secret> current, String key) {
    return current.map(Secret::getData).map(data -> data.get(key)).map(SecretValues::decode);
  }
}
