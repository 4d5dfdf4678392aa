package io.taskoverflow.operator.flow;

import io.javaoperatorsdk.operator.processing.dependent.workflow.WorkflowBuilder;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.operator.database.DatabaseUsable;
import io.taskoverflow.operator.external.ExternalDatabase;

/**
 * Mode External: the database is the user's, named by a URI in a Secret of theirs.
 *
 * <pre>
 * connection Secret ──> todo Deployment   ready: every replica (AppReady)
 *   (from the user's Secret;   todo NetworkPolicy (policies on; egress to the URI's port)
 *    ready: its URI can be used: DatabaseReady)
 * todo Service, Ingress (if spec.ingress): no wait
 * </pre>
 */
final class ExternalFlow {

  private ExternalFlow() {}

  static DatabaseFlow of(SharedNodes shared) {
    var flow = new WorkflowBuilder<TaskOverflow>();
    flow.addDependentResourceAndConfigure(shared.connection())
        .withReadyPostcondition(new DatabaseUsable(ExternalDatabase.PROVISIONER));
    return new DatabaseFlow(
        shared.addTodoService(flow, shared.connection()).build(),
        ExternalDatabase.PROVISIONER,
        shared.connection());
  }
}
