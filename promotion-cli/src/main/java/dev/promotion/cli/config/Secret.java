package dev.promotion.cli.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Where a secret comes from: an environment variable or a file. The configuration never holds the
 * secret itself, and {@code toString()} never shows it.
 */
public sealed interface Secret {
  /** The secret, read now. */
  String reveal(Map<String, String> environment);

  /** An environment variable. */
  record FromEnvironment(String variable) implements Secret {
    public FromEnvironment {
      Objects.requireNonNull(variable, "variable");
    }

    @Override
    public String reveal(Map<String, String> environment) {
      String value = environment.get(variable);
      if (value == null || value.isBlank()) {
        throw new ConfigurationException(
            "environment",
            0,
            0,
            "the environment variable " + variable + " is not set",
            "Set it (in GitHub Actions: env: " + variable + ": ${{ secrets.NAME }}).");
      }
      return value.strip();
    }
  }

  /** A file, read as UTF-8 and stripped of surrounding white space. */
  record FromFile(Path file) implements Secret {
    public FromFile {
      Objects.requireNonNull(file, "file");
    }

    @Override
    public String reveal(Map<String, String> environment) {
      try {
        return Files.readString(file, StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        throw new ConfigurationException(
            file.toString(), 0, 0, "the secret file cannot be read", "Check its path and mode.");
      }
    }
  }
}
