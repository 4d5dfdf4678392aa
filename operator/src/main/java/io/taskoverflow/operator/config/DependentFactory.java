package io.taskoverflow.operator.config;

import io.javaoperatorsdk.operator.api.config.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.config.dependent.DependentResourceSpec;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResourceFactory;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Builds the dependents that need operator settings (default images) with those settings; JOSDK
 * builds the others itself. Keeps configuration out of static state.
 */
@SuppressWarnings({"rawtypes", "unchecked"})
public final class DependentFactory
    implements DependentResourceFactory<ControllerConfiguration<?>, DependentResourceSpec> {

  private final Map<Class<?>, Supplier<DependentResource>> configured;

  public DependentFactory(Map<Class<?>, Supplier<DependentResource>> configured) {
    this.configured = Map.copyOf(configured);
  }

  @Override
  public DependentResource createFrom(
      DependentResourceSpec spec, ControllerConfiguration<?> controllerConfiguration) {
    Supplier<DependentResource> supplier = configured.get(spec.getDependentResourceClass());
    if (supplier == null) {
      return DEFAULT.createFrom(spec, controllerConfiguration);
    }
    DependentResource dependent = supplier.get();
    configure(dependent, spec, controllerConfiguration);
    return dependent;
  }

  @Override
  public Class<?> associatedResourceType(DependentResourceSpec spec) {
    Supplier<DependentResource> supplier = configured.get(spec.getDependentResourceClass());
    return supplier == null ? DEFAULT.associatedResourceType(spec) : supplier.get().resourceType();
  }
}
