package dev.promotion.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promotion.error.ConcurrentModificationException;
import dev.promotion.error.InvalidNameException;
import dev.promotion.spi.ApplyResult;
import dev.promotion.spi.Change;
import dev.promotion.spi.ChangeSet;
import dev.promotion.version.ChartVersion;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("InMemoryEnvironmentStore beyond the contract")
class InMemoryEnvironmentStoreTest {
  private static final ChartVersion V1 = ChartVersion.parse("0.1.0");
  private static final ChartVersion V2 = ChartVersion.parse("0.2.0");

  @Test
  @DisplayName("the same change sets give the same revision ids, 40 hex characters like git")
  void deterministicRevisions() {
    InMemoryEnvironmentStore a = new InMemoryEnvironmentStore();
    InMemoryEnvironmentStore b = new InMemoryEnvironmentStore();

    String ra = revision(a.apply(set(Change.create("api", "prod", V1))));
    String rb = revision(b.apply(set(Change.create("api", "prod", V1))));
    String next = revision(a.apply(set(Change.of("api", "prod", V1, V2))));

    assertThat(ra).isEqualTo(rb).matches("[0-9a-f]{40}");
    assertThat(next).isNotEqualTo(ra);
    assertThat(a.revisions()).containsExactly(ra, next);
  }

  @Test
  @DisplayName("an app is declared at environments/{env}/{app}")
  void location() {
    InMemoryEnvironmentStore store = new InMemoryEnvironmentStore();
    store.apply(set(Change.create("api", "prod", V1)));

    assertThat(store.current("api", "prod").orElseThrow().locations())
        .containsExactly("environments/prod/api");
    assertThat(store).hasToString("InMemoryEnvironmentStore{prod/api=0.1.0}");
  }

  @Test
  @DisplayName("a conflict names the target and both versions, or that nothing is declared")
  void conflictContext() {
    InMemoryEnvironmentStore store = new InMemoryEnvironmentStore();

    assertThatThrownBy(() -> store.apply(set(Change.of("api", "prod", V1, V2))))
        .isInstanceOfSatisfying(
            ConcurrentModificationException.class,
            e -> {
              assertThat(e.target()).isEqualTo("api in prod");
              assertThat(e.expected()).isEqualTo("0.1.0");
              assertThat(e.actual()).isEqualTo("nothing declared");
            });
  }

  @Test
  @DisplayName("rejects unsafe names and a history limit below 1")
  void validation() {
    InMemoryEnvironmentStore store = new InMemoryEnvironmentStore();

    assertThatThrownBy(() -> store.current("../api", "prod"))
        .isInstanceOf(InvalidNameException.class);
    assertThatThrownBy(() -> store.list("prod/x")).isInstanceOf(InvalidNameException.class);
    assertThatThrownBy(() -> store.history("api", "prod", 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static ChangeSet set(Change change) {
    return new ChangeSet(
        List.of(change), "set", List.of(), "ci", Instant.parse("2026-03-02T09:00:00Z"));
  }

  private static String revision(ApplyResult result) {
    return ((ApplyResult.Applied) result).revision();
  }
}
