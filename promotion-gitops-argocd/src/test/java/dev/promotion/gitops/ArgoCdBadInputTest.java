package dev.promotion.gitops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.promotion.error.InvalidManifestException;
import dev.promotion.error.InvalidNameException;
import dev.promotion.error.UnknownEnvironmentException;
import dev.promotion.pipeline.Environment;
import dev.promotion.spi.Change;
import dev.promotion.version.ChartVersion;
import dev.promotion.yaml.YamlLimits;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("bad input ends in a typed error and nothing pushed")
class ArgoCdBadInputTest {
  private static final String PATH = "registry/environments/stage/pre/api.yaml";
  private static final ChartVersion RC = ChartVersion.parse("0.2.0-rc.abc1234");
  private static final ChartVersion NEXT = ChartVersion.parse("0.2.0-rc.def5678");

  private final SeededRepository repo = new SeededRepository();

  private InvalidManifestException promotionFails(GitOpsEnvironmentStore store) {
    Optional<String> before = repo.tip();
    InvalidManifestException e =
        catchThrowableOfType(
            InvalidManifestException.class,
            () -> store.apply(SeededRepository.changeSet(Change.of("api", "stage", RC, NEXT))));
    assertThat(e).as("a typed InvalidManifestException").isNotNull();
    assertThat(repo.tip()).as("nothing pushed").isEqualTo(before);
    assertThatThrownBy(() -> store.current("api", "stage"))
        .isInstanceOf(InvalidManifestException.class);
    return e;
  }

  private static String application(String source) {
    return "apiVersion: argoproj.io/v1alpha1\nkind: Application\nspec:\n" + source;
  }

  @Test
  @DisplayName("invalid YAML names the file and the line")
  void invalidYaml() {
    repo.write(PATH, application("  source: [targetRevision: 0.2.0\n  destination: {\n"));

    InvalidManifestException e = promotionFails(repo.store());

    assertThat(e.path()).isEqualTo(PATH);
    assertThat(e.line()).isPresent();
  }

  @Test
  @DisplayName("a missing targetRevision")
  void missingTargetRevision() {
    repo.write(PATH, application("  source:\n    chart: api\n"));

    assertThat(promotionFails(repo.store()))
        .hasMessageContaining(PATH)
        .hasMessageContaining("spec.source.targetRevision");
  }

  @Test
  @DisplayName("a targetRevision that is a mapping, not a scalar")
  void nonScalarTargetRevision() {
    repo.write(PATH, application("  source:\n    targetRevision:\n      version: 0.2.0\n"));

    assertThat(promotionFails(repo.store())).hasMessageContaining(PATH);
  }

  @Test
  @DisplayName("a targetRevision that is not a chart version")
  void notAVersion() {
    repo.write(PATH, application("  source:\n    targetRevision: HEAD\n"));

    assertThat(promotionFails(repo.store())).hasMessageContaining("HEAD");
  }

  @Test
  @DisplayName("an alias bomb")
  void aliasBomb() {
    StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
    char previous = 'a';
    for (char c = 'b'; c <= 'k'; c++) {
      bomb.append(c).append(": &").append(c).append(" [");
      for (int i = 0; i < 9; i++) {
        bomb.append(i == 0 ? "" : ", ").append('*').append(previous);
      }
      bomb.append("]\n");
      previous = c;
    }
    repo.write(PATH, bomb + application("  source:\n    targetRevision: 0.2.0-rc.abc1234\n"));

    assertThat(promotionFails(repo.store())).hasMessageContaining(PATH);
  }

  @Test
  @DisplayName("a manifest over the size limit is refused before it is loaded")
  void overSizeLimit() {
    repo.write(
        PATH,
        application("  source:\n    targetRevision: 0.2.0-rc.abc1234\n")
            + "# padding\n".repeat(2_000));

    assertThat(promotionFails(repo.store(new YamlLimits(4_096, 50, 64, 10))))
        .hasMessageContaining("bytes");
  }

  @Test
  @DisplayName("non-UTF-8 bytes")
  void notUtf8() {
    byte[] text =
        application("  source:\n    targetRevision: 0.2.0-rc.abc1234\n# caf\u00e9\n")
            .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    repo.write(PATH, text);

    assertThat(promotionFails(repo.store())).hasMessageContaining("UTF-8");
  }

  @Test
  @DisplayName("'..' or '/' in an app, environment or cluster name")
  void unsafeNames() {
    GitOpsEnvironmentStore store = repo.store();

    assertThatThrownBy(() -> store.current("../api", "stage"))
        .isInstanceOf(InvalidNameException.class);
    assertThatThrownBy(() -> store.current("api", "stage/../prod"))
        .isInstanceOf(InvalidNameException.class);
    assertThatThrownBy(() -> store.history("a/b", "stage", 1))
        .isInstanceOf(InvalidNameException.class);
    assertThatThrownBy(() -> store.list("..")).isInstanceOf(InvalidNameException.class);
    assertThatThrownBy(() -> Change.create("..", "stage", RC))
        .isInstanceOf(InvalidNameException.class);
    assertThatThrownBy(() -> Environment.of("prod", "eu/../us"))
        .isInstanceOf(InvalidNameException.class);
    assertThat(repo.tip()).isEmpty();
  }

  @Test
  @DisplayName("an environment the pipeline does not define")
  void unknownEnvironment() {
    GitOpsEnvironmentStore store = repo.store();

    assertThatThrownBy(() -> store.current("api", "qa"))
        .isInstanceOf(UnknownEnvironmentException.class);
    assertThatThrownBy(
            () -> store.apply(SeededRepository.changeSet(Change.create("api", "qa", RC))))
        .isInstanceOf(UnknownEnvironmentException.class);
    assertThat(repo.tip()).isEmpty();
  }

  @Test
  @DisplayName(
      "a path pattern that could escape its directory, lacks {env} or {app}, puts {app} in two"
          + " segments or has an unknown placeholder")
  void badPatterns() {
    assertThatThrownBy(() -> ArgoCdLayout.builder().pattern("../{env}/{app}.yaml").build())
        .isInstanceOf(InvalidNameException.class);
    assertThatThrownBy(() -> ArgoCdLayout.builder().pattern("envs/{app}.yaml").build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ArgoCdLayout.builder().pattern("{env}/app.yaml").build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ArgoCdLayout.builder().pattern("{env}/{app}/{app}.yaml").build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ArgoCdLayout.builder().pattern("{env}/{team}/{app}.yaml").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("{team}");
  }
}
