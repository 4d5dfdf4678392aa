package io.taskoverflow.operator.tls;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServiceDnsNamesTest {

  @Test
  void aServiceIsReachedByFourNames() {
    assertThat(ServiceDnsNames.of("todo-postgres", "shop"))
        .containsExactly(
            "todo-postgres.shop.svc",
            "todo-postgres.shop.svc.cluster.local",
            "todo-postgres.shop",
            "todo-postgres");
  }
}
