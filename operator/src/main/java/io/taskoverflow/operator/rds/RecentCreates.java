package io.taskoverflow.operator.rds;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.taskoverflow.operator.aws.RdsInstance;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Instances created since a poll began. RDS may leave a brand-new instance out of a listing that
 * was already under way; such an instance is kept in the cache instead of counting as gone.
 */
final class RecentCreates {

  private record Created(RdsInstance instance, Instant at) {}

  private final Map<ResourceID, Created> created = new ConcurrentHashMap<>();

  void add(ResourceID owner, RdsInstance instance, Instant at) {
    created.put(owner, new Created(instance, at));
  }

  void forget(ResourceID owner) {
    created.remove(owner);
  }

  /**
   * The instances of a poll that began at {@code started}, by the resource their tags name, with
   * those created since; creations older than the poll are forgotten, since it saw them.
   */
  Map<ResourceID, Set<RdsInstance>> byOwner(List<RdsInstance> instances, Instant started) {
    Map<ResourceID, Set<RdsInstance>> byOwner = new HashMap<>();
    for (RdsInstance instance : instances) {
      RdsOwnership.ownerOf(instance)
          .ifPresent(owner -> byOwner.computeIfAbsent(owner, key -> new HashSet<>()).add(instance));
    }
    created.forEach(
        (owner, recent) -> {
          if (recent.at().isAfter(started)) {
            Set<RdsInstance> seen = byOwner.computeIfAbsent(owner, key -> new HashSet<>());
            boolean listed =
                seen.stream().anyMatch(i -> i.identifier().equals(recent.instance().identifier()));
            if (!listed) {
              seen.add(recent.instance());
            }
          }
        });
    created.values().removeIf(recent -> !recent.at().isAfter(started));
    return byOwner;
  }
}
