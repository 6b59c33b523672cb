package dev.promotion.cli.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("promotion.yaml notifications:")
class NotificationsConfigTest {

  private static final String BASE_CONFIG =
      """
      pipeline:
        environments:
          - name: dev
          - name: prod
        release: prod
      apps:
        - name: api
      gitops:
        path: gitops.git
      registry:
        type: oci-layout
        path: registry
      scm:
        type: git
        path: app.git
      """;

  private static PromotionConfig parse(String notifications) {
    return ConfigText.parse(BASE_CONFIG + notifications);
  }

  private static ConfigurationException error(String notifications) {
    return ConfigText.error(BASE_CONFIG + notifications);
  }

  @Test
  @DisplayName("no notifications: section means none")
  void none() {
    assertThat(parse("").notifications()).isEmpty();
  }

  @Test
  @DisplayName("a signed webhook and a Slack webhook, with their URLs and secret from env and file")
  void valid() {
    PromotionConfig config =
        parse(
            """
            notifications:
              - type: webhook
                name: deploy-log
                url: {env: DEPLOY_LOG_URL}
                secret: {file: secrets/hook.key}
                timeout: 5s
                retries: 3
                events: [done, not_running, blocked, failed]
              - type: slack
                url: {env: SLACK_WEBHOOK_URL}
            """);

    assertThat(config.notifications())
        .containsExactly(
            new PromotionConfig.Notification(
                "webhook",
                "deploy-log",
                new Secret.FromEnvironment("DEPLOY_LOG_URL"),
                Optional.of(new Secret.FromFile(ConfigText.BASE.resolve("secrets/hook.key"))),
                Duration.ofSeconds(5),
                3,
                List.of("done", "not_running", "blocked", "failed")),
            new PromotionConfig.Notification(
                "slack",
                "slack-2",
                new Secret.FromEnvironment("SLACK_WEBHOOK_URL"),
                Optional.empty(),
                Duration.ofSeconds(10),
                2,
                List.of()));
  }

  @Test
  @DisplayName("a URL written in the file is refused as a literal secret, at its line and column")
  void literalUrl() {
    ConfigurationException e =
        error(
            """
            notifications:
              - type: slack
                url: https://hooks.slack.example/services/T0/B0/XYZ
            """);

    assertThat(e.line()).contains(18);
    assertThat(e.column()).contains(10);
    assertThat(e.getMessage())
        .contains("holds a literal secret")
        .contains("{env: VARIABLE}")
        .doesNotContain("XYZ");
  }

  @Test
  @DisplayName("bad entries are errors at their line and column with a hint")
  void badEntries() {
    assertThat(error("notifications:\n  - type: email\n    url: {env: U}\n").getMessage())
        .startsWith("promotion.yaml:17:11: ")
        .contains("unknown notification type 'email'")
        .contains("Use webhook");
    assertThat(error("notifications:\n  - type: webhook\n").getMessage())
        .startsWith("promotion.yaml:17:5: ")
        .contains("lacks 'url'");
    assertThat(
            error("notifications:\n  - type: slack\n    url: {env: U}\n    secret: {env: S}\n")
                .getMessage())
        .startsWith("promotion.yaml:19:13: ")
        .contains("only used with type: webhook");
    assertThat(
            error("notifications:\n  - type: webhook\n    url: {env: U}\n    timeout: 10m\n")
                .getMessage())
        .startsWith("promotion.yaml:19:14: ")
        .contains("not between 1s and 5m");
    assertThat(
            error("notifications:\n  - type: webhook\n    url: {env: U}\n    retries: many\n")
                .getMessage())
        .startsWith("promotion.yaml:19:14: ")
        .contains("not a number from 0 to 10");
    assertThat(
            error("notifications:\n  - type: webhook\n    url: {env: U}\n    events: [done, won]\n")
                .getMessage())
        .startsWith("promotion.yaml:19:20: ")
        .contains("unknown outcome 'won'")
        .contains("Use done, not_running, already_done, blocked or failed.");
    assertThat(
            error("notifications:\n  - type: webhook\n    url: {env: U}\n    events: []\n")
                .getMessage())
        .contains("is empty");
    assertThat(
            error("notifications:\n  - type: webhook\n    url: {env: U}\n    retry: 2\n")
                .getMessage())
        .startsWith("promotion.yaml:19:12: ")
        .contains("unknown key 'retry'")
        .contains("The keys here are type, name, url, secret, timeout, retries, events.");
    assertThat(
            error(
                    "notifications:\n  - {type: webhook, name: a, url: {env: U}}\n"
                        + "  - {type: slack, name: a, url: {env: V}}\n")
                .getMessage())
        .contains("repeats the name 'a'");
    assertThat(error("notifications:\n  type: webhook\n").getMessage())
        .contains("should be a list of notifications");
  }

  @Test
  @DisplayName("the schema's outcomes are exactly the notifiers' outcomes")
  void outcomesMatchTheNotifiers() throws java.io.IOException {
    com.fasterxml.jackson.databind.JsonNode schema;
    try (java.io.InputStream in = ConfigLoader.class.getResourceAsStream("promotion.schema.json")) {
      schema = new com.fasterxml.jackson.databind.ObjectMapper().readTree(in);
    }
    List<String> listed = new java.util.ArrayList<>();
    schema
        .at("/properties/notifications/items/properties/events/items/enum")
        .forEach(outcome -> listed.add(outcome.asText()));

    assertThat(listed)
        .containsExactlyElementsOf(
            java.util.Arrays.stream(dev.promotion.notify.Outcome.values())
                .map(dev.promotion.notify.Outcome::id)
                .toList());
  }
}
