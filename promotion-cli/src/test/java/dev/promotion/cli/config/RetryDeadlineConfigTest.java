package dev.promotion.cli.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("promotion.yaml: gitops.retryDeadline, how long a commit that lost a race retries")
class RetryDeadlineConfigTest {

  private static String config(String gitopsExtra) {
    return """
        pipeline:
          environments:
            - name: dev
              clusters: [preprod]
            - name: prod
              clusters: [production]
          release: prod
        apps:
          - name: api
            image: registry.example.com/api
        gitops:
          url: https://github.com/acme/gitops.git
          token: {env: GITOPS_TOKEN}
        %s
        registry:
          type: oci-layout
          path: registry
        scm:
          type: git
          path: ../app.git
        """
        .formatted(gitopsExtra.indent(2).stripTrailing());
  }

  private static PromotionConfig parse(String gitopsExtra) {
    return ConfigText.parse(config(gitopsExtra));
  }

  private static ConfigurationException error(String gitopsExtra) {
    return ConfigText.error(config(gitopsExtra));
  }

  @Test
  @DisplayName("without the key the deadline is a minute")
  void defaultIsAMinute() {
    assertThat(parse("branch: main").gitops().retryDeadline()).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  @DisplayName("it takes the durations of the other keys: seconds and minutes")
  void durations() {
    assertThat(parse("retryDeadline: 90s").gitops().retryDeadline())
        .isEqualTo(Duration.ofSeconds(90));
    assertThat(parse("retryDeadline: 5m").gitops().retryDeadline())
        .isEqualTo(Duration.ofMinutes(5));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"0s", "31m", "1h"})
  @DisplayName("zero or more than 30 minutes is exit 2 at the key's line, saying the range")
  void outOfRange(String value) {
    ConfigurationException e = error("retryDeadline: " + value);

    assertThat(e.line()).contains(14);
    assertThat(e.getMessage()).contains("gitops.retryDeadline", "is outside 1s..30m");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"60", "one minute", "-5s", "[1, 2]"})
  @DisplayName("a value that is not a duration is an error with the formats")
  void notADuration(String value) {
    assertThat(error("retryDeadline: " + value).getMessage())
        .contains("retryDeadline")
        .containsAnyOf("is not a duration", "a single value");
  }

  @Test
  @DisplayName("with a write mode that does not push (pull-request), the key is an error")
  void onlyWithCommit() {
    ConfigurationException e =
        error("write: pull-request\nrepository: acme/gitops\nretryDeadline: 60s");

    assertThat(e.getMessage()).contains("retryDeadline", "only used with write: commit");
  }
}
