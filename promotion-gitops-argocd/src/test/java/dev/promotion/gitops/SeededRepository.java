package dev.promotion.gitops;

import dev.promotion.git.CommitMessage;
import dev.promotion.git.GitRepository;
import dev.promotion.git.Identity;
import dev.promotion.git.Plan;
import dev.promotion.pipeline.Application;
import dev.promotion.spi.Change;
import dev.promotion.spi.ChangeSet;
import dev.promotion.spi.Trailer;
import dev.promotion.yaml.YamlLimits;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription;
import org.eclipse.jgit.internal.storage.dfs.InMemoryRepository;

/** An in-memory GitOps repository with files written as they are, and a store over it. */
final class SeededRepository {
  static final Instant TIME = Instant.parse("2026-03-02T09:00:00Z");

  final InMemoryRepository repository =
      new InMemoryRepository(new DfsRepositoryDescription("gitops"));
  final GitRepository git = GitRepository.builder().repository(repository).build();

  GitOpsEnvironmentStore store() {
    return store(YamlLimits.defaults());
  }

  GitOpsEnvironmentStore store(YamlLimits limits) {
    return GitOpsEnvironmentStore.builder()
        .git(git)
        .pipeline(Stores.PIPELINE)
        .layout(ArgoCdLayout.of(Stores.CHARTS))
        .applications(
            List.of(
                Application.named("api"),
                new Application("worker", "api-worker", "charts/worker", "worker")))
        .limits(limits)
        .build();
  }

  SeededRepository write(String path, String text) {
    return write(path, text.getBytes(StandardCharsets.UTF_8));
  }

  SeededRepository write(String path, byte[] bytes) {
    git.update(
        s ->
            Plan.write(
                Map.of(path, bytes),
                new CommitMessage("seed " + path, List.of(), Identity.promotion(), TIME),
                0));
    return this;
  }

  Optional<String> tip() {
    return git.latest().commit();
  }

  String read(String path) {
    return new String(git.latest().read(path, 1 << 24).orElseThrow(), StandardCharsets.UTF_8);
  }

  static ChangeSet changeSet(Change... changes) {
    return new ChangeSet(
        List.of(changes),
        "promote",
        List.of(new Trailer("Promotion-Actor", "ci")),
        "ci",
        TIME.plusSeconds(60));
  }
}
