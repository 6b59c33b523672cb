package dev.promotion.gitops;

import dev.promotion.error.ConcurrentModificationException;
import dev.promotion.git.GitRepository;
import dev.promotion.spi.ApplyResult;
import dev.promotion.spi.Change;
import dev.promotion.spi.ChangeSet;
import dev.promotion.spi.Trailer;
import dev.promotion.version.ChartVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * One promotion in its own JVM, as one CI job runs it: its own on-disk clone of the GitOps
 * repository, the engine's default retry policy. It reads the app first (the first fetch), says it
 * is ready by creating {@code ready-<id>} in the barrier directory, waits for {@code go}, then
 * promotes and prints {@code RESULT <id> <applied|already|conflict|failed> <latency ms> <finished
 * epoch ms>}. Exit 0 when applied or already done, 4 on ConcurrentModificationException (as the
 * command line), 1 otherwise.
 *
 * <p>Arguments: url, clone directory, app, environment, expected version, target version, barrier
 * directory, id.
 */
public final class PromoteOneApp {
  private PromoteOneApp() {}

  public static void main(String[] args) throws Exception {
    String url = args[0];
    Path clone = Path.of(args[1]);
    String app = args[2];
    String environment = args[3];
    ChartVersion expected = ChartVersion.parse(args[4]);
    ChartVersion target = ChartVersion.parse(args[5]);
    Path barrier = Path.of(args[6]);
    String id = args[7];
    int exit;
    try (GitRepository git = GitRepository.builder().remote(url).cacheDirectory(clone).build()) {
      GitOpsEnvironmentStore store =
          GitOpsEnvironmentStore.builder()
              .git(git)
              .pipeline(Stores.PIPELINE)
              .layout(ArgoCdLayout.of(Stores.CHARTS))
              .build();
      store.current(app, environment);
      Files.createFile(barrier.resolve("ready-" + id));
      awaitGo(barrier.resolve("go"));
      long start = System.nanoTime();
      String result;
      try {
        ApplyResult applied =
            store.apply(
                new ChangeSet(
                    List.of(Change.of(app, environment, expected, target)),
                    "promote " + app + " " + target + " to " + environment,
                    List.of(new Trailer("Promotion-Actor", "ci-" + id)),
                    "ci",
                    Instant.now()));
        result = applied instanceof ApplyResult.Applied ? "applied" : "already";
        exit = 0;
      } catch (ConcurrentModificationException e) {
        System.err.println(e.getMessage());
        result = "conflict";
        exit = 4;
      } catch (RuntimeException e) {
        e.printStackTrace();
        result = "failed";
        exit = 1;
      }
      long latency = (System.nanoTime() - start) / 1_000_000;
      System.out.println(
          "RESULT " + id + " " + result + " " + latency + " " + System.currentTimeMillis());
    }
    System.exit(exit);
  }

  private static void awaitGo(Path go) throws InterruptedException {
    long deadline = System.nanoTime() + 300_000_000_000L;
    while (!Files.exists(go)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("no go signal within 300 s");
      }
      Thread.sleep(2);
    }
  }
}
