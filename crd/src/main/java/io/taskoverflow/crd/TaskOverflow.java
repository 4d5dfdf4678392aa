package io.taskoverflow.crd;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
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
    implements Namespaced {}
