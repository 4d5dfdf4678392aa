package io.taskoverflow.operator.testsupport;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.taskoverflow.crd.TaskOverflow;
import java.lang.reflect.Proxy;
import java.util.Optional;
import java.util.Set;

/**
 * A reconcile's context in which nothing exists yet: no secondary resource of any kind, as on the
 * first reconcile of a new TaskOverflow. For unit tests of a dependent's {@code desired()}.
 */
public final class EmptyContext {

  private EmptyContext() {}

  @SuppressWarnings("unchecked")
  public static Context<TaskOverflow> create() {
    return (Context<TaskOverflow>)
        Proxy.newProxyInstance(
            Context.class.getClassLoader(),
            new Class<?>[] {Context.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "getSecondaryResource" -> Optional.empty();
                  case "getSecondaryResources" -> Set.of();
                  default ->
                      throw new UnsupportedOperationException(
                          "not in an empty context: " + method.getName());
                });
  }
}
