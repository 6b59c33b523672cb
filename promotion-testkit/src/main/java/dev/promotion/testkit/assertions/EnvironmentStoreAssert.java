package dev.promotion.testkit.assertions;

import dev.promotion.spi.Deployment;
import dev.promotion.spi.EnvironmentStore;
import dev.promotion.spi.HistoryEntry;
import dev.promotion.version.ChartVersion;
import dev.promotion.version.Version;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.assertj.core.api.AbstractAssert;

/** Assertions on what an {@link EnvironmentStore} declares. */
public final class EnvironmentStoreAssert
    extends AbstractAssert<EnvironmentStoreAssert, EnvironmentStore> {
  private static final int HISTORY_LIMIT = 1000;

  /**
   * Assertions on {@code actual}; prefer {@link PromotionAssertions#assertThat(EnvironmentStore)}.
   */
  public EnvironmentStoreAssert(EnvironmentStore actual) {
    super(actual, EnvironmentStoreAssert.class);
  }

  /**
   * Verifies that {@code app} declares {@code version} in {@code environment}, exactly as written
   * (a chart version or an image tag).
   */
  public EnvironmentStoreAssert hasVersion(String app, String environment, String version) {
    isNotNull();
    Optional<Deployment> current = actual.current(app, environment);
    if (current.isPresent() && current.get().version().text().equals(version)) {
      return this;
    }
    return hasVersion(app, environment, ChartVersion.parseDeclared(version));
  }

  /** Verifies that {@code app} declares {@code version} in {@code environment}. */
  public EnvironmentStoreAssert hasVersion(String app, String environment, Version version) {
    isNotNull();
    Optional<Deployment> current = actual.current(app, environment);
    if (current.isEmpty()) {
      fail(
          "Expected %s in %s to declare %s, but it declares nothing there. %s",
          app, environment, version, declared(environment));
    } else if (!current.get().version().equals(version)) {
      fail(
          "Expected %s in %s to declare %s, but it declares %s (in %s).",
          app, environment, version, current.get().version(), current.get().locations());
    }
    return this;
  }

  /** Verifies that {@code app} declares nothing in {@code environment}. */
  public EnvironmentStoreAssert hasNothingIn(String app, String environment) {
    isNotNull();
    actual
        .current(app, environment)
        .ifPresent(
            d ->
                fail(
                    "Expected %s to declare nothing in %s, but it declares %s (in %s).",
                    app, environment, d.version(), d.locations()));
    return this;
  }

  /**
   * Verifies the versions {@code app} was set to in {@code environment}, newest first: the current
   * version, then the one before, ... down to the first declaration.
   */
  public EnvironmentStoreAssert hasHistory(String app, String environment, String... newestFirst) {
    isNotNull();
    List<String> expected = Arrays.asList(newestFirst);
    List<String> found =
        actual.history(app, environment, HISTORY_LIMIT).stream()
            .map(HistoryEntry::version)
            .map(Version::text)
            .toList();
    if (!found.equals(expected)) {
      fail(
          "Expected the history of %s in %s, newest first, to be %s, but it is %s.",
          app, environment, expected, found);
    }
    return this;
  }

  private String declared(String environment) {
    List<Deployment> all = actual.list(environment);
    return all.isEmpty()
        ? environment + " declares no app."
        : environment
            + " declares: "
            + all.stream().map(d -> d.app() + " " + d.version()).collect(Collectors.joining(", "))
            + ".";
  }

  private void fail(String format, Object... arguments) {
    failWithMessage("%s", String.format(format, arguments));
  }
}
