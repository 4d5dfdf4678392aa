package io.taskoverflow.operator.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The operator at scale: for each size, on a cluster of its own whose nodes and kubelets KWOK
 * plays, a burst of InCluster TaskOverflows until all are Ready, the idle minutes after, and a
 * restart with all of them stored. Run by {@code scripts/bench-operator.sh --scale} ({@code make
 * bench-scale}), which documents the options; prints markdown, and writes it to {@code --output
 * FILE} as well when given. Asserts none of its figures; fails when a resource is not Ready.
 */
public final class ScaleBenchmark {

  private ScaleBenchmark() {}

  public static void main(String[] args) throws Exception {
    ScaleSettings settings = ScaleSettings.parse(args);
    List<ScaleResult> results = new ArrayList<>();
    for (int size : settings.sizes()) {
      ScaleRun.log("%d TaskOverflows", size);
      results.add(new ScaleRun(settings, size).run());
      if (results.size() < settings.sizes().size()) {
        // What is measured so far, in case a larger size does not finish.
        System.err.print(ScaleReport.markdown(settings, results));
      }
    }
    String markdown = ScaleReport.markdown(settings, results);
    System.out.println();
    System.out.print(markdown);
    if (!settings.output().isEmpty()) {
      Files.writeString(Path.of(settings.output()), markdown);
    }
    // A smoke test as well: the figures are for a reader, but a resource that never became Ready,
    // or was not Ready once a restarted operator went quiet, fails the run.
    List<String> failures =
        results.stream().filter(r -> !r.allServed()).map(r -> r.resources + " resources").toList();
    failures.forEach(size -> System.err.println("not every TaskOverflow was Ready: " + size));
    // kube-api-test and fabric8 leave non-daemon threads behind; the servers are stopped already.
    System.exit(failures.isEmpty() ? 0 : 1);
  }
}
