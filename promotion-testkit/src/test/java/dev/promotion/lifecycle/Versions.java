package dev.promotion.lifecycle;

import dev.promotion.Promotions;
import dev.promotion.Settings;
import dev.promotion.gate.Gates;
import dev.promotion.gate.PromotionGate;
import dev.promotion.pipeline.Application;
import dev.promotion.testkit.InMemoryChartRegistry;
import dev.promotion.testkit.InMemoryEnvironmentStore;
import dev.promotion.testkit.InMemorySourceControl;
import dev.promotion.testkit.MutableClock;
import dev.promotion.testkit.fixture.GitOpsFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A world of apps that are not release-candidate charts, on in-memory backends: {@code web}
 * promotes image tags, {@code cert-manager} promotes chart versions as its publisher writes them
 * ({@code v1.11.0}), over the pipeline of {@link World#PIPELINE}. The registry holds no chart: none
 * of these apps needs one.
 */
final class Versions {
  static final String D1 = "sha256:" + "1".repeat(64);
  static final String D2 = "sha256:" + "2".repeat(64);
  static final String D3 = "sha256:" + "3".repeat(64);

  static final Application WEB = Application.image("web", "ghcr.io/acme/web");
  static final Application CERT_MANAGER =
      new Application(
          "cert-manager", "cert-manager", "charts/cert-manager", "quay.io/jetstack/cert-manager");

  final MutableClock clock = MutableClock.at("2026-11-02T09:00:00Z");
  final InMemoryEnvironmentStore store;
  final InMemoryChartRegistry registry = new InMemoryChartRegistry();
  final InMemorySourceControl scm;
  final Path workDir;
  List<PromotionGate> gates = Gates.defaults();

  Versions(Path workDir) {
    this(workDir, new InMemoryEnvironmentStore(), InMemorySourceControl.builder());
  }

  Versions(Path workDir, InMemoryEnvironmentStore store, InMemorySourceControl.Builder scm) {
    this.workDir = workDir;
    this.store = store;
    this.scm = scm.clock(clock).build();
    this.scm.branch("main").commit("Initial commit", Map.of("README.md", "web\n"));
  }

  Versions gates(List<PromotionGate> value) {
    this.gates = value;
    return this;
  }

  Promotions promotions() {
    return Promotions.builder()
        .pipeline(World.PIPELINE)
        .application(WEB)
        .application(CERT_MANAGER)
        .environments(store)
        .registry(registry)
        .sourceControl(scm)
        .clock(clock)
        .gates(gates)
        .settings(
            Settings.defaults().withActor("alice").withWorkDirectory(workDir.resolve("spool")))
        .build();
  }

  /** Declares through the store, as a CI job or a person would, a minute later each time. */
  GitOpsFixture fixture() {
    clock.advance(Duration.ofMinutes(1));
    return GitOpsFixture.on(store).clock(clock).actor("ci");
  }

  /** Everything the backends hold, comparable with {@code equals}. */
  Map<String, Object> snapshot() {
    Map<String, Object> all = new TreeMap<>();
    for (String env : World.PIPELINE.names()) {
      store
          .list(env)
          .forEach(
              d -> {
                all.put(d.app() + "@" + env, d.version().text() + d.digest().map(x -> "@" + x));
                all.put("history " + d.app() + "@" + env, store.history(d.app(), env, 1000));
              });
    }
    all.put("revisions", new ArrayList<>(store.revisions()));
    all.put("tags", scm.listTags());
    all.put("releases", scm.releases());
    all.put("branches", scm.branches());
    all.put("dispatches", scm.dispatches());
    all.put("charts", registry.versions("cert-manager"));
    return all;
  }
}
