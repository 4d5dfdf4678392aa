package io.taskoverflow.operator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HeapHistogramTest {

  @Test
  void readsTheLiveBytesAndTheSecretInstances() {
    String histogram =
        """
        12345:
         num     #instances         #bytes  class name (module)
        -------------------------------------------------------
           1:         20455        5313048  [B (java.base@17.0.15)
           2:          1012          48576  io.fabric8.kubernetes.api.model.Secret
           3:             3            120  io.fabric8.kubernetes.api.model.SecretBuilder
        Total        123456       23456789
        """;
    assertThat(HeapHistogram.parse(histogram)).isEqualTo(new HeapHistogram(23456789L, 1012L));
  }
}
