package dev.promotion.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.marcnuri.helm.Helm;
import dev.promotion.error.InvalidChartException;
import dev.promotion.version.ChartVersion;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Proves the packages this library writes with the real Helm (3.21, in-process through helm-java):
 * Helm reads them, shows their metadata and renders their templates, and {@code helm package} of
 * the same chart holds the same files with the same contents.
 */
@DisplayName("Packages are real Helm charts")
class HelmCompatibilityTest {
  private static final ChartVersion RC = ChartVersion.parse("0.2.0-rc.abc1234");
  private static final ChartVersion RELEASE = ChartVersion.parse("0.2.0");
  private static final String IMAGE_TAG = "abc1234";

  @TempDir Path dir;

  @BeforeAll
  static void helmRunsHere() {
    boolean supported =
        System.getProperty("os.name").toLowerCase().contains("linux")
            && List.of("amd64", "x86_64").contains(System.getProperty("os.arch"));
    assumeTrue(
        supported || System.getenv("CI") != null,
        "helm-java is declared for linux-amd64 only; on CI this test must run");
  }

  @Test
  @DisplayName("Helm shows and renders a packaged directory, then its re-versioned release")
  void helmReadsPackagedAndReversionedCharts() throws IOException {
    // given
    Path chart = realisticChart(dir.resolve("checkout"));
    Path rcPackage = dir.resolve("demo-" + RC + ".tgz");

    // when
    ChartMetadata packaged;
    try (OutputStream out = Files.newOutputStream(rcPackage)) {
      packaged = ChartPackages.packageDirectory(chart, RC, IMAGE_TAG, out);
    }

    // then
    assertThat(packaged).isEqualTo(new ChartMetadata("demo", RC, Optional.of(IMAGE_TAG)));
    String shown = Helm.show(rcPackage.toString()).chart().call();
    assertThat(shown).contains("name: demo", "version: " + RC, "appVersion: " + IMAGE_TAG);
    String rendered = Helm.template(rcPackage.toString()).withName("demo").call();
    assertThat(rendered)
        .contains("promotion.dev/chart-version: \"" + RC + "\"")
        .contains("image: \"ghcr.io/acme/demo:" + IMAGE_TAG + "\"")
        .contains("name: demo");

    // when
    Path releasePackage = dir.resolve("demo-" + RELEASE + ".tgz");
    ChartMetadata released;
    try (InputStream in = Files.newInputStream(rcPackage);
        OutputStream out = Files.newOutputStream(releasePackage)) {
      released = ChartPackages.reversion(in, out, RELEASE);
    }

    // then
    assertThat(released).isEqualTo(new ChartMetadata("demo", RELEASE, Optional.of(IMAGE_TAG)));
    assertThat(Helm.show(releasePackage.toString()).chart().call())
        .contains("version: " + RELEASE, "appVersion: " + IMAGE_TAG)
        .doesNotContain("rc.");
    assertThat(Helm.template(releasePackage.toString()).withName("demo").call())
        .contains("promotion.dev/chart-version: \"" + RELEASE + "\"")
        .contains("image: \"ghcr.io/acme/demo:" + IMAGE_TAG + "\"");
  }

  @Test
  @DisplayName("helm package of the same chart holds the same files with the same contents")
  void sameEntriesAsHelmPackage() throws IOException {
    // given the chart as Helm would package it with --version and --app-version
    Path chart = realisticChart(dir.resolve("ours"));
    Path forHelm = realisticChart(dir.resolve("demo"));
    Path chartYaml = forHelm.resolve("Chart.yaml");
    Files.writeString(
        chartYaml,
        ChartYaml.parse("Chart.yaml", Files.readString(chartYaml))
            .withVersion(RC)
            .withAppVersion(IMAGE_TAG)
            .text());
    Path helmOut = Files.createDirectories(dir.resolve("helm-out"));

    // when
    byte[] ours = packaged(chart);
    new Helm(forHelm).packageIt().withDestination(helmOut).call();
    byte[] helms = Files.readAllBytes(helmOut.resolve("demo-" + RC + ".tgz"));

    // then
    Map<String, String> ourEntries = new TreeMap<>(PackageEntries.of(ours));
    Map<String, String> helmEntries = new TreeMap<>(PackageEntries.of(helms));
    assertThat(ourEntries.keySet()).isEqualTo(helmEntries.keySet());
    ourEntries.forEach(
        (name, content) -> {
          if (!name.equals("demo/Chart.yaml")) {
            assertThat(content).as(name).isEqualTo(helmEntries.get(name));
          }
        });
    assertThat(ChartYaml.parse("helm", helmEntries.get("demo/Chart.yaml")).metadata())
        .as("Helm re-serialises Chart.yaml; it must say the same")
        .isEqualTo(ChartYaml.parse("ours", ourEntries.get("demo/Chart.yaml")).metadata());
    assertThat(ourEntries.get("demo/Chart.yaml"))
        .as("ours keeps the author's comments")
        .contains("# The demo service");
  }

