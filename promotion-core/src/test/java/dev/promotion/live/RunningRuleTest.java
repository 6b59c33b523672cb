package dev.promotion.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promotion.pipeline.Application;
import dev.promotion.spi.LiveApplication;
import dev.promotion.spi.LiveObservation;
import dev.promotion.spi.LiveObservation.Condition;
import dev.promotion.spi.LiveObservation.HealthStatus;
import dev.promotion.spi.LiveObservation.HistoryItem;
import dev.promotion.spi.LiveObservation.OperationPhase;
import dev.promotion.spi.LiveObservation.OperationState;
import dev.promotion.spi.LiveObservation.Source;
import dev.promotion.spi.LiveObservation.SyncStatus;
import dev.promotion.version.ChartVersion;
import dev.promotion.version.ImageDigest;
import dev.promotion.version.ImageTag;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("RunningRule: what 'runs version V' means")
class RunningRuleTest {
  private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
  private static final Application API = Application.named("api");
  private static final Application WEB = Application.image("web", "registry.example/web");
  private static final String DIGEST = "sha256:" + "a".repeat(64);
  private static final LiveApplication APP =
      new LiveApplication("dev", "api-dev", Optional.empty());

  private static OperationState op(OperationPhase phase, String revision, Instant finished) {
    return new OperationState(
        phase, "", List.of(revision), Optional.of(T0), Optional.ofNullable(finished));
  }

  private static LiveObservation observed(
      List<Source> sources,
      List<String> revisions,
      HealthStatus health,
      SyncStatus sync,
      Optional<OperationState> operation,
      Optional<Instant> reconciledAt,
      List<Condition> conditions,
      List<String> images) {
    return new LiveObservation(
        APP,
        true,
        sources,
        sync,
        revisions,
        health,
        Optional.empty(),
        Optional.of(T0.plusSeconds(30)),
        false,
        operation,
        reconciledAt,
        conditions,
        List.of(new HistoryItem(1, revisions, T0.plusSeconds(20))),
        images);
  }

  private static LiveObservation healthyChart(String revision) {
    return observed(
        List.of(chartSource()),
        List.of(revision),
        HealthStatus.HEALTHY,
        SyncStatus.SYNCED,
        Optional.of(op(OperationPhase.SUCCEEDED, revision, T0.plusSeconds(20))),
        Optional.of(T0.plusSeconds(40)),
        List.of(),
        List.of());
  }

  private static Source chartSource() {
    return new Source("oci://r/charts", Optional.of("api"), Optional.empty(), "0.1.1");
  }

  private static RunningRule rule(String version) {
    return new RunningRule(API, ChartVersion.parse(version), Optional.empty(), false);
  }

  @Test
  @DisplayName(
      "healthy, synced, reconciled after the sync: runs, since the later of health and deployment")
  void runs() {
    LiveVerdict verdict = rule("0.1.1").decide(List.of(healthyChart("0.1.1")));

    assertThat(verdict).isInstanceOf(LiveVerdict.Running.class);
    assertThat(((LiveVerdict.Running) verdict).since()).contains(T0.plusSeconds(30));
  }

  @Test
  @DisplayName("no reconciledAt after a finished sync is stale health: waits")
  void noReconciledAt() {
    LiveObservation o =
        observed(
            List.of(chartSource()),
            List.of("0.1.1"),
            HealthStatus.HEALTHY,
            SyncStatus.SYNCED,
            Optional.of(op(OperationPhase.SUCCEEDED, "0.1.1", T0)),
            Optional.empty(),
            List.of(),
            List.of());

    assertThat(rule("0.1.1").decide(List.of(o)).reason()).contains("not reconciled");
  }

  @Test
  @DisplayName("a failed sync of an older version does not fail the wait for the new one")
  void olderFailedSync() {
    LiveObservation o =
        observed(
            List.of(chartSource()),
            List.of("0.1.0"),
            HealthStatus.HEALTHY,
            SyncStatus.OUT_OF_SYNC,
            Optional.of(op(OperationPhase.FAILED, "0.0.9", T0)),
            Optional.of(T0.plusSeconds(1)),
            List.of(),
            List.of());

    LiveVerdict verdict = rule("0.1.1").decide(List.of(o));

    assertThat(verdict).isInstanceOf(LiveVerdict.Waiting.class);
    assertThat(verdict.reason()).isEqualTo("synced 0.1.0, want 0.1.1");
  }

  @Test
  @DisplayName("an Error phase on the wanted version fails fast")
  void errorPhase() {
    LiveObservation o =
        observed(
            List.of(chartSource()),
            List.of("0.1.0"),
            HealthStatus.HEALTHY,
            SyncStatus.OUT_OF_SYNC,
            Optional.of(op(OperationPhase.ERROR, "0.1.1", T0)),
            Optional.of(T0.plusSeconds(1)),
            List.of(),
            List.of());

    assertThat(rule("0.1.1").decide(List.of(o)))
        .isInstanceOf(LiveVerdict.Failed.class)
        .satisfies(v -> assertThat(v.reason()).contains("ended Error"));
  }

