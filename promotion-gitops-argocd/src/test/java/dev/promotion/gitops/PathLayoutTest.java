package dev.promotion.gitops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.promotion.error.InvalidManifestException;
import dev.promotion.error.InvalidPathExpressionException;
import dev.promotion.error.SelectorMatchException;
import dev.promotion.pipeline.Application;
import dev.promotion.spi.ApplyResult;
import dev.promotion.spi.Change;
import dev.promotion.spi.Deployment;
import dev.promotion.spi.LiveApplication;
import dev.promotion.version.ChartVersion;
import dev.promotion.version.ImageDigest;
import dev.promotion.version.ImageTag;
import dev.promotion.yaml.YamlPath;
import dev.promotion.yaml.YamlText;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("the path-based layout engine and its presets")
class PathLayoutTest {
  static final ImageDigest FIRST = ImageDigest.parse("sha256:" + "1".repeat(64));
  static final ImageDigest SECOND = ImageDigest.parse("sha256:" + "2".repeat(64));
  static final Application API = Application.image("api", "ghcr.io/acme/api");

  private final SeededRepository repo = new SeededRepository();

  private GitOpsEnvironmentStore store(Layout layout, Application... apps) {
    return GitOpsEnvironmentStore.builder()
        .git(repo.git)
        .pipeline(Stores.PIPELINE)
        .layout(layout)
        .applications(List.of(apps))
        .build();
  }

  private static Change tag(String app, String env, String from, String to) {
    return Change.of(app, env, ImageTag.parse(from), ImageTag.parse(to));
  }

