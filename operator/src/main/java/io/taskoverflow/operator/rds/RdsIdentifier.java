package io.taskoverflow.operator.rds;

import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.operator.support.Sha256;
import java.util.Locale;

/**
 * The RDS instance identifier of a resource: derived from namespace and name alone, so every
 * operator process (after a restart, or a second replica) arrives at the same one and finds the
 * instance instead of creating another.
 *
 * <p>RDS wants 1-63 letters, digits and hyphens, a letter first, no two hyphens in a row and none
 * at the end. Joining namespace and name with a hyphen is ambiguous ({@code a/b-c} and {@code
 * a-b/c}), and collapsing hyphens or truncating makes it more so; a hash of the exact
 * namespace/name pair always ends the identifier, so distinct resources get distinct identifiers
 * (short of a collision of 40 bits of SHA-256).
 */
public final class RdsIdentifier {

  static final int MAX_LENGTH = 63;
  private static final int HASH_HEX = 10;

  private RdsIdentifier() {}

  /** The identifier the spec names, else the derived one. */
  public static String of(TaskOverflow resource) {
    var database = resource.getSpec() == null ? null : resource.getSpec().database();
    var rds = database == null ? null : database.rds();
    if (rds != null && rds.instanceIdentifier() != null) {
      return rds.instanceIdentifier().toLowerCase(Locale.ROOT);
    }
    return derive(resource.getMetadata().getNamespace(), resource.getMetadata().getName());
  }

  public static String derive(String namespace, String name) {
    String readable =
        (namespace + "-" + name)
            .toLowerCase(Locale.ROOT)
            .replaceAll("[^a-z0-9]+", "-")
            .replaceAll("-{2,}", "-");
    if (readable.isEmpty() || !Character.isLetter(readable.charAt(0))) {
      readable = "tof-" + readable;
    }
    int room = MAX_LENGTH - HASH_HEX - 1;
    if (readable.length() > room) {
      readable = readable.substring(0, room);
    }
    readable = readable.replaceAll("-+$", "");
    return readable + "-" + hash(namespace + "/" + name);
  }

  /** A final snapshot identifier, unique per deletion: the same on every retry of one deletion. */
  public static String finalSnapshot(String instance, String deletionTimestamp) {
    String stamp = deletionTimestamp.toLowerCase(Locale.ROOT).replaceAll("[^0-9tz]", "");
    return instance + "-final-" + stamp;
  }

  private static String hash(String value) {
    return Sha256.hex(value).substring(0, HASH_HEX);
  }
}
