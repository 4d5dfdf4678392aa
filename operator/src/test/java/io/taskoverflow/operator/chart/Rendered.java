package io.taskoverflow.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/** The objects of a rendered chart, parsed with fabric8 so tests read typed fields. */
public record Rendered(List<HasMetadata> objects) {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  static Rendered parse(String manifests) {
    List<HasMetadata> objects =
        Arrays.stream(manifests.split("(?m)^---\\s*$"))
            .filter(document -> document.lines().anyMatch(line -> line.startsWith("kind:")))
            .map(document -> SERIALIZATION.unmarshal(document, HasMetadata.class))
            .toList();
    return new Rendered(objects);
  }

  public <T extends HasMetadata> List<T> all(Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  /** All objects of a kind, for kinds fabric8 has no class for (ServiceMonitor). */
  List<HasMetadata> ofKind(String kind) {
    return objects.stream().filter(o -> kind.equals(o.getKind())).toList();
  }

  /** The one object of this type and name; fails when there is none or more than one. */
  <T extends HasMetadata> T one(Class<T> type, String name) {
    List<T> named =
        all(type).stream().filter(o -> Objects.equals(name, o.getMetadata().getName())).toList();
    assertThat(named).as("%s %s in the rendered chart", type.getSimpleName(), name).hasSize(1);
    return named.get(0);
  }

  /** The one object of this type; fails when there is none or more than one. */
  <T extends HasMetadata> T only(Class<T> type) {
    List<T> all = all(type);
    assertThat(all).as("%s in the rendered chart", type.getSimpleName()).hasSize(1);
    return all.get(0);
  }
}
