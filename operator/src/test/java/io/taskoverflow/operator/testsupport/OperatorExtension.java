package io.taskoverflow.operator.testsupport;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs the operator in-process while one test class runs, against the shared API server. Register
 * it after {@link KubeApiServerExtension} (and after {@link KubeControllerManagerExtension} when
 * both are used).
 */
public final class OperatorExtension implements BeforeAllCallback {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(OperatorExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    RunningOperator operator =
        RunningOperator.start(KubeApiServerExtension.server(context).client());
    // In the class-level store: JUnit closes it, stopping the operator, after the class.
    context.getStore(NAMESPACE).put(RunningOperator.class, operator);
  }
}
