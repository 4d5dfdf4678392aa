package io.taskoverflow.operator.testsupport;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a {@link KubeControllerManager} beside the shared API server while one test class runs.
 * Register it after {@link KubeApiServerExtension}:
 * {@code @ExtendWith({KubeApiServerExtension.class, KubeControllerManagerExtension.class})}.
 */
public final class KubeControllerManagerExtension implements BeforeAllCallback {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(KubeControllerManagerExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    // In the class-level store, so JUnit closes it (stops the process) after the class.
    context
        .getStore(NAMESPACE)
        .put(
            KubeControllerManager.class,
            KubeControllerManager.start(KubeApiServerExtension.server(context)));
  }
}
