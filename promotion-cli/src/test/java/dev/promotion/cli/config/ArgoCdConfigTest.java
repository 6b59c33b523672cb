package dev.promotion.cli.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("promotion.yaml: argocd, the Argo CD servers that say what runs")
class ArgoCdConfigTest {
  private static final String BASE =
      """
      pipeline:
        environments:
          - name: dev
            clusters: [preprod]
          - name: stage
            clusters: [preprod]
          - name: prod
            clusters: [prod-eu, prod-us]
        release: prod
      apps:
        - name: api
      gitops:
        url: https://github.com/acme/gitops.git
        token: {env: GITOPS_TOKEN}
      registry:
        type: oci-layout
        path: registry
      scm:
        type: git
        path: ../app.git
      """;

  /** The first line inside the argocd section. */
  private static final int LINE = 22;

  private static String config(String argocd) {
    return BASE + "argocd:\n" + argocd.indent(2);
  }

  @Test
  @DisplayName("without argocd there is no live state")
  void absent() {
    assertThat(ConfigText.parse(BASE).argocd()).isEmpty();
  }

  @Test
  @DisplayName("one server with every key, and the defaults of the rest")
  void oneServer() {
    PromotionConfig.ArgoCd argocd =
        ConfigText.parse(
                config(
                    """
                    url: https://argocd.example.com
                    token: {env: ARGOCD_TOKEN}
                    insecure: false
                    appNamespace: team-a
                    project: apps
                    namePattern: "{app}-{env}-{cluster}"
                    timeout: 20s
                    """))
            .argocd()
            .orElseThrow();

    PromotionConfig.ArgoCdServer server = argocd.server().orElseThrow();
    assertThat(server.url()).isEqualTo("https://argocd.example.com");
    assertThat(server.token()).isEqualTo(new Secret.FromEnvironment("ARGOCD_TOKEN"));
    assertThat(server.appNamespace()).contains("team-a");
    assertThat(server.project()).contains("apps");
    assertThat(server.timeout()).isEqualTo(Duration.ofSeconds(20));
    assertThat(server.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(server.attempts()).isEqualTo(4);
    assertThat(server.caBundle()).isEmpty();
    assertThat(argocd.namePattern()).isEqualTo("{app}-{env}-{cluster}");
  }

  @Test
  @DisplayName(
      "a server per environment or cluster (seed 001: preprod and prod clusters), inheriting the"
          + " keys it does not set")
  void perEnvironmentAndCluster(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("prod-ca.pem"), "-----BEGIN CERTIFICATE-----\n");
    PromotionConfig.ArgoCd argocd =
        ConfigLoader.parse(
                "promotion.yaml",
                dir,
                config(
                    """
                    token: {env: ARGOCD_TOKEN}
                    project: apps
                    environments:
                      dev:
                        url: https://argocd.preprod.example.com
                    clusters:
                      prod-eu:
                        url: https://argocd.eu.example.com
                        token: {file: prod-token}
                        caBundle: prod-ca.pem
                      prod-us:
                        url: https://argocd.us.example.com
                        attempts: 2
                    """))
            .argocd()
            .orElseThrow();

    assertThat(argocd.server()).isEmpty();
    assertThat(argocd.environments().get("dev").token())
        .isEqualTo(new Secret.FromEnvironment("ARGOCD_TOKEN"));
    assertThat(argocd.environments().get("dev").project()).contains("apps");
    PromotionConfig.ArgoCdServer eu = argocd.clusters().get("prod-eu");
    assertThat(eu.token()).isEqualTo(new Secret.FromFile(dir.resolve("prod-token")));
    assertThat(eu.caBundle()).contains(dir.resolve("prod-ca.pem"));
    assertThat(argocd.clusters().get("prod-us").attempts()).isEqualTo(2);
    assertThat(argocd.clusters().get("prod-us").project()).contains("apps");
  }

  static Stream<Arguments> badSettings() {
    return Stream.of(
        Arguments.of(
            "a token written in the file",
            "url: https://argocd.example.com\ntoken: abc",
            2,
            "holds a literal secret"),
        Arguments.of("no token", "url: https://argocd.example.com", 1, "lacks 'token'"),
        Arguments.of(
            "TLS verification off",
            "url: https://argocd.example.com\ntoken: {env: T}\ninsecure: true",
            3,
            "can only be false"),
        Arguments.of(
            "not https",
            "url: ftp://argocd.example.com\ntoken: {env: T}",
            1,
            "is not an Argo CD URL"),
        Arguments.of(
            "an unknown key",
            "url: https://argocd.example.com\ntoken: {env: T}\nverify: false",
            3,
            "unknown key 'verify'"),
        Arguments.of(
            "an unknown environment",
            "token: {env: T}\nenvironments:\n  qa:\n    url: https://a.example.com",
            4,
            "not an environment of the pipeline"),
        Arguments.of(
            "an unknown cluster",
            "token: {env: T}\nclusters:\n  prod-asia:\n    url: https://a.example.com",
            4,
            "not a cluster of the pipeline"),
        Arguments.of("no server", "project: apps", 0, "names no Argo CD server"),
        Arguments.of(
            "a bad name pattern",
            "url: https://argocd.example.com\ntoken: {env: T}\nnamePattern: '{env}'",
            3,
            "is not a name pattern"),
        Arguments.of(
            "a bad project",
            "url: https://argocd.example.com\ntoken: {env: T}\nproject: Team A",
            3,
            "is not a project name"),
        Arguments.of(
            "a missing CA bundle",
            "url: https://argocd.example.com\ntoken: {env: T}\ncaBundle: nope.pem",
            3,
            "names no file"),
        Arguments.of(
            "too many attempts",
            "url: https://argocd.example.com\ntoken: {env: T}\nattempts: 50",
            3,
            "from 1 to 10"),
        Arguments.of(
            "a timeout too long",
            "url: https://argocd.example.com\ntoken: {env: T}\ntimeout: 1h",
            3,
            "outside 1s..5m"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badSettings")
  @DisplayName("bad settings are exit-2 errors at their line")
  void errors(String what, String argocd, int line, String message) {
    ConfigurationException e = ConfigText.error(config(argocd.replace("\\n", "\n")));

    assertThat(e.getMessage()).contains(message);
    if (line > 0) {
      assertThat(e.line()).isEqualTo(Optional.of(LINE + line - 1));
    }
  }
}
