package dev.promotion.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;

/** Loads a {@code promotion.yaml} text as if it sat in {@link #BASE}, for the loader's tests. */
final class ConfigText {
  /** The directory the file is read from; relative paths resolve against it. */
  static final Path BASE = Path.of("/work/acme");

  private ConfigText() {}

  static PromotionConfig parse(String yaml) {
    return ConfigLoader.parse("promotion.yaml", BASE, yaml);
  }

  /** The error loading {@code yaml} gives; fails the test when it loads. */
  static ConfigurationException error(String yaml) {
    ConfigurationException e =
        catchThrowableOfType(ConfigurationException.class, () -> parse(yaml));
    assertThat(e).as("an error for:\n" + yaml).isNotNull();
    return e;
  }
}
