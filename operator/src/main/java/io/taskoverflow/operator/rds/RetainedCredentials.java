package io.taskoverflow.operator.rds;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.operator.kube.Names;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The generated master password of an instance that outlives its resource (retained, or left behind
 * because it could not be deleted in time). The generated master Secret goes with the resource, so
 * its data is copied to a Secret without owner, named after the instance: without it nobody could
 * log in to the instance again.
 */
public final class RetainedCredentials {

  private RetainedCredentials() {}

  /**
   * Writes the copy with {@code write} and returns its name; empty when there is no generated
   * Secret (an adopted instance's credentials are the user's own).
   */
  public static Optional<String> keep(
      TaskOverflow resource, String identifier, Optional<Secret> master, Consumer<Secret> write) {
    if (master.isEmpty()) {
      return Optional.empty();
    }
    String name = Names.retainedRdsMasterSecret(identifier);
    write.accept(
        new SecretBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(resource.getMetadata().getNamespace())
            .addToAnnotations("taskoverflow.io/retained-from", resource.getMetadata().getName())
            .addToAnnotations("taskoverflow.io/rds-instance", identifier)
            .endMetadata()
            .withType("Opaque")
            .withData(master.get().getData())
            .build());
    return Optional.of(name);
  }
}