  /** The lines that differ (a longest-common-subsequence diff), as "-old" and "+new". */
  static List<String> changedLines(String before, String after) {
    String[] a = before.split("(?<=\n)", -1);
    String[] b = after.split("(?<=\n)", -1);
    int[][] common = new int[a.length + 1][b.length + 1];
    for (int i = a.length - 1; i >= 0; i--) {
      for (int j = b.length - 1; j >= 0; j--) {
        common[i][j] =
            a[i].equals(b[j])
                ? common[i + 1][j + 1] + 1
                : Math.max(common[i + 1][j], common[i][j + 1]);
      }
    }
    List<String> changed = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < a.length || j < b.length) {
      if (i < a.length && j < b.length && a[i].equals(b[j])) {
        i++;
        j++;
      } else if (j == b.length || (i < a.length && common[i + 1][j] >= common[i][j + 1])) {
        changed.add("-" + a[i++]);
      } else {
        changed.add("+" + b[j++]);
      }
    }
    return changed;
  }

  @Nested
  @DisplayName("helm-values: image.tag in {app}/values-{env}.yaml")
  class HelmValues {
    static final String PATH = "api/values-stage.yaml";
    static final String VALUES =
        """
        # values for stage
        replicaCount: 2
        image:
          repository: ghcr.io/acme/api
          #tag: v1.2.1
          tag: "v1.2.2"   # pinned
          pullPolicy: IfNotPresent
        sidecar:
          image:
            tag: v1.2.2
        notes: |
          tag: v1.2.2
        """;

    @Test
    @DisplayName(
        "only image.tag changes: not the commented-out look-alike, the key of the same name"
            + " elsewhere, nor the block scalar; quotes and comment kept")
    void surgical() {
      repo.write(PATH, VALUES);
      GitOpsEnvironmentStore store = store(PathLayout.helmValues().build(), API);

      assertThat(store.current("api", "stage").orElseThrow().version().text()).isEqualTo("v1.2.2");
      store.apply(SeededRepository.changeSet(tag("api", "stage", "v1.2.2", "v1.2.3")));

      assertThat(changedLines(VALUES, repo.read(PATH)))
          .containsExactly("-  tag: \"v1.2.2\"   # pinned\n", "+  tag: \"v1.2.3\"   # pinned\n");
      assertThat(store.list("stage")).extracting(Deployment::app).containsExactly("api");
    }

    @Test
    @DisplayName("a digest pin goes into image.digest right after the tag, and comes out again")
    void digest() {
      repo.write(PATH, VALUES);
      GitOpsEnvironmentStore store = store(PathLayout.helmValues().build(), API);

      store.apply(
          SeededRepository.changeSet(tag("api", "stage", "v1.2.2", "v1.2.3").pinnedTo(FIRST)));
      String pinned = repo.read(PATH);
      Deployment deployment = store.current("api", "stage").orElseThrow();
      store.apply(SeededRepository.changeSet(tag("api", "stage", "v1.2.3", "v1.2.4")));

      assertThat(changedLines(VALUES, pinned))
          .containsExactly(
              "-  tag: \"v1.2.2\"   # pinned\n",
              "+  tag: \"v1.2.3\"   # pinned\n",
              "+  digest: " + FIRST + "\n");
      assertThat(deployment.digest()).contains(FIRST);
      assertThat(repo.read(PATH)).isEqualTo(VALUES.replace("v1.2.2\"", "v1.2.4\""));
    }

    @Test
    @DisplayName("CRLF, a byte order mark and a missing final newline are kept")
    void lineEndings() {
      String values = "\uFEFFimage:\r\n  repository: ghcr.io/acme/api\r\n  tag: v1.2.2";
      repo.write(PATH, values);
      GitOpsEnvironmentStore store = store(PathLayout.helmValues().build(), API);

      store.apply(SeededRepository.changeSet(tag("api", "stage", "v1.2.2", "v1.2.3")));

      assertThat(repo.read(PATH)).isEqualTo(values.replace("v1.2.2", "v1.2.3"));
    }

    @Test
    @DisplayName("a first declaration writes a new values file with image.tag")
    void declares() {
      GitOpsEnvironmentStore store = store(PathLayout.helmValues().build(), API);

      store.apply(
          SeededRepository.changeSet(
              Change.create("api", "dev", ImageTag.parse("v1.2.3")).pinnedTo(FIRST)));

      assertThat(repo.read("api/values-dev.yaml"))
          .isEqualTo("image:\n  tag: v1.2.3\n  digest: " + FIRST + "\n");
    }

    @Test
    @DisplayName("a values file without image.tag is a typed error naming the keys there are")
    void missingKey() {
      repo.write(PATH, "image:\n  repository: ghcr.io/acme/api\n  version: v1\n");
      GitOpsEnvironmentStore store = store(PathLayout.helmValues().build(), API);
      Optional<String> tip = repo.tip();

      SelectorMatchException e =
          catchThrowableOfType(
              SelectorMatchException.class,
              () ->
                  store.apply(SeededRepository.changeSet(tag("api", "stage", "v1.2.2", "v1.2.3"))));

      assertThat(e.path()).isEqualTo(PATH);
      assertThat(e.line()).contains(2);
      assertThat(e.selector()).isEqualTo("image.tag");
      assertThat(e.candidates()).containsExactly("'repository'", "'version'");
      assertThat(repo.tip()).isEqualTo(tip);
    }
  }

  @Nested
  @DisplayName("tag and digest in one field")
  class InlineDigest {
    static final String PATH = "overlays/stage/kustomization.yaml";
    static final String OVERLAY =
        """
        images:
          - name: ghcr.io/acme/api
            newTag: 8.8.0-alpine@sha256:1111111111111111111111111111111111111111111111111111111111111111
        """;

    @Test
    @DisplayName("newTag: 1.2.3@sha256:... is read as both and written back in the same shape")
    void sameShape() {
      repo.write(PATH, OVERLAY);
      GitOpsEnvironmentStore store = store(KustomizeLayout.images().build(), API);

      Deployment before = store.current("api", "stage").orElseThrow();
      store.apply(
          SeededRepository.changeSet(
              tag("api", "stage", "8.8.0-alpine", "8.8.1-alpine").pinnedTo(SECOND)));

      assertThat(before.version().text()).isEqualTo("8.8.0-alpine");
      assertThat(before.digest()).contains(FIRST);
      assertThat(repo.read(PATH))
          .isEqualTo(
              OVERLAY.replace("8.8.0-alpine@sha256:" + "1".repeat(64), "8.8.1-alpine@" + SECOND));
    }

    @Test
    @DisplayName("a digest both inline and in the digest field is a typed error")
    void twice() {
      repo.write(PATH, OVERLAY + "    digest: " + SECOND + "\n");
      GitOpsEnvironmentStore store = store(KustomizeLayout.images().build(), API);

      InvalidManifestException e =
          catchThrowableOfType(InvalidManifestException.class, () -> store.current("api", "stage"));

      assertThat(e).hasMessageContaining("pins a digest twice");
    }
  }

  @Nested
  @DisplayName("kustomize-helmcharts: entries of one chart told apart by releaseName")
  class HelmChartsByRelease {
    static final String PATH = "overlays/stage/kustomization.yaml";
    static final String OVERLAY =
        """
        helmCharts:
          - name: api-chart
            repo: https://charts.example.com
            version: 1.0.0
            releaseName: api
          - name: api-chart
            repo: https://charts.example.com
            version: 1.0.0
            releaseName: api-canary
        """;
    final Application api = new Application("api", "api-chart", "charts/api", "api");
    final Application canary = new Application("api-canary", "api-chart", "charts/api", "api");

    @Test
    @DisplayName("helmCharts[name={chart},releaseName={app}].version changes only that entry")
    void byRelease() {
      repo.write(PATH, OVERLAY);
      GitOpsEnvironmentStore store =
          store(
              KustomizeLayout.helmCharts()
                  .version("helmCharts[name={chart},releaseName={app}].version")
                  .build(),
              api,
              canary);

      store.apply(
          SeededRepository.changeSet(
              Change.of(
                  "api-canary",
                  "stage",
                  ChartVersion.parse("1.0.0"),
                  ChartVersion.parse("1.1.0"))));

      assertThat(changedLines(OVERLAY, repo.read(PATH)))
          .containsExactly("-    version: 1.0.0\n", "+    version: 1.1.0\n");
      assertThat(repo.read(PATH)).endsWith("version: 1.1.0\n    releaseName: api-canary\n");
      assertThat(store.list("stage"))
          .extracting(d -> d.app() + "=" + d.version())
          .containsExactly("api=1.0.0", "api-canary=1.1.0");
    }

    @Test
    @DisplayName(
        "a selector that matches two entries is a typed error naming both; nothing written")
    void ambiguous() {
      repo.write(PATH, OVERLAY);
      GitOpsEnvironmentStore store = store(KustomizeLayout.helmCharts().build(), api);
      Optional<String> tip = repo.tip();

      SelectorMatchException e =
          catchThrowableOfType(
              SelectorMatchException.class,
              () ->
                  store.apply(
                      SeededRepository.changeSet(
                          Change.of(
                              "api",
                              "stage",
                              ChartVersion.parse("1.0.0"),
                              ChartVersion.parse("1.1.0")))));

      assertThat(e.matches()).isEqualTo(2);
      assertThat(e.candidates())
          .containsExactly("[name=api-chart] at line 2", "[name=api-chart] at line 6");
      assertThat(e).hasMessageContaining(PATH + ":6:");
      assertThat(repo.tip()).isEqualTo(tip);
    }
  }

  @Nested
  @DisplayName("umbrella-chart: dependencies[name={chart}].version in a per-environment Chart.yaml")
  class Umbrella {
    static final String PATH = "registry/environments/stage/api/Chart.yaml";
    static final String CHART =
        """
        apiVersion: v2
        name: api
        version: 0.1.0
        dependencies:
          - name: redis
            repository: https://charts.bitnami.com/bitnami
            version: 8.4.3
          - name: api
            repository: oci://registry.example.com/charts
            # version: 8.4.3
            version: 0.2.0
        """;

    @Test
    @DisplayName("the app's dependency changes, not another dependency or a commented line")
    void surgical() {
      repo.write(PATH, CHART);
      GitOpsEnvironmentStore store =
          store(PathLayout.umbrellaChart().build(), Application.named("api"));

      store.apply(
          SeededRepository.changeSet(
              Change.of("api", "stage", ChartVersion.parse("0.2.0"), ChartVersion.parse("0.3.0"))));

      assertThat(changedLines(CHART, repo.read(PATH)))
          .containsExactly("-    version: 0.2.0\n", "+    version: 0.3.0\n");
      assertThat(store.list("stage")).extracting(Deployment::app).containsExactly("api");
    }

    @Test
    @DisplayName("a first declaration writes an umbrella chart depending on the app's chart")
    void declares() {
      GitOpsEnvironmentStore store =
          store(
              PathLayout.umbrellaChart().chartRepository(Stores.CHARTS).build(),
              Application.named("api"));

      store.apply(
          SeededRepository.changeSet(
              Change.create("api", "dev", ChartVersion.parseDeclared("v1.11.0"))));

      assertThat(repo.read("registry/environments/dev/api/Chart.yaml"))
          .contains("name: api\n")
          .contains(
              "dependencies:\n  - name: api\n    repository: "
                  + Stores.CHARTS
                  + "\n    version: v1.11.0\n");
      assertThat(store.current("api", "dev").orElseThrow().version().text()).isEqualTo("v1.11.0");
    }
  }

  @Nested
  @DisplayName("argocd-helm-parameters: spec.source.helm.parameters[name=image.tag].value")
  class HelmParameters {
    static final String PATH = "registry/environments/stage/pre/api.yaml";
    static final String APP =
        """
        apiVersion: argoproj.io/v1alpha1
        kind: Application
        metadata:
          name: api-stage
          namespace: argocd
        spec:
          source:
            repoURL: oci://registry.example.com/charts
            chart: api
            targetRevision: 1.4.0
            helm:
              parameters:
                - name: image.repository
                  value: ghcr.io/acme/api
                - name: image.tag
                  value: "abc123f"
        """;

    @Test
    @DisplayName("the image tag parameter changes, the chart's targetRevision does not")
    void surgical() {
      repo.write(PATH, APP);
      GitOpsEnvironmentStore store = store(PathLayout.argoCdHelmParameters().build(), API);

      store.apply(SeededRepository.changeSet(tag("api", "stage", "abc123f", "abc123f-42")));

      assertThat(changedLines(APP, repo.read(PATH)))
          .containsExactly("-          value: \"abc123f\"\n", "+          value: \"abc123f-42\"\n");
    }

    @Test
    @DisplayName("a digest pin is written into the value as tag@digest")
    void inlinePin() {
      repo.write(PATH, APP);
      GitOpsEnvironmentStore store = store(PathLayout.argoCdHelmParameters().build(), API);

      store.apply(SeededRepository.changeSet(tag("api", "stage", "abc123f", "v2").pinnedTo(FIRST)));

      assertThat(repo.read(PATH)).isEqualTo(APP.replace("\"abc123f\"", "\"v2@" + FIRST + "\""));
      assertThat(store.current("api", "stage").orElseThrow().digest()).contains(FIRST);
    }

    @Test
    @DisplayName("a missing Application is not invented: a typed error, nothing written")
    void noNewFiles() {
      GitOpsEnvironmentStore store = store(PathLayout.argoCdHelmParameters().build(), API);

      InvalidManifestException e =
          catchThrowableOfType(
              InvalidManifestException.class,
              () ->
                  store.apply(
                      SeededRepository.changeSet(
                          Change.create("api", "dev", ImageTag.parse("v1")))));

      assertThat(e).hasMessageContaining("does not create it");
      assertThat(repo.tip()).isEmpty();
    }
  }

  @Nested
  @DisplayName("the Argo CD preset")
  class ArgoCd {
    @Test
    @DisplayName(
        "a commented-out targetRevision above the real key and an earlier document are untouched")
    void lookAlikes() {
      String path = "registry/environments/stage/pre/api.yaml";
      String text =
          """
          apiVersion: v1
          kind: ConfigMap
          data:
            targetRevision: 0.1.0
          ---
          apiVersion: argoproj.io/v1alpha1
          kind: Application
          spec:
            source:
              chart: api
              #targetRevision: 8.4.3
              targetRevision: 0.1.0
          """;
      repo.write(path, text);

      repo.store()
          .apply(
              SeededRepository.changeSet(
                  Change.of(
                      "api", "stage", ChartVersion.parse("0.1.0"), ChartVersion.parse("0.2.0"))));

      assertThat(changedLines(text, repo.read(path)))
          .containsExactly("-    targetRevision: 0.1.0\n", "+    targetRevision: 0.2.0\n");
    }

    @Test
    @DisplayName("a git directory source (path:, no chart) is refused, not read as a chart version")
    void gitPathSource() {
      String path = "registry/environments/stage/pre/api.yaml";
      repo.write(
          path,
          "kind: Application\nspec:\n  source:\n    repoURL: https://github.com/acme/gitops\n"
              + "    path: apps/api\n    targetRevision: v1.2.0\n");

      InvalidManifestException e =
          catchThrowableOfType(
              InvalidManifestException.class, () -> repo.store().current("api", "stage"));

      assertThat(e.line()).contains(5);
      assertThat(e).hasMessageContaining("git directory source");
    }

    @Test
    @DisplayName("locate says which source of a multi-source Application is the app's")
    void sourceIndex() {
      YamlText text =
          YamlText.parse(
              "api.yaml",
              """
              kind: Application
              spec:
                sources:
                  - repoURL: https://github.com/acme/values
                    targetRevision: main
                    ref: values
                  - chart: api
                    targetRevision: 0.1.0
              """);

      Optional<PathLayout.Declaration> at =
          PathLayout.argoCd().build().locate(text, Application.named("api"));

      assertThat(at.orElseThrow().path())
          .isEqualTo(YamlPath.of("spec", "sources").index(1).key("targetRevision"));
    }

    @Test
    @DisplayName("liveApplications names each cluster's Application by metadata.name and namespace")
    void liveApplications() {
      repo.write(
              "registry/environments/prod/prod-eu/api.yaml",
              "kind: Application\nmetadata:\n  name: api-prod-eu\n  namespace: apps\n"
                  + "spec:\n  source:\n    chart: api\n    targetRevision: 0.1.0\n")
          .write(
              "registry/environments/prod/prod-us/api.yaml",
              "kind: Application\nmetadata:\n  name: api-prod-us\n"
                  + "spec:\n  source:\n    chart: api\n    targetRevision: 0.1.0\n");

      List<LiveApplication> live = repo.store().liveApplications("api", "prod");
      List<LiveApplication> none =
          store(KustomizeLayout.images().build(), API).liveApplications("api", "prod");

      assertThat(live)
          .containsExactly(
              new LiveApplication("prod-eu", "api-prod-eu", Optional.of("apps")),
              new LiveApplication("prod-us", "api-prod-us", Optional.empty()));
      assertThat(none).isEmpty();
    }
  }

  @Nested
  @DisplayName("a team's own pattern and path")
  class Custom {
    @Test
    @DisplayName("any file pattern and YAML path, with {chart} in the pattern")
    void custom() {
      String path = "deploy/api-chart/stage.yaml";
      String text = "app:\n  containers:\n    - name: main\n      image:\n        tag: v1\n";
      repo.write(path, text);
      Application app =
          new Application("api", "api-chart", "charts/api", "ghcr.io/acme/api")
              .withVersionKind(dev.promotion.version.VersionKind.IMAGE);
      GitOpsEnvironmentStore store =
          store(
              PathLayout.builder()
                  .pattern("deploy/{chart}/{env}.yaml")
                  .version("app.containers[name=main].image.tag")
                  .build(),
              app);

      ApplyResult result = store.apply(SeededRepository.changeSet(tag("api", "stage", "v1", "v2")));

      assertThat(result).isInstanceOf(ApplyResult.Applied.class);
      assertThat(repo.read(path)).isEqualTo(text.replace("tag: v1", "tag: v2"));
      assertThat(store.list("stage")).extracting(Deployment::app).containsExactly("api");
    }

    @Test
    @DisplayName("a path expression that does not parse is a typed error with the position")
    void badExpression() {
      InvalidPathExpressionException e =
          catchThrowableOfType(
              InvalidPathExpressionException.class,
              () ->
                  PathLayout.builder().pattern("{env}/{app}.yaml").version("images[name].newTag"));
      InvalidPathExpressionException placeholder =
          catchThrowableOfType(
              InvalidPathExpressionException.class,
              () -> PathLayout.builder().version("images[name={img}].newTag"));

      assertThat(e.position()).isEqualTo(12);
      assertThat(e).hasMessageContaining("has no '='");
      assertThat(placeholder).hasMessageContaining("{img}");
    }
  }
}
