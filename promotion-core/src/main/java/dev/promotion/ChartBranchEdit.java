package dev.promotion;

import dev.promotion.chart.ChartYaml;
import dev.promotion.pipeline.Application;
import dev.promotion.result.Step;
import dev.promotion.spi.CommitResult;
import dev.promotion.spi.FileCommit;
import dev.promotion.version.ChartVersion;
import java.util.Optional;

/** Sets the chart version in {@code Chart.yaml} on a branch, compare-and-swap on its content. */
final class ChartBranchEdit {
  private ChartBranchEdit() {}

  static Step setVersion(
      Context context,
      Run<?> run,
      String step,
      Application app,
      String branch,
      ChartYaml chart,
      ChartVersion target,
      String subject) {
    if (chart.version().equals(target)) {
      return run.record(Step.alreadyDone(step, branch + " says " + target));
    }
    String change = branch + " " + chart.version() + " -> " + target;
    return run.write(
        step,
        change,
        () -> {
          CommitResult result =
              context
                  .scm()
                  .commitFile(
                      new FileCommit(
                          branch,
                          app.chartYamlPath(),
                          Optional.of(chart.text()),
                          chart.withVersion(target).text(),
                          Audit.message(subject, Audit.identity(context.settings())),
                          context.settings().actor()));
          return result instanceof CommitResult.Committed
              ? Step.done(step, change + " (" + result.commit() + ")")
              : Step.alreadyDone(step, branch + " says " + target);
        });
  }
}
