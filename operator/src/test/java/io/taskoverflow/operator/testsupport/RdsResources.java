package io.taskoverflow.operator.testsupport;

import io.taskoverflow.crd.TaskOverflow;

/** TaskOverflows in mode RDS as the API server stores them (defaults filled in), for unit tests. */
public final class RdsResources {

  /** The schema's only default under database.rds; the instance settings have none. */
  public static final String DEFAULTS = "applyImmediately: false\n";

  private RdsResources() {}

  /** A resource with the defaults, then {@code rdsYaml} (later keys win) under database.rds. */
  public static TaskOverflow of(String namespace, String name, String rdsYaml) {
    TaskOverflow resource =
        TaskOverflows.parse(
            namespace,
            name,
            "replicas: 2\ndatabase:\n  mode: RDS\n  name: todo\n  rds:\n"
                + merged(rdsYaml).indent(4));
    resource.getMetadata().setUid("uid-" + namespace + "-" + name);
    resource.getMetadata().setGeneration(1L);
    return resource;
  }

  private static String merged(String overrides) {
    StringBuilder yaml = new StringBuilder();
    for (String line : DEFAULTS.split("\n")) {
      String key = line.substring(0, line.indexOf(':') + 1);
      if (!overrides.contains(key)) {
        yaml.append(line).append('\n');
      }
    }
    return yaml.append(overrides).toString();
  }
}
