package io.taskoverflow.operator.tls;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServiceDnsNamesTest {

  @Test
  void aServiceIsNamedWithItsNamespaceNeverAlone() {
    assertThat(ServiceDnsNames.of("todo-postgres", "shop"))
        .as("a bare name would be every namespace's Service of that name")
        .containsExactly(
            "todo-postgres.shop.svc", "todo-postgres.shop.svc.cluster.local", "todo-postgres.shop");
  }
}
