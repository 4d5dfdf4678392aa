package io.taskoverflow.crd;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;
import io.taskoverflow.crd.spec.TaskOverflowSpec;
import io.taskoverflow.crd.status.TaskOverflowStatus;
import java.util.Map;
import java.util.Optional;

/** One TaskOverflow installation: its database and the todo service deployed on it. */
@Group(TaskOverflowApi.GROUP)
@Version(TaskOverflowApi.VERSION)
@Kind(TaskOverflowApi.KIND)
@Plural(TaskOverflowApi.PLURAL)
@ShortNames("tof")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase")
@AdditionalPrinterColumn(name = "Database", jsonPath = ".spec.database.mode")
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(name = "URL", jsonPath = ".status.app.url")
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
// Objects are named after the resource (<name>-db, <name>-postgres-0, Services): keep room for the
// suffixes and start with a letter, as Service names must.
@ValidationRule(
    value = "self.metadata.name.matches('^[a-z]([-a-z0-9]{0,38}[a-z0-9])?$')",
    message =
        "metadata.name must be 1-40 lowercase letters, digits or '-', start with a letter and end"
            + " with a letter or digit")
@ValidationRule(
    value =
        "!has(self.spec) || !has(self.spec.database) || !has(self.spec.database.external)"
            + " || self.spec.database.external.secretRef.name != self.metadata.name + '-db'",
    message =
        "spec.database.external.secretRef.name must not be <metadata.name>-db: the operator writes"
            + " that Secret")
public class TaskOverflow extends CustomResource<TaskOverflowSpec, TaskOverflowStatus>
    implements Namespaced {

  /** Why the stored spec cannot be read into the model, or null. */
  @JsonIgnore private UnreadableField unreadableSpec;

  /**
   * The stored spec when it cannot be read, written back as it was: JOSDK reconciles a copy made by
   * writing and reading the resource, which must read the same; and a patch computed from a copy
   * leaves the user's spec alone. Not part of the schema: it only ever repeats {@code spec}.
   */
  @JsonAnyGetter
  @SchemaFrom(type = void.class)
  private Map<String, JsonNode> unreadableParts = Map.of();

  /**
   * A resource without a spec gets the one {@code spec: {}} gets: the same defaults, so that the
   * two mean the same. (The API server checks a default against the CEL rules without applying
   * nested defaults; it applies them when it defaults a resource.)
   */
  @Override
  @Default("{\"database\":{\"mode\":\"InCluster\",\"name\":\"todo\"}}")
  public TaskOverflowSpec getSpec() {
    return super.getSpec();
  }

  @Override
  public void setSpec(TaskOverflowSpec spec) {
    super.setSpec(spec);
    unreadableSpec = null;
    unreadableParts = Map.of();
  }

  /**
   * Why the operator cannot work from this resource's spec, if it cannot: the stored spec cannot be
   * read into the model, or it lacks a value that the CRD's defaults guarantee (which happens only
   * while another CRD is installed). The message names the field.
   */
  public Optional<String> specProblem() {
    if (unreadableSpec != null) {
      return Optional.of(unreadableSpec.message());
    }
    TaskOverflowSpec spec = getSpec();
    if (spec == null) {
      return Optional.of("spec is missing");
    }
    if (spec.replicas() == null) {
      return missing("spec.replicas");
    }
    if (spec.database() == null) {
      return missing("spec.database");
    }
    if (spec.database().mode() == null) {
      return missing("spec.database.mode");
    }
    if (spec.database().name() == null) {
      return missing("spec.database.name");
    }
    return Optional.empty();
  }

  private static Optional<String> missing(String field) {
    return Optional.of(field + " is missing: the installed CRD did not default it");
  }

  @JsonSetter("spec")
  @JsonDeserialize(using = TolerantReading.SpecReader.class)
  void readSpec(TolerantReading<TaskOverflowSpec> reading) {
    setSpec(reading == null ? null : reading.value());
    if (reading != null && reading.problem() != null) {
      unreadableSpec = reading.problem();
      unreadableParts = Map.of("spec", reading.stored());
    }
  }

  /** A status that cannot be read is the operator's to write again: it reads as none. */
  @JsonSetter("status")
  @JsonDeserialize(using = TolerantReading.StatusReader.class)
  void readStatus(TolerantReading<TaskOverflowStatus> reading) {
    setStatus(reading == null ? null : reading.value());
  }
}
