package dev.promotion.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promotion.error.InvalidManifestException;
import dev.promotion.error.InvalidVersionException;
import dev.promotion.version.ChartVersion;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("Chart.yaml")
class ChartYamlTest {

  private static final String CHART =
      """
      # The api service
      apiVersion: v2
      name: api            # must match the directory
      description: 'The API, with "quotes"'
      type: application
      version: 0.1.0       # bumped by promotion
      appVersion: "abc1234"
      dependencies:
        - name: redis
          version: 17.0.0   # a subchart version, not ours
      """;

  @Nested
  @DisplayName("reading")
  class Reading {

    @Test
    @DisplayName("name, version and appVersion are read from the top-level fields")
    void readsFields() {
      // when
      ChartYaml chart = ChartYaml.parse("api/Chart.yaml", CHART);

      // then
      assertThat(chart.name()).isEqualTo("api");
      assertThat(chart.version()).isEqualTo(ChartVersion.parse("0.1.0"));
      assertThat(chart.appVersion()).contains("abc1234");
      assertThat(chart.metadata())
          .isEqualTo(new ChartMetadata("api", ChartVersion.parse("0.1.0"), Optional.of("abc1234")));
      assertThat(chart.text()).isEqualTo(CHART);
    }

    @Test
    @DisplayName("a missing, null or empty appVersion reads as absent")
    void absentAppVersion() {
      assertThat(ChartYaml.parse("c", "name: a\nversion: 1.0.0\n").appVersion()).isEmpty();
      assertThat(ChartYaml.parse("c", "name: a\nversion: 1.0.0\nappVersion:\n").appVersion())
          .isEmpty();
      assertThat(ChartYaml.parse("c", "name: a\nversion: 1.0.0\nappVersion: ''\n").appVersion())
          .isEmpty();
    }

    @Test
    @DisplayName("an appVersion that looks like a number is read as its text")
    void numericAppVersion() {
      assertThat(ChartYaml.parse("c", "name: a\nversion: 1.0.0\nappVersion: 1.10\n").appVersion())
          .contains("1.10");
    }
  }

  @Nested
  @DisplayName("editing")
  class Editing {

    @Test
    @DisplayName("withVersion changes only the version, keeping comments and quoting")
    void withVersion() {
      // given
      ChartYaml chart = ChartYaml.parse("api/Chart.yaml", CHART);

      // when
      ChartYaml edited = chart.withVersion(ChartVersion.parse("0.2.0-rc.abc1234"));

      // then
      assertThat(edited.text())
          .isEqualTo(CHART.replace("version: 0.1.0       #", "version: 0.2.0-rc.abc1234       #"));
      assertThat(edited.version()).hasToString("0.2.0-rc.abc1234");
      assertThat(edited.appVersion()).contains("abc1234");
      assertThat(chart.version()).hasToString("0.1.0");
    }

    @Test
    @DisplayName("a quoted version stays quoted in the same style")
    void quotedVersion() {
      assertThat(
              ChartYaml.parse("c", "name: a\nversion: '0.1.0'\n")
                  .withVersion(ChartVersion.of(1, 0, 0))
                  .text())
          .isEqualTo("name: a\nversion: '1.0.0'\n");
      assertThat(
              ChartYaml.parse("c", "name: a\nversion: \"0.1.0\"\n")
                  .withVersion(ChartVersion.of(1, 0, 0))
                  .text())
          .isEqualTo("name: a\nversion: \"1.0.0\"\n");
    }

    @Test
    @DisplayName("CRLF line endings and a byte order mark are kept")
    void crlfAndBom() {
      // given
      String text = "\uFEFFapiVersion: v2\r\nname: api\r\nversion: 0.1.0\r\nappVersion: abc\r\n";

      // when
      ChartYaml edited =
          ChartYaml.parse("c", text).withVersion(ChartVersion.parse("0.1.1")).withAppVersion("def");

      // then
      assertThat(edited.text())
          .isEqualTo("\uFEFFapiVersion: v2\r\nname: api\r\nversion: 0.1.1\r\nappVersion: def\r\n");
    }

    @Test
    @DisplayName("withAppVersion inserts a missing appVersion right after version, CRLF kept")
    void insertsAppVersion() {
      // given
      String text = "apiVersion: v2\r\nname: api\r\nversion: 0.1.0 # v\r\ndescription: x\r\n";

      // when
      ChartYaml edited = ChartYaml.parse("c", text).withAppVersion("1.0");

      // then
      assertThat(edited.text())
          .isEqualTo(
              "apiVersion: v2\r\nname: api\r\nversion: 0.1.0 # v\r\nappVersion: \"1.0\"\r\ndescription: x\r\n");
      assertThat(edited.appVersion()).contains("1.0");
    }

