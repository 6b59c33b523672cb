package dev.promotion.argocd;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Where the Argo CD bearer token comes from: an environment variable or a file (a mounted secret),
 * read at each request so a rotated token is picked up. Neither {@code toString()} nor any message
 * ever shows the token; {@link #describe()} names only its source.
 */
public sealed interface ArgoCdToken {
  /** The token, read now. */
  String read();

  /** Where the token comes from, safe to print ("the environment variable ARGOCD_TOKEN"). */
  String describe();

  /** The process environment variable {@code variable}. */
  static ArgoCdToken environment(String variable) {
    return new FromEnvironment(variable, System.getenv());
  }

  /** The variable {@code variable} of {@code environment}. */
  static ArgoCdToken environment(String variable, Map<String, String> environment) {
    return new FromEnvironment(variable, environment);
  }

  /** A file holding the token, read as UTF-8 and stripped of surrounding white space. */
  static ArgoCdToken file(Path file) {
    return new FromFile(file);
  }

  /** An environment variable. */
  final class FromEnvironment implements ArgoCdToken {
    private final String variable;
    private final Map<String, String> environment;

    FromEnvironment(String variable, Map<String, String> environment) {
      this.variable = Objects.requireNonNull(variable, "variable");
      this.environment = Map.copyOf(environment);
    }

    @Override
    public String read() {
      String value = environment.get(variable);
      if (value == null || value.isBlank()) {
        throw new ArgoCdAccessException(
            "the environment variable "
                + variable
                + " that holds the Argo CD token is not set; set it (in GitHub Actions: env: "
                + variable
                + ": ${{ secrets.ARGOCD_TOKEN }})");
      }
      return value.strip();
    }

    @Override
    public String describe() {
      return "the environment variable " + variable;
    }

    @Override
    public String toString() {
      return "ArgoCdToken[env " + variable + "]";
    }
  }

  /** A file. */
  final class FromFile implements ArgoCdToken {
    private final Path file;

    FromFile(Path file) {
      this.file = Objects.requireNonNull(file, "file");
    }

    @Override
    public String read() {
      String value;
      try {
        value = Files.readString(file, StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        throw new ArgoCdAccessException(
            "the Argo CD token file " + file + " cannot be read; check its path and mode");
      }
      if (value.isEmpty()) {
        throw new ArgoCdAccessException("the Argo CD token file " + file + " is empty");
      }
      return value;
    }

    @Override
    public String describe() {
      return "the file " + file;
    }

    @Override
    public String toString() {
      return "ArgoCdToken[file " + file + "]";
    }
  }
}
