package dev.promotion.registry.oci;

import dev.promotion.spi.ChartContent;
import dev.promotion.spi.PushResult;
import dev.promotion.testkit.fixture.ChartFixture;
import dev.promotion.version.ChartVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The second process of {@link OciLayoutConcurrencyTest}: pushes versions {@code {prefix}.0} to
 * {@code {prefix}.(count-1)} of a chart, each followed by a version shared with the test's own
 * pushers, and prints one line per push. It prepares everything, creates the file {@code ready} and
 * starts pushing once the file {@code go} exists, so that both processes write at the same time.
 */
public final class ConcurrentPusher {
  private ConcurrentPusher() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    OciLayoutChartRegistry registry =
        OciLayoutChartRegistry.builder().root(Path.of(args[0])).build();
    String chart = args[1];
    String prefix = args[2];
    int count = Integer.parseInt(args[3]);
    ChartVersion shared = ChartVersion.parse(args[4]);
    Path ready = Path.of(args[5]);
    Path go = Path.of(args[6]);
    List<ChartVersion> versions = new ArrayList<>();
    List<ChartContent> contents = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      versions.add(ChartVersion.parse(prefix + "." + i));
      contents.add(ChartFixture.chart(chart, versions.get(i)).content());
    }
    ChartContent sharedContent = ChartFixture.chart(chart, shared).content();
    Files.createFile(ready);
    while (!Files.exists(go)) {
      Thread.sleep(1);
    }
    for (int i = 0; i < count; i++) {
      report(registry.push(chart, versions.get(i), contents.get(i), Map.of()));
      report(registry.push(chart, shared, sharedContent, Map.of()));
    }
  }

  private static void report(PushResult result) {
    System.out.println(result.getClass().getSimpleName() + " " + result.artifact().version());
  }
}