    @Test
    @DisplayName("withAppVersion fills an empty appVersion in place instead of adding a second one")
    void fillsEmptyAppVersion() {
      assertThat(
              ChartYaml.parse("c", "name: a\nappVersion:\nversion: 1.0.0\n")
                  .withAppVersion("abc1234")
                  .text())
          .isEqualTo("name: a\nappVersion: abc1234\nversion: 1.0.0\n");
    }
  }

  @Nested
  @DisplayName("rejecting")
  class Rejecting {

    @Test
    @DisplayName("a missing version names the file, line and column")
    void missingVersion() {
      assertThatThrownBy(() -> ChartYaml.parse("api/Chart.yaml", "apiVersion: v2\nname: api\n"))
          .isInstanceOfSatisfying(
              InvalidManifestException.class,
              e -> {
                assertThat(e.path()).isEqualTo("api/Chart.yaml");
                assertThat(e.line()).contains(1);
                assertThat(e.column()).contains(1);
                assertThat(e).hasMessageContaining("no 'version'");
              });
    }

    @Test
    @DisplayName("a missing or empty name is rejected")
    void missingName() {
      assertThatThrownBy(() -> ChartYaml.parse("c", "version: 1.0.0\n"))
          .isInstanceOf(InvalidManifestException.class)
          .hasMessageContaining("no 'name'");
      assertThatThrownBy(() -> ChartYaml.parse("c", "name: ''\nversion: 1.0.0\n"))
          .isInstanceOfSatisfying(
              InvalidManifestException.class,
              e -> {
                assertThat(e.line()).contains(1);
                assertThat(e.column()).contains(7);
              });
    }

    @Test
    @DisplayName("a name that could escape a directory is rejected")
    void unsafeName() {
      assertThatThrownBy(() -> ChartYaml.parse("c", "name: ../etc\nversion: 1.0.0\n"))
          .isInstanceOfSatisfying(
              InvalidManifestException.class,
              e -> {
                assertThat(e.line()).contains(1);
                assertThat(e).hasMessageContaining("not a valid name");
              });
    }

    @Test
    @DisplayName("an invalid version names where it is and keeps the version error as cause")
    void invalidVersion() {
      assertThatThrownBy(() -> ChartYaml.parse("c", "name: a\nversion: 1.0\n"))
          .isInstanceOfSatisfying(
              InvalidManifestException.class,
              e -> {
                assertThat(e.line()).contains(2);
                assertThat(e.column()).contains(10);
                assertThat(e).hasCauseInstanceOf(InvalidVersionException.class);
              });
    }

    @Test
    @DisplayName("malformed YAML names the line and column")
    void malformed() {
      assertThatThrownBy(() -> ChartYaml.parse("c", "name: a\nversion: [1.0.0\n"))
          .isInstanceOfSatisfying(
              InvalidManifestException.class,
              e -> {
                assertThat(e.line()).isPresent();
                assertThat(e.column()).isPresent();
              });
      assertThatThrownBy(() -> ChartYaml.parse("c", "- name: a\n"))
          .isInstanceOf(InvalidManifestException.class)
          .hasMessageContaining("mapping");
      assertThatThrownBy(() -> ChartYaml.parse("c", "name: a\nversion: 1.0.0\n---\nname: b\n"))
          .isInstanceOf(InvalidManifestException.class)
          .hasMessageContaining("exactly one YAML document");
      assertThatThrownBy(() -> ChartYaml.parse("c", "name: a\nversion: 1.0.0\nname: b\n"))
          .isInstanceOfSatisfying(
              InvalidManifestException.class, e -> assertThat(e.line()).contains(3));
    }

    @Test
    @DisplayName("an alias bomb fails fast with line and column")
    void aliasBomb() {
      // given
      StringBuilder text =
          new StringBuilder("name: a\nversion: 1.0.0\na: &a [x, x, x, x, x, x, x, x]\n");
      for (char c = 'b'; c <= 'k'; c++) {
        text.append(c).append(": &").append(c).append(" [");
        for (int i = 0; i < 8; i++) {
          text.append(i == 0 ? "" : ", ").append('*').append((char) (c - 1));
        }
        text.append("]\n");
      }

      // then
      assertThatThrownBy(() -> ChartYaml.parse("c", text.toString()))
          .isInstanceOfSatisfying(
              InvalidManifestException.class,
              e -> {
                assertThat(e.line()).contains(10);
                assertThat(e.column()).isPresent();
                assertThat(e).hasMessageContaining("aliases");
              });
    }

    @Test
    @DisplayName("deep nesting fails fast with line and column")
    void deepNesting() {
      assertThatThrownBy(
              () -> ChartYaml.parse("c", "name: a\nversion: 1.0.0\nx: " + "[".repeat(5000)))
          .isInstanceOfSatisfying(
              InvalidManifestException.class,
              e -> {
                assertThat(e.line()).contains(3);
                assertThat(e.column()).contains(67);
              });
    }
  }
}