  @Test
  @DisplayName("a package made by helm package re-versions, and Helm reads the result")
  void reversionsHelmsOwnPackage() throws IOException {
    // given a package written by Helm (its gzip header carries an extra field and a comment)
    Path chart = realisticChart(dir.resolve("demo"));
    Path helmOut = Files.createDirectories(dir.resolve("helm-out"));
    new Helm(chart).packageIt().withDestination(helmOut).call();
    Path helms = helmOut.resolve("demo-0.1.0.tgz");

    // when
    Path released = dir.resolve("released.tgz");
    ChartMetadata metadata;
    try (InputStream in = Files.newInputStream(helms);
        OutputStream out = Files.newOutputStream(released)) {
      metadata = ChartPackages.reversion(in, out, RELEASE);
    }

    // then
    assertThat(metadata.version()).isEqualTo(RELEASE);
    assertThat(metadata.appVersion()).contains("0.0.1");
    assertThat(Helm.show(released.toString()).chart().call())
        .contains("version: " + RELEASE, "appVersion: 0.0.1");
    assertThat(new TreeMap<>(PackageEntries.of(Files.readAllBytes(released))).keySet())
        .isEqualTo(new TreeMap<>(PackageEntries.of(Files.readAllBytes(helms))).keySet());
  }

  @Test
  @DisplayName("packaging and re-versioning twice give identical bytes")
  void deterministic() throws IOException {
    // given
    Path chart = realisticChart(dir.resolve("demo"));

    // when
    byte[] first = packaged(chart);
    byte[] second = packaged(chart);

    // then
    assertThat(second).isEqualTo(first);
    assertThat(ChartPackagesTest.reversioned(first, RELEASE))
        .isEqualTo(ChartPackagesTest.reversioned(second, RELEASE));
  }

  static Stream<String> helmignores() {
    return Stream.of(
        // the file helm create writes
        """
        # Patterns to ignore when building packages.
        .DS_Store
        # Common VCS dirs
        .git/
        .gitignore
        .svn/
        # Common backup files
        *.swp
        *.bak
        *.tmp
        *.orig
        *~
        # Various IDEs
        .project
        .idea/
        *.tmproj
        .vscode/
        """,
        // anchored, structural, classes, single characters and escapes
        """
        /ci/
        docs/*.md
        templates/tests/*.txt
        files/[ab].conf
        files/[^c-z]*.ini
        ?-data.txt
        build
        a\\[b\\].txt
          values-*.yaml  \s
        """,
        // Helm's negation: every path the negated pattern does not match is ignored
        """
        *.bak
        ![A-Za-z.]*
        """,
        // a trailing slash matches directories only
        """
        README.md/
        docs/
        sub/ci/x.yaml
        """);
  }

