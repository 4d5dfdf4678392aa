package io.taskoverflow.crd;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Build step: writes the generated CRD, with a do-not-edit header, to the files users apply. The
 * generator sorts printer columns by JSON path; {@code kubectl get} should show them in the order
 * they are declared on {@link TaskOverflow}. It writes no pattern for a quantity: {@link
 * QuantityValues} adds it.
 */
public final class CrdPublisher {

  private static final String HEADER =
      "# Generated from the Java model in crd/src by the build (mvn -pl crd package); do not edit.\n";

  private CrdPublisher() {}

  /** Arguments: the generated CRD file, then every file to write. */
  public static void main(String[] args) throws IOException {
    CustomResourceDefinition crd;
    try (InputStream in = Files.newInputStream(Path.of(args[0]))) {
      crd = Serialization.unmarshal(in, CustomResourceDefinition.class);
    }
    List<String> declared =
        Arrays.stream(TaskOverflow.class.getAnnotationsByType(AdditionalPrinterColumn.class))
            .map(AdditionalPrinterColumn::name)
            .toList();
    for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
      version
          .getAdditionalPrinterColumns()
          .sort(Comparator.comparingInt(column -> declared.indexOf(nameOf(column))));
    }
    QuantityValues.constrain(crd);
    String yaml = HEADER + Serialization.asYaml(crd).replaceFirst("^---\n", "");
    for (int i = 1; i < args.length; i++) {
      Path target = Path.of(args[i]);
      Files.createDirectories(target.getParent());
      Files.writeString(target, yaml);
    }
  }

  private static String nameOf(CustomResourceColumnDefinition column) {
    return column.getName();
  }
}
