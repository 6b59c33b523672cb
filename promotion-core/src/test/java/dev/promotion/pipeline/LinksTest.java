package dev.promotion.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promotion.Settings;
import dev.promotion.error.InvalidRequestException;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("links to a run or an environment")
class LinksTest {
  @Test
  @DisplayName("an absolute http or https URL is kept as given")
  void accepted() {
    assertThat(Links.require("run URL", "https://github.com/acme/api/actions/runs/42"))
        .isEqualTo("https://github.com/acme/api/actions/runs/42");
    assertThat(Settings.defaults().withRunUrl("http://ci.local:8080/job/7").runUrl())
        .contains("http://ci.local:8080/job/7");
    assertThat(Environment.of("dev").withUrl("https://dev.example.com").url())
        .contains("https://dev.example.com");
    assertThat(Environment.of("dev").url()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "github.com/acme/api",
        "/actions/runs/42",
        "ftp://example.com/run",
        "javascript:alert(1)",
        "https://exa mple.com",
        "https:///no-host"
      })
  @DisplayName("anything but an absolute http(s) URL with a host is refused")
  void refused(String url) {
    assertThatThrownBy(() -> Settings.defaults().withRunUrl(url))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("The run URL cannot be used as a link");
  }

  @Test
  @DisplayName("a URL with credentials is refused, and the message never repeats it")
  void credentials() {
    String secret = "https://bot:ghp_s3cr3t@github.com/acme/api/actions/runs/42";

    assertThatThrownBy(() -> Links.require("run URL", secret))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("credentials")
        .hasMessageNotContaining("ghp_s3cr3t")
        .hasMessageNotContaining("bot");
    assertThatThrownBy(() -> new Environment("prod", List.of("prod")).withUrl(secret))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("URL of environment prod")
        .hasMessageNotContaining("ghp_s3cr3t");
  }

  @Test
  @DisplayName("a URL longer than 2048 characters is refused")
  void tooLong() {
    assertThatThrownBy(() -> Links.require("run URL", "https://e.com/" + "a".repeat(2040)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("longer than 2048");
  }
}