  @Test
  @DisplayName("Degraded on the old version is not a failure of the new one: it waits")
  void degradedOldVersion() {
    LiveObservation o =
        observed(
            List.of(chartSource()),
            List.of("0.1.0"),
            HealthStatus.DEGRADED,
            SyncStatus.OUT_OF_SYNC,
            Optional.of(op(OperationPhase.SUCCEEDED, "0.1.0", T0)),
            Optional.of(T0.plusSeconds(1)),
            List.of(),
            List.of());

    assertThat(rule("0.1.1").decide(List.of(o))).isInstanceOf(LiveVerdict.Waiting.class);
  }

  @Test
  @DisplayName("an InvalidSpecError condition keeps it from running")
  void invalidSpec() {
    LiveObservation o =
        observed(
            List.of(chartSource()),
            List.of("0.1.1"),
            HealthStatus.HEALTHY,
            SyncStatus.SYNCED,
            Optional.of(op(OperationPhase.SUCCEEDED, "0.1.1", T0)),
            Optional.of(T0.plusSeconds(1)),
            List.of(new Condition("InvalidSpecError", "bad destination", Optional.empty())),
            List.of());

    assertThat(rule("0.1.1").decide(List.of(o)).reason())
        .isEqualTo("InvalidSpecError: bad destination");
  }

  @Test
  @DisplayName("a multi-source app is judged by the revision of the source with the app's chart")
  void multiSourceByChartName() {
    Source values = new Source("https://git/x", Optional.empty(), Optional.of("values"), "main");
    Source other = new Source("oci://r/charts", Optional.of("redis"), Optional.empty(), "0.1.1");
    LiveObservation o =
        observed(
            List.of(values, other, chartSource()),
            List.of("f".repeat(40), "0.1.1", "0.1.0"),
            HealthStatus.HEALTHY,
            SyncStatus.SYNCED,
            Optional.of(op(OperationPhase.SUCCEEDED, "0.1.0", T0)),
            Optional.of(T0.plusSeconds(1)),
            List.of(),
            List.of());

    assertThat(rule("0.1.1").decide(List.of(o)).reason()).isEqualTo("synced 0.1.0, want 0.1.1");
    assertThat(rule("0.1.0").decide(List.of(o))).isInstanceOf(LiveVerdict.Running.class);
  }

  @Test
  @DisplayName("an image app runs a tag of its own repository, or the pinned digest")
  void images() {
    LiveObservation o =
        observed(
            List.of(chartSource()),
            List.of("1.0.0"),
            HealthStatus.HEALTHY,
            SyncStatus.SYNCED,
            Optional.of(op(OperationPhase.SUCCEEDED, "1.0.0", T0)),
            Optional.of(T0.plusSeconds(1)),
            List.of(),
            List.of("registry.example/sidecar:abc1234", "registry.example/web:abc1234@" + DIGEST));

    RunningRule tag = new RunningRule(WEB, ImageTag.parse("abc1234"), Optional.empty(), false);
    RunningRule pinned =
        new RunningRule(
            WEB, ImageTag.parse("abc1234"), Optional.of(ImageDigest.parse(DIGEST)), false);
    RunningRule otherDigest =
        new RunningRule(
            WEB,
            ImageTag.parse("abc1234"),
            Optional.of(ImageDigest.parse("sha256:" + "b".repeat(64))),
            false);
    RunningRule otherTag = new RunningRule(WEB, ImageTag.parse("def5678"), Optional.empty(), false);

    assertThat(tag.decide(List.of(o)).running()).isTrue();
    assertThat(pinned.decide(List.of(o)).running()).isTrue();
    assertThat(otherDigest.decide(List.of(o)).running()).isFalse();
    assertThat(otherTag.decide(List.of(o)).reason())
        .contains("runs registry.example/web:abc1234@" + DIGEST)
        .contains("want registry.example/web:def5678");
  }

  @Test
  @DisplayName(
      "an image app fails fast on a failed sync that started after git declared the tag, not on"
          + " an older one")
  void imageFailedSync() {
    LiveObservation o =
        observed(
            List.of(chartSource()),
            List.of("1.0.0"),
            HealthStatus.HEALTHY,
            SyncStatus.OUT_OF_SYNC,
            Optional.of(
                new OperationState(
                    OperationPhase.FAILED,
                    "one or more objects failed to apply",
                    List.of("f".repeat(40)),
                    Optional.of(T0.plusSeconds(10)),
                    Optional.of(T0.plusSeconds(20)))),
            Optional.of(T0.plusSeconds(21)),
            List.of(),
            List.of("registry.example/web:abc1234"));
    RunningRule rule = new RunningRule(WEB, ImageTag.parse("def5678"), Optional.empty(), false);

    assertThat(rule.decide(List.of(o))).isInstanceOf(LiveVerdict.Waiting.class);
    assertThat(rule.declaredAt(T0.plusSeconds(15)).decide(List.of(o)))
        .isInstanceOf(LiveVerdict.Waiting.class);
    assertThat(rule.declaredAt(T0).decide(List.of(o)))
        .isInstanceOf(LiveVerdict.Failed.class)
        .satisfies(v -> assertThat(v.reason()).contains("ended Failed"));
  }

  @Test
  @DisplayName("no application at all waits, saying so")
  void noApplication() {
    assertThat(rule("0.1.1").decide(List.of()).reason()).contains("no Argo CD application");
  }
}
