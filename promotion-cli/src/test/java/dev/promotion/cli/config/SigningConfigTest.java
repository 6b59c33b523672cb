package dev.promotion.cli.config;

import static dev.promotion.cli.config.ConfigText.error;
import static org.assertj.core.api.Assertions.assertThat;

import dev.promotion.git.CommitSigner;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("signing: in promotion.yaml, for the GitOps repository and the app repository")
class SigningConfigTest {
  private static final Path BASE = ConfigText.BASE;

  private static final String CONFIG =
      """
      pipeline:
        environments:
          - name: dev
            clusters: [preprod]
          - name: prod
            clusters: [production]
        release: prod
      apps:
        - name: api
      gitops:
        url: https://github.com/acme/gitops.git
        token: {env: GITOPS_TOKEN}
        signing:
          format: ssh
          key: {env: GITOPS_SIGNING_KEY}
          passphrase: {env: GITOPS_SIGNING_PASSPHRASE}
      registry:
        type: oci-layout
        path: registry
      scm:
        type: git
        url: https://git.example.com/acme/api.git
        signing:
          format: openpgp
          key: {file: keys/release.asc}
          keyId: release@acme.example
      """;

  @Test
  @DisplayName("the format, the key and passphrase as secrets, and an OpenPGP key id are read")
  void parsed() {
    PromotionConfig config = ConfigLoader.parse("promotion.yaml", BASE, CONFIG);

    PromotionConfig.Signing gitops = config.gitops().signing().orElseThrow();
    assertThat(gitops.format()).isEqualTo(CommitSigner.Format.SSH);
    assertThat(gitops.key()).isEqualTo(new Secret.FromEnvironment("GITOPS_SIGNING_KEY"));
    assertThat(gitops.passphrase())
        .contains(new Secret.FromEnvironment("GITOPS_SIGNING_PASSPHRASE"));
    assertThat(gitops.keyId()).isEmpty();
    PromotionConfig.Signing app = ((PromotionConfig.Scm.Git) config.scm()).signing().orElseThrow();
    assertThat(app.format()).isEqualTo(CommitSigner.Format.OPENPGP);
    assertThat(app.key()).isEqualTo(new Secret.FromFile(BASE.resolve("keys/release.asc")));
    assertThat(app.passphrase()).isEmpty();
    assertThat(app.keyId()).contains("release@acme.example");
  }

  @Test
  @DisplayName("without signing: nothing is signed")
  void absent() {
    PromotionConfig config =
        ConfigLoader.parse(
            "promotion.yaml",
            BASE,
            CONFIG.replaceAll("(?s)  signing:\n    format: ssh\n.*?PASSPHRASE\\}\n", ""));

    assertThat(config.gitops().signing()).isEmpty();
  }

  @Test
  @DisplayName("a key or passphrase written in the file is refused and not repeated")
  void literalSecrets() {
    ConfigurationException key =
        error(CONFIG.replace("key: {env: GITOPS_SIGNING_KEY}", "key: AAAAC3NzaC1lZDI1NTE5"));
    ConfigurationException passphrase =
        error(
            CONFIG.replace(
                "passphrase: {env: GITOPS_SIGNING_PASSPHRASE}", "passphrase: hunter2-secret"));
    ConfigurationException armored =
        error(
            CONFIG.replace(
                "key: {file: keys/release.asc}",
                "key: |\n      -----BEGIN PGP PRIVATE KEY BLOCK-----\n      lQdGBGZ"));

    assertThat(key.getMessage())
        .startsWith("promotion.yaml:15:")
        .contains("gitops.signing.key holds a literal secret, which is refused")
        .doesNotContain("AAAAC3NzaC1lZDI1NTE5");
    assertThat(passphrase.getMessage())
        .startsWith("promotion.yaml:16:")
        .contains("gitops.signing.passphrase holds a literal secret")
        .doesNotContain("hunter2-secret");
    assertThat(armored.getMessage())
        .startsWith("promotion.yaml:26:")
        .contains("looks like a literal secret")
        .doesNotContain("lQdGBGZ");
  }

  @Test
  @DisplayName("settings that cannot work are errors with line and column")
  void invalid() {
    ConfigurationException format = error(CONFIG.replace("format: ssh", "format: x509"));
    ConfigurationException keyIdWithSsh =
        error(
            CONFIG.replace(
                "key: {env: GITOPS_SIGNING_KEY}\n",
                "key: {env: GITOPS_SIGNING_KEY}\n    keyId: ABCDEF0123456789\n"));
    ConfigurationException noKey =
        error(CONFIG.replace("    key: {env: GITOPS_SIGNING_KEY}\n", ""));
    ConfigurationException unknownKey =
        error(CONFIG.replace("format: ssh", "format: ssh\n    program: ssh-keygen"));
    ConfigurationException notAMapping =
        error(
            CONFIG.replaceAll(
                "(?s)  signing:\n    format: ssh\n.*?PASSPHRASE\\}\n", "  signing: ssh\n"));

    assertThat(format.getMessage())
        .startsWith("promotion.yaml:14:13:")
        .contains("gitops.signing.format names an unknown signature format 'x509'")
        .contains("Use ssh");
    assertThat(keyIdWithSsh.getMessage())
        .startsWith("promotion.yaml:16:")
        .contains("gitops.signing.keyId is only used with format: openpgp");
    assertThat(noKey.getMessage())
        .startsWith("promotion.yaml:14:")
        .contains("gitops.signing lacks 'key'")
        .contains("Add key: {env: SIGNING_KEY}");
    assertThat(unknownKey.getMessage()).contains("program");
    assertThat(notAMapping.getMessage()).startsWith("promotion.yaml:13:").contains("signing");
  }

  @Test
  @DisplayName("signing where promotion makes no commit itself is an error, not ignored")
  void nothingToSign() {
    ConfigurationException github =
        error(
            CONFIG.replaceAll(
                "(?s)scm:\n.*",
                "scm:\n  type: github\n  repository: acme/api\n  token: {env: GITHUB_TOKEN}\n"
                    + "  signing:\n    format: ssh\n    key: {env: KEY}\n"));
    ConfigurationException dispatch =
        error(
            CONFIG.replace(
                "  token: {env: GITOPS_TOKEN}\n",
                "  token: {env: GITOPS_TOKEN}\n  write: dispatch\n  repository: acme/gitops\n"
                    + "  workflow: update.yaml\n"));

    assertThat(github.getMessage())
        .contains("scm.signing is set, but with type: github")
        .contains("which signs them itself");
    assertThat(dispatch.getMessage())
        .contains(
            "gitops.signing is set, but with this write mode the GitOps repository's workflow");
  }
}
