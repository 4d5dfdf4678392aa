package io.taskoverflow.operator.testsupport;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * Starts one {@link MotoServer} per test JVM, resets it before every test, and resolves parameters
 * of type {@link RdsClient}, {@link Ec2Client} (configured for it and closed after their test) and
 * {@link MotoServer}.
 */
public final class MotoServerExtension
    implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(MotoServerExtension.class);

  private static MotoServer server(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(MotoServer.class, key -> MotoServer.start(), MotoServer.class);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    server(context);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    server(context).reset();
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == RdsClient.class || type == Ec2Client.class || type == MotoServer.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    MotoServer server = server(context);
    Class<?> type = parameter.getParameter().getType();
    if (type == MotoServer.class) {
      return server;
    }
    AutoCloseable client = type == RdsClient.class ? server.rdsClient() : server.ec2Client();
    // Stored under a fresh key in the requesting context's store, which JUnit closes at its end.
    context.getStore(NAMESPACE).put(new Object(), client);
    return client;
  }
}