  @ParameterizedTest(name = "[{index}]")
  @MethodSource("helmignores")
  @DisplayName(".helmignore keeps exactly the files Helm keeps")
  void helmignoreAgreesWithHelm(String helmignore) throws IOException {
    // given
    Path chart = dir.resolve("demo");
    ChartPackagesTest.write(
        chart.resolve("Chart.yaml"), "apiVersion: v2\nname: demo\nversion: 0.1.0\n");
    for (String file :
        List.of(
            "values.yaml",
            "values.bak",
            "values-ci.yaml",
            "README.md",
            "1-data.txt",
            "a[b].txt",
            "ab.txt",
            "~tilde",
            "templates/deployment.yaml",
            "templates/_helpers.tpl",
            "templates/x.swp",
            "templates/.hidden",
            "templates/tests/test.yaml",
            "templates/tests/notes.txt",
            "docs/guide.md",
            "docs/img/logo.png",
            "ci/ci-values.yaml",
            "sub/ci/x.yaml",
            "sub/docs/y.md",
            ".git/config",
            ".vscode/settings.json",
            "files/a.conf",
            "files/b.conf",
            "files/c.conf",
            "files/b.ini",
            "files/d.ini",
            "build/out.txt",
            "spaced name.txt",
            "\u00fcn\u00efc\u00f6d\u00e9.txt")) {
      ChartPackagesTest.write(
          chart.resolve(file), file.endsWith("values.yaml") ? "key: value\n" : file + "\n");
    }
    ChartPackagesTest.write(chart.resolve(".helmignore"), helmignore);
    Path helmOut = Files.createDirectories(dir.resolve("helm-out"));

    // when
    new Helm(chart).packageIt().withDestination(helmOut).call();
    byte[] helms = Files.readAllBytes(helmOut.resolve("demo-0.1.0.tgz"));
    byte[] ours = packaged(chart);

    // then
    assertThat(names(ours)).isEqualTo(names(helms));
  }

  @Test
  @DisplayName("'**' in .helmignore is refused, as Helm refuses it")
  void doubleStarIsRefusedLikeHelm() throws IOException {
    // given
    Path chart = dir.resolve("demo");
    ChartPackagesTest.write(
        chart.resolve("Chart.yaml"), "apiVersion: v2\nname: demo\nversion: 0.1.0\n");
    ChartPackagesTest.write(chart.resolve(".helmignore"), "# docs\n**/*.md\n");

    // then
    assertThatThrownBy(() -> new Helm(chart).packageIt().withDestination(dir).call())
        .hasMessageContaining("double-star (**) syntax is not supported");
    assertThatThrownBy(() -> packaged(chart))
        .isInstanceOfSatisfying(
            InvalidChartException.class,
            e -> {
              assertThat(e)
                  .hasMessageContaining(".helmignore line 2")
                  .hasMessageContaining("double-star");
              assertThat(e.entry()).contains(".helmignore");
            });
  }

  private static List<String> names(byte[] tgz) {
    return PackageEntries.of(tgz).keySet().stream().sorted().collect(Collectors.toList());
  }

  private static byte[] packaged(Path chart) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ChartPackages.packageDirectory(chart, RC, IMAGE_TAG, out);
    return out.toByteArray();
  }

  /** A chart as helm create would start it: helpers, a deployment, values and a .helmignore. */
  static Path realisticChart(Path chart) throws IOException {
    ChartPackagesTest.write(
        chart.resolve("Chart.yaml"),
        """
        # The demo service
        apiVersion: v2
        name: demo
        description: A demo service promoted from dev to prod
        type: application
        # bumped by the release
        version: 0.1.0
        appVersion: "0.0.1"
        """);
    ChartPackagesTest.write(
        chart.resolve("values.yaml"),
        """
        replicaCount: 1
        image:
          repository: ghcr.io/acme/demo
          # defaults to the chart's appVersion
          tag: ""
        """);
    ChartPackagesTest.write(
        chart.resolve("templates/_helpers.tpl"),
        """
        {{- define "demo.fullname" -}}
        {{- .Release.Name | trunc 63 | trimSuffix "-" -}}
        {{- end -}}
        """);
    ChartPackagesTest.write(
        chart.resolve("templates/deployment.yaml"),
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {{ include "demo.fullname" . }}
          annotations:
            promotion.dev/chart-version: {{ .Chart.Version | quote }}
        spec:
          replicas: {{ .Values.replicaCount }}
          selector:
            matchLabels:
              app: {{ include "demo.fullname" . }}
          template:
            metadata:
              labels:
                app: {{ include "demo.fullname" . }}
            spec:
              containers:
                - name: app
                  image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"
        """);
    ChartPackagesTest.write(
        chart.resolve("templates/NOTES.txt"), "Deployed {{ .Chart.Name }} {{ .Chart.Version }}\n");
    ChartPackagesTest.write(chart.resolve(".helmignore"), "*.bak\n.git/\nci/\n");
    ChartPackagesTest.write(chart.resolve("values.yaml.bak"), "old\n");
    ChartPackagesTest.write(chart.resolve("ci/test-values.yaml"), "replicaCount: 2\n");
    ChartPackagesTest.write(chart.resolve(".git/HEAD"), "ref: refs/heads/main\n");
    return chart;
  }
}
