package io.taskoverflow.operator.flow;

import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Workflow;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.operator.database.DatabaseProvisioner;

/**
 * What a TaskOverflow of one database mode is made of: the workflow of its dependents, and what the
 * reconciler reads of it.
 *
 * @param workflow the dependents, their order and what each waits on
 * @param provisioner what the mode says of its database (connection data, the user's Secret)
 * @param database the node whose ready post-condition tells whether the database can be used; its
 *     detail becomes the DatabaseReady condition
 */
public record DatabaseFlow(
    Workflow<TaskOverflow> workflow,
    DatabaseProvisioner provisioner,
    DependentResource<?, TaskOverflow> database) {}
