package io.taskoverflow.operator.testsupport;

import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test class the {@link SharedKubeApiServer} of this JVM, starting it on first use, and
 * resolves parameters of type {@link KubernetesClient} (admin) and {@link SharedKubeApiServer}.
 */
public final class KubeApiServerExtension implements BeforeAllCallback, ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(KubeApiServerExtension.class);

  /** The JVM-wide server; kept in the root store, which JUnit closes when the run ends. */
  static SharedKubeApiServer server(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            SharedKubeApiServer.class,
            key -> SharedKubeApiServer.start(),
            SharedKubeApiServer.class);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    server(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == KubernetesClient.class || type == SharedKubeApiServer.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    SharedKubeApiServer server = server(context);
    return parameter.getParameter().getType() == KubernetesClient.class ? server.client() : server;
  }
}
