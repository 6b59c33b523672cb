package dev.promotion.cli.config;

import static dev.promotion.cli.config.ConfigText.error;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.promotion.gate.FreezeWindow;
import dev.promotion.gate.FreezeWindowGate;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("promotion.yaml")
class ConfigLoaderTest {
  private static final Path BASE = ConfigText.BASE;

  private static final String VALID =
      """
      pipeline:
        environments:
          - name: dev
            clusters: [preprod]
          - name: test
            clusters: [preprod]
          - name: stage
            clusters: [preprod]
          - name: prod
            clusters: [production]
        release: prod
      apps:
        - name: api
          image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/api
      gitops:
        url: https://github.com/acme/gitops.git
        branch: main
        layout: argocd
        chartRepository: oci://123456789012.dkr.ecr.us-east-1.amazonaws.com/charts
        token: {env: GITOPS_TOKEN}
      registry:
        type: ecr
        region: us-east-1
        registryId: "123456789012"
      scm:
        type: github
        repository: acme/api
        appId: {env: APP_ID}
        privateKey: {file: secrets/app.pem}
      """;

  @Test
  @DisplayName("a complete file gives the pipeline, the apps and the three backends")
  void valid() {
    PromotionConfig config = ConfigLoader.parse("promotion.yaml", BASE, VALID);

    assertThat(config.pipeline().names()).containsExactly("dev", "test", "stage", "prod");
    assertThat(config.pipeline().environment("prod").clusters()).containsExactly("production");
    assertThat(config.applications())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.name()).isEqualTo("api");
              assertThat(a.chartName()).isEqualTo("api");
              assertThat(a.chartPath()).isEqualTo("charts/api");
            });
    assertThat(config.gitops().location())
        .isEqualTo(new PromotionConfig.Location.Remote("https://github.com/acme/gitops.git"));
    assertThat(config.gitops().token()).contains(new Secret.FromEnvironment("GITOPS_TOKEN"));
    assertThat(config.registry())
        .isEqualTo(
            new PromotionConfig.Registry.Ecr(
                "us-east-1", java.util.Optional.of("123456789012"), ""));
    PromotionConfig.Scm.GitHub github = (PromotionConfig.Scm.GitHub) config.scm();
    assertThat(github.privateKey()).contains(new Secret.FromFile(BASE.resolve("secrets/app.pem")));
    assertThat(config.options().mainBranch()).isEqualTo("main");
  }

  @Test
  @DisplayName("an environment may name the URL where it is reached, shown with its deployments")
  void environmentUrl() {
    PromotionConfig config =
        ConfigLoader.parse(
            "promotion.yaml",
            BASE,
            VALID.replace(
                "  - name: prod\n      clusters: [production]",
                "  - name: prod\n      clusters: [production]\n      url: https://api.acme.example"));

    assertThat(config.pipeline().environment("prod").url()).contains("https://api.acme.example");
    assertThat(config.pipeline().environment("dev").url()).isEmpty();
  }

  @Test
  @DisplayName("an environment URL that is not an http(s) link is an error at its line")
  void environmentUrlRefused() {
    ConfigurationException e =
        error(
            VALID.replace(
                "  - name: prod\n      clusters: [production]",
                "  - name: prod\n      clusters: [production]\n      url: api.acme.example"));

    assertThat(e.line()).contains(11);
    assertThat(e.getMessage())
        .contains("pipeline.environments[3].url is refused")
        .contains("not an absolute http or https URL");
  }

  @Test
  @DisplayName("local paths are resolved against the file's directory")
  void localPaths() {
    PromotionConfig config =
        ConfigLoader.parse(
            "promotion.yaml",
            BASE,
            VALID
                .replace("url: https://github.com/acme/gitops.git", "path: ../gitops.git")
                .replace(
                    "type: ecr\n  region: us-east-1\n  registryId: \"123456789012\"",
                    "type: oci-layout\n  path: registry"));

    assertThat(config.gitops().location())
        .isEqualTo(new PromotionConfig.Location.Local(Path.of("/work/gitops.git")));
    assertThat(config.registry())
        .isEqualTo(new PromotionConfig.Registry.OciLayout(Path.of("/work/acme/registry")));
  }

  @Test
  @DisplayName("an unknown key is an error with file, line, column and the keys allowed there")
  void unknownKey() {
    ConfigurationException e = error(VALID.replace("  branch: main", "  brnch: main"));

    assertThat(e.file()).isEqualTo("promotion.yaml");
    assertThat(e.line()).contains(17);
    assertThat(e.column()).contains(10);
    assertThat(e.getMessage())
        .startsWith("promotion.yaml:17:10: unknown key 'brnch' in gitops.")
        .contains("The keys here are path, url, branch");
  }

  @Test
  @DisplayName("a literal token is refused, and the message does not repeat it")
  void literalToken() {
    ConfigurationException e =
        error(VALID.replace("token: {env: GITOPS_TOKEN}", "token: not-a-real-secret"));

    assertThat(e.getMessage())
        .startsWith("promotion.yaml:20:10: gitops.token holds a literal secret, which is refused")
        .contains("{env: VARIABLE} or {file: PATH}")
        .doesNotContain("not-a-real-secret");
  }

  @Test
  @DisplayName("anything that looks like a secret anywhere in the file is refused")
  void secretLookalike() {
    String token = "ghp_" + "a".repeat(36);
    ConfigurationException e =
        error(
            VALID.replace(
                "url: https://github.com/acme/gitops.git",
                "url: https://x:" + token + "@github.com/acme/gitops.git"));

    assertThat(e.line()).contains(16);
    assertThat(e.getMessage()).contains("literal secret").doesNotContain(token);
  }

  @Test
  @DisplayName("invalid YAML is reported with its line and column")
  void invalidYaml() {
    ConfigurationException e = error("pipeline:\n  environments: [dev\n");

    assertThat(e.getMessage()).startsWith("promotion.yaml:").contains("is not valid YAML");
    assertThat(e.line()).isPresent();
  }

  @Test
  @DisplayName("a missing section names what is missing")
  void missing() {
    ConfigurationException e = error(VALID.substring(0, VALID.indexOf("scm:")));

    assertThat(e.getMessage()).contains("the file lacks 'scm'").contains("README");
  }

  @Test
  @DisplayName("a release environment that is not in the pipeline is an error at its line")
  void unknownRelease() {
    ConfigurationException e = error(VALID.replace("release: prod", "release: production"));

    assertThat(e.line()).contains(11);
    assertThat(e.getMessage()).contains("pipeline.release");
  }

  @Test
  @DisplayName("github needs a token or a GitHub App, not both")
  void githubCredentials() {
    ConfigurationException e =
        error(
            VALID.replace(
                "  appId: {env: APP_ID}\n",
                "  token: {env: GITHUB_TOKEN}\n  appId: {env: APP_ID}\n"));

    assertThat(e.getMessage()).contains("needs either a token or both appId and privateKey");
  }

  @Test
  @DisplayName("an unknown registry type lists the known ones")
  void unknownRegistry() {
    ConfigurationException e = error(VALID.replace("type: ecr", "type: harbor"));

    assertThat(e.getMessage())
        .contains("unknown registry type 'harbor'")
        .contains("oci-layout or ecr");
  }

  @Test
  @DisplayName("a secret from a variable that is not set says which variable to set")
  void unsetVariable() {
    ConfigurationException e =
        catchThrowableOfType(
            ConfigurationException.class,
            () -> new Secret.FromEnvironment("GITOPS_TOKEN").reveal(java.util.Map.of()));

    assertThat(e.getMessage()).contains("GITOPS_TOKEN is not set");
  }

  @Test
  @DisplayName("write: commit is the default; pull-request and dispatch name the GitOps repository")
  void writeModes() {
    assertThat(ConfigLoader.parse("promotion.yaml", BASE, VALID).gitops().write())
        .isEqualTo(new PromotionConfig.Write.Commit());
    PromotionConfig pr =
        ConfigLoader.parse(
            "promotion.yaml",
            BASE,
            VALID.replace(
                "  branch: main\n",
                "  branch: main\n  write: pull-request\n  repository: acme/gitops\n"));
    PromotionConfig dispatch =
        ConfigLoader.parse(
            "promotion.yaml",
            BASE,
            VALID.replace(
                "  branch: main\n",
                "  branch: main\n  write: dispatch\n  repository: acme/gitops\n  timeout: 15m\n"));

    assertThat(pr.gitops().write())
        .isEqualTo(
            new PromotionConfig.Write.PullRequest("acme/gitops", java.util.Optional.empty()));
    assertThat(dispatch.gitops().write())
        .isEqualTo(
            new PromotionConfig.Write.Dispatch(
                "acme/gitops",
                java.util.Optional.empty(),
                "update-environment.yaml",
                java.time.Duration.ofMinutes(15)));
  }

  @Test
  @DisplayName("write: dispatch without a repository, or an unknown write mode, is an error")
  void badWriteModes() {
    assertThat(
            error(VALID.replace("  branch: main\n", "  branch: main\n  write: dispatch\n"))
                .getMessage())
        .contains("needs 'repository'");
    assertThat(
            error(VALID.replace("  branch: main\n", "  branch: main\n  write: merge\n"))
                .getMessage())
        .contains("unknown write mode 'merge'")
        .contains("commit (push directly), pull-request");
    assertThat(
            error(VALID.replace("  branch: main\n", "  branch: main\n  workflow: x.yaml\n"))
                .getMessage())
        .contains("only used with write: pull-request, dispatch or repository-dispatch");
    assertThat(
            error(
                    VALID.replace(
                        "  branch: main\n",
                        "  branch: main\n  write: repository-dispatch\n  repository: acme/gitops\n"
                            + "  workflow: x.yaml\n"))
                .getMessage())
        .contains("gitops.workflow is only used with write: dispatch");
    assertThat(
            error(
                    VALID.replace(
                        "  branch: main\n",
                        "  branch: main\n  write: dispatch\n  repository: acme/gitops\n"
                            + "  eventType: deploy\n"))
                .getMessage())
        .contains("gitops.eventType is only used with write: repository-dispatch");
  }

  @Test
  @DisplayName("write: repository-dispatch takes an event type (default update-manifest)")
  void repositoryDispatch() {
    String mode = "  branch: main\n  write: repository-dispatch\n  repository: acme/gitops\n";
    PromotionConfig plain =
        ConfigLoader.parse("promotion.yaml", BASE, VALID.replace("  branch: main\n", mode));
    PromotionConfig named =
        ConfigLoader.parse(
            "promotion.yaml",
            BASE,
            VALID.replace("  branch: main\n", mode + "  eventType: deploy-app\n  timeout: 90s\n"));

    assertThat(plain.gitops().write())
        .isEqualTo(
            new PromotionConfig.Write.RepositoryDispatch(
                "acme/gitops",
                java.util.Optional.empty(),
                "update-manifest",
                java.time.Duration.ofMinutes(10)));
    assertThat(named.gitops().write())
        .isEqualTo(
            new PromotionConfig.Write.RepositoryDispatch(
                "acme/gitops",
                java.util.Optional.empty(),
                "deploy-app",
                java.time.Duration.ofSeconds(90)));
  }

  private static final String TWO_APPS =
      VALID.replace(
          "apps:\n  - name: api\n",
          "apps:\n  - name: web\n  - name: api\n    chartRepository: oci://charts.example.org/api\n");

  @Test
  @DisplayName("an app's chartRepository overrides the GitOps one for that app only")
  void appChartRepository() {
    PromotionConfig config = ConfigLoader.parse("promotion.yaml", BASE, TWO_APPS);

    assertThat(config.gitops().appChartRepositories())
        .containsExactly(java.util.Map.entry("api", "oci://charts.example.org/api"));
    assertThat(config.gitops().chartRepository("api")).isEqualTo("oci://charts.example.org/api");
    assertThat(config.gitops().chartRepository("web"))
        .isEqualTo("oci://123456789012.dkr.ecr.us-east-1.amazonaws.com/charts");
    assertThat(config.applications()).extracting(a -> a.name()).containsExactly("web", "api");
  }

  @Test
  @DisplayName("an app may have a chartRepository when the GitOps repository has none")
  void appChartRepositoryWithoutDefault() {
    PromotionConfig config =
        ConfigLoader.parse(
            "promotion.yaml",
            BASE,
            TWO_APPS.replace(
                "  chartRepository: oci://123456789012.dkr.ecr.us-east-1.amazonaws.com/charts\n",
                ""));

    assertThat(config.gitops().chartRepository("api")).isEqualTo("oci://charts.example.org/api");
    assertThat(config.gitops().chartRepository("web")).isEmpty();
  }

  @Test
  @DisplayName("an empty chartRepository of an app is an error at its line and column")
  void emptyAppChartRepository() {
    ConfigurationException e =
        error(
            TWO_APPS.replace(
                "chartRepository: oci://charts.example.org/api", "chartRepository: \"\""));

    assertThat(e.line()).contains(15);
    assertThat(e.column()).contains(22);
    assertThat(e.getMessage())
        .startsWith("promotion.yaml:15:22: apps[1].chartRepository is empty")
        .contains("oci://registry.example.com/charts");
  }

  @Test
  @DisplayName("a chartRepository with whitespace or a control character is an error, not trimmed")
  void malformedChartRepository() {
    ConfigurationException space =
        error(
            TWO_APPS.replace(
                "chartRepository: oci://charts.example.org/api",
                "chartRepository: \"oci://charts.example.org/a pi\""));
    ConfigurationException control =
        error(
            TWO_APPS.replace(
                "chartRepository: oci://charts.example.org/api",
                "chartRepository: \"oci://charts.example.org/api\\t\""));
    ConfigurationException gitops =
        error(
            VALID.replace(
                "chartRepository: oci://123456789012.dkr.ecr.us-east-1.amazonaws.com/charts",
                "chartRepository: \" oci://charts.example.org\""));

    assertThat(space.getMessage())
        .startsWith(
            "promotion.yaml:15:22: apps[1].chartRepository holds whitespace or a control"
                + " character at position 27");
    assertThat(control.getMessage())
        .startsWith("promotion.yaml:15:22: apps[1].chartRepository holds whitespace")
        .contains("position 29");
    assertThat(gitops.line()).contains(19);
    assertThat(gitops.getMessage()).contains("gitops.chartRepository holds whitespace");
  }

  @Test
  @DisplayName("an unknown key in an app is still an error, with chartRepository among the keys")
  void unknownAppKey() {
    ConfigurationException e =
        error(TWO_APPS.replace("chartRepository: oci://charts", "chartRepo: oci://charts"));

    assertThat(e.getMessage())
        .startsWith("promotion.yaml:15:16: unknown key 'chartRepo' in apps[1]")
        .contains("name, kind, chart, chartPath, image, chartRepository");
  }

  private static final String SSH =
      VALID.replace(
          "  url: https://github.com/acme/gitops.git\n",
          "  url: git@github.com:acme/gitops.git\n  sshKey: {file: keys/deploy}\n");

  @Test
  @DisplayName("an SSH remote takes sshKey, sshPassphrase and sshDirectory (default ~/.ssh)")
  void sshKey() {
    PromotionConfig plain = ConfigLoader.parse("promotion.yaml", BASE, SSH);
    PromotionConfig full =
        ConfigLoader.parse(
            "promotion.yaml",
            BASE,
            SSH.replace(
                "  sshKey: {file: keys/deploy}\n",
                "  sshKey: {env: DEPLOY_KEY}\n  sshPassphrase: {env: DEPLOY_KEY_PASSPHRASE}\n"
                    + "  sshDirectory: ssh\n"));

    PromotionConfig.SshKey ssh = plain.gitops().sshKey().orElseThrow();
    assertThat(ssh.key()).isEqualTo(new Secret.FromFile(BASE.resolve("keys/deploy")));
    assertThat(ssh.passphrase()).isEmpty();
    assertThat(ssh.directory()).isEqualTo(Path.of(System.getProperty("user.home"), ".ssh"));
    PromotionConfig.SshKey both = full.gitops().sshKey().orElseThrow();
    assertThat(both.key()).isEqualTo(new Secret.FromEnvironment("DEPLOY_KEY"));
    assertThat(both.passphrase()).contains(new Secret.FromEnvironment("DEPLOY_KEY_PASSPHRASE"));
    assertThat(both.directory()).isEqualTo(BASE.resolve("ssh"));
    assertThat(full.gitops().token()).contains(new Secret.FromEnvironment("GITOPS_TOKEN"));
  }

  @Test
  @DisplayName("SSH settings that cannot work are errors with line and column")
  void badSsh() {
    ConfigurationException https =
        error(VALID.replace("  token: {env: GITOPS_TOKEN}", "  sshKey: {file: keys/deploy}"));
    ConfigurationException literal =
        error(SSH.replace("sshKey: {file: keys/deploy}", "sshKey: my-private-key"));
    ConfigurationException orphan =
        error(VALID.replace("  token: {env: GITOPS_TOKEN}", "  sshDirectory: ssh"));

    assertThat(https.getMessage())
        .startsWith("promotion.yaml:20:")
        .contains("gitops.sshKey is set, but the repository is not an SSH remote");
    assertThat(literal.getMessage())
        .contains("gitops.sshKey holds a literal secret, which is refused")
        .doesNotContain("my-private-key");
    assertThat(orphan.getMessage()).contains("gitops.sshDirectory is set without sshKey");
  }

  private static final String WEEKLY =
      VALID
          + "gates:\n  freeze:\n    - name: weekend\n      environments: [prod]\n"
          + "      weekly: {from: Fri 16:00, until: Monday 08:00, zone: Europe/Berlin}\n";

  @Test
  @DisplayName("a weekly freeze window over the weekend, in a time zone")
  void weeklyFreeze() {
    PromotionConfig config = ConfigLoader.parse("promotion.yaml", BASE, WEEKLY);

    FreezeWindow window =
        config.gates().stream()
            .filter(FreezeWindowGate.class::isInstance)
            .map(FreezeWindowGate.class::cast)
            .flatMap(g -> g.windows().stream())
            .reduce(
                (a, b) -> {
                  throw new AssertionError("more than one freeze window");
                })
            .orElseThrow();
    assertThat(window.name()).isEqualTo("weekend");
    // Friday 2026-11-27 16:30 in Berlin is 15:30 UTC; Monday 2026-11-30 07:59 is 06:59 UTC.
    assertThat(window.freezes("prod", Instant.parse("2026-11-27T15:30:00Z"))).isTrue();
    assertThat(window.freezes("prod", Instant.parse("2026-11-30T06:59:00Z"))).isTrue();
    assertThat(window.freezes("prod", Instant.parse("2026-11-30T07:00:00Z"))).isFalse();
    assertThat(window.freezes("prod", Instant.parse("2026-11-26T12:00:00Z"))).isFalse();
    assertThat(window.freezes("stage", Instant.parse("2026-11-28T12:00:00Z"))).isFalse();
  }

  @Test
  @DisplayName("a weekly window with a bad day, time or zone, or also from/until, is an error")
  void badWeeklyFreeze() {
    assertThat(error(WEEKLY.replace("Fri 16:00", "Friyay 16:00")).getMessage())
        .contains("freeze[0].weekly.from is not a day and a time");
    assertThat(error(WEEKLY.replace("Monday 08:00", "Mon 8am")).getMessage())
        .contains("weekly.until is not a day and a time");
    assertThat(error(WEEKLY.replace("Europe/Berlin", "Mars/Olympus")).getMessage())
        .contains("weekly.zone is not a time zone");
    assertThat(
            error(
                    WEEKLY.replace(
                        "      weekly:", "      from: 2026-12-20T00:00:00Z\n      weekly:"))
                .getMessage())
        .contains("has both weekly and from/until");
  }

  @Test
  @DisplayName("a NUL in a path is an error at that path, not a failure later")
  void nulInPath() {
    ConfigurationException e =
        error(
            VALID.replace("url: https://github.com/acme/gitops.git", "path: \"../gitops\\0.git\""));

    assertThat(e.getMessage())
        .startsWith("promotion.yaml:16:9: gitops.path is not a path on this machine")
        .contains("position 10")
        .doesNotContain("\0");
  }

  @Test
  @DisplayName("a NUL in a cache, registry, key file or work directory path is located too")
  void nulInOtherPaths() {
    String local = VALID.replace("  token: {env: GITOPS_TOKEN}", "  cache: \"c\\0\"");
    String registry =
        VALID.replace(
            "type: ecr\n  region: us-east-1\n  registryId: \"123456789012\"",
            "type: oci-layout\n  path: \"reg\\0istry\"");
    String key =
        VALID.replace("privateKey: {file: secrets/app.pem}", "privateKey: {file: \"a\\0\"}");
    String work = VALID + "options:\n  workDirectory: \"w\\0\"\n";

    assertThat(error(local).getMessage()).startsWith("promotion.yaml:20:10: gitops.cache is not");
    assertThat(error(registry).getMessage())
        .startsWith("promotion.yaml:23:9: registry.path is not");
    assertThat(error(key).getMessage())
        .startsWith("promotion.yaml:29:22: scm.privateKey.file is not");
    assertThat(error(work).getMessage())
        .startsWith("promotion.yaml:31:18: options.workDirectory is not");
  }

  @Test
  @DisplayName("a pattern the layout refuses is an error at the pattern, with the layout's reason")
  void badPattern() {
    ConfigurationException e =
        error(
            VALID.replace(
                "  layout: argocd", "  layout: argocd\n  pattern: envs/{app}/{app}.yaml"));
    ConfigurationException escaping =
        error(
            VALID.replace("  layout: argocd", "  layout: argocd\n  pattern: ../{env}/{app}.yaml"));

    assertThat(e.getMessage())
        .startsWith(
            "promotion.yaml:19:12: gitops.pattern is not a pattern of the argocd layout (The pattern"
                + " must contain {env}")
        .contains("{env}, {cluster} and {app}");
    assertThat(escaping.getMessage())
        .startsWith("promotion.yaml:19:12: gitops.pattern is not a pattern of the argocd layout");
  }

  @Test
  @DisplayName("a branch git refuses is an error at the branch (gitops.branch, options.mainBranch)")
  void badBranch() {
    ConfigurationException gitops = error(VALID.replace("  branch: main", "  branch: \"ma..in\""));
    ConfigurationException main = error(VALID + "options:\n  mainBranch: \"a b\"\n");

    assertThat(gitops.getMessage())
        .startsWith("promotion.yaml:17:11: gitops.branch is not a valid git branch name")
        .contains("git check-ref-format");
    assertThat(main.getMessage())
        .startsWith("promotion.yaml:31:15: options.mainBranch is not a valid git branch name");
  }

  @ParameterizedTest(name = "url: {0}")
  @ValueSource(
      strings = {
        "not a url",
        "ftp://example.com/gitops.git",
        "https://exa mple.com/gitops.git",
        "http://[bad/gitops.git",
        "https:///gitops.git",
        "https://example.com"
      })
  @DisplayName("a url git cannot use is an error at the url")
  void badUrl(String url) {
    ConfigurationException e =
        error(VALID.replace("url: https://github.com/acme/gitops.git", "url: \"" + url + "\""));

    assertThat(e.getMessage())
        .startsWith("promotion.yaml:16:8: gitops.url ")
        .contains("https://, ssh://, git:// or file://");
  }

  @ParameterizedTest(name = "url: {0}")
  @ValueSource(
      strings = {
        "https://github.com/acme/gitops.git",
        "http://127.0.0.1:8080/gitops.git",
        "ssh://git@github.com/acme/gitops.git",
        "git@github.com:acme/gitops.git",
        "git://127.0.0.1:9418/gitops.git",
        "file:///srv/git/gitops.git"
      })
  @DisplayName("the urls git speaks are accepted as written")
  void goodUrl(String url) {
    PromotionConfig config =
        ConfigLoader.parse(
            "promotion.yaml",
            BASE,
            VALID.replace("url: https://github.com/acme/gitops.git", "url: " + url));

    assertThat(config.gitops().location()).isEqualTo(new PromotionConfig.Location.Remote(url));
  }

  @Test
  @DisplayName("an app name given twice is an error at the second one, naming the first's line")
  void duplicateApp() {
    ConfigurationException e =
        error(VALID.replace("apps:\n", "apps:\n  - name: api\n    image: other\n"));

    assertThat(e.getMessage())
        .startsWith(
            "promotion.yaml:15:11: apps[1].name names 'api' a second time (first at line 13)");
  }
}
