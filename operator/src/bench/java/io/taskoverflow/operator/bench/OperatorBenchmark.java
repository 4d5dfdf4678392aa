package io.taskoverflow.operator.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The operator against a real kube-apiserver under a burst of TaskOverflows: how soon each gets its
 * StatefulSet and Deployment, how soon all are Ready, what each costs in API requests, and how much
 * memory the operator takes meanwhile. Run by {@code scripts/bench-operator.sh}, which documents
 * the options; prints markdown, and writes it to {@code --output FILE} as well when given.
 *
 * <p>Measures, never asserts: the figures depend on the machine, and the targets are printed beside
 * them for a reader to judge.
 */
public final class OperatorBenchmark {

  private OperatorBenchmark() {}

  public static void main(String[] args) throws Exception {
    BenchmarkSettings settings = BenchmarkSettings.parse(args);
    List<RunResult> results = new ArrayList<>();
    for (int run = 1; run <= settings.runs(); run++) {
      BenchmarkRun.log("run %d of %d", run, settings.runs());
      results.add(new BenchmarkRun(settings).run());
    }
    String markdown = Report.markdown(settings, results);
    System.out.println();
    System.out.print(markdown);
    if (!settings.output().isEmpty()) {
      Files.writeString(Path.of(settings.output()), markdown);
    }
    // kube-api-test and fabric8 leave non-daemon threads behind; the servers are stopped already.
    System.exit(0);
  }
}
