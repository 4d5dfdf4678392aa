package io.taskoverflow.crd;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.taskoverflow.crd.spec.ComputeResources;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The values of requests and limits in the committed CRD carry the quantity grammar, which admits
 * what fabric8 can read and nothing the API server would not take as a quantity.
 */
class CrdQuantityValuesTest {

  private static final Pattern QUANTITY = Pattern.compile(ComputeResources.QUANTITY);

  @Test
  void everyRequestsAndLimitsValueOfTheCommittedCrdHasThePattern() {
    JSONSchemaProps spec = CommittedCrd.spec();

    for (JSONSchemaProps resources :
        new JSONSchemaProps[] {
          spec.getProperties().get("resources"),
          spec.getProperties()
              .get("database")
              .getProperties()
              .get("inCluster")
              .getProperties()
              .get("resources")
        }) {
      for (String map : new String[] {"requests", "limits"}) {
        JSONSchemaProps value =
            resources.getProperties().get(map).getAdditionalProperties().getSchema();
        assertThat(value.getPattern()).as(map).isEqualTo(ComputeResources.QUANTITY);
        assertThat(value.getMaxLength()).as(map).isEqualTo(64L);
      }
    }
    assertThat(QuantityValues.constrain(new JSONSchemaProps())).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"1", "2", "0.5", "100m", "256Mi", "1.5Gi", "1e9", "1E3", "5e-3", "2G"})
  void kubernetesQuantitiesMatch(String quantity) {
    assertThat(QUANTITY.matcher(quantity).matches()).isTrue();
    assertThat(new io.fabric8.kubernetes.api.model.Quantity(quantity).getNumericalAmount())
        .as("fabric8 reads it")
        .isNotNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "5e3Mi", "-1", "+1", "1 Gi", "256mi", "1KB", ".5", "1.", "e3", "1e"})
  void whatIsNoQuantityOrCannotBeReadDoesNotMatch(String notAQuantity) {
    assertThat(QUANTITY.matcher(notAQuantity).matches()).isFalse();
  }
}
