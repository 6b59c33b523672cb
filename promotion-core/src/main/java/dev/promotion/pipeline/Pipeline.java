package dev.promotion.pipeline;

import dev.promotion.error.InvalidPipelineException;
import dev.promotion.error.UnknownEnvironmentException;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The ordered environments a build moves through, and which one is the release environment.
 *
 * <p>The first environment receives builds ({@code publishDev}); each later one is promoted from
 * its predecessor. The release environment (prod) receives the release of the release candidate
 * deployed in its predecessor (the release source, stage). Environments after the release
 * environment, if any, are promoted from their predecessor like any other.
 */
public record Pipeline(List<Environment> environments, String releaseEnvironment) {
  public Pipeline {
    environments = List.copyOf(Objects.requireNonNull(environments, "environments"));
    Objects.requireNonNull(releaseEnvironment, "releaseEnvironment");
    if (environments.size() < 2) {
      throw new InvalidPipelineException(
          "A pipeline needs at least two environments: one that receives builds and one to"
              + " release to.");
    }
    Set<String> names = new HashSet<>();
    for (Environment env : environments) {
      if (!names.add(env.name())) {
        throw new InvalidPipelineException(
            "Environment " + env.name() + " appears twice in the pipeline. Names are unique.");
      }
    }
    if (!names.contains(releaseEnvironment)) {
      throw new InvalidPipelineException(
          "The release environment '"
              + releaseEnvironment
              + "' is not in the pipeline "
              + names(environments)
              + ". Name exactly one of them as the release environment.");
    }
    if (environments.get(0).name().equals(releaseEnvironment)) {
      throw new InvalidPipelineException(
          "The release environment "
              + releaseEnvironment
              + " cannot be the first environment: a release comes from a release candidate"
              + " deployed in the environment before it.");
    }
  }

  /** A pipeline of single-cluster environments, for example {@code of("prod", "dev", ...)}. */
  public static Pipeline of(String releaseEnvironment, String... environments) {
    return new Pipeline(
        java.util.Arrays.stream(environments).map(Environment::of).toList(), releaseEnvironment);
  }

  private static List<String> names(List<Environment> environments) {
    return environments.stream().map(Environment::name).toList();
  }

  /** The environment names in order. */
  public List<String> names() {
    return names(environments);
  }

  /**
   * The environment with that name.
   *
   * @throws UnknownEnvironmentException if there is none
   */
  public Environment environment(String name) {
    for (Environment env : environments) {
      if (env.name().equals(name)) {
        return env;
      }
    }
    throw new UnknownEnvironmentException(name, names());
  }

  /** The environment that receives builds (dev). */
  public Environment first() {
    return environments.get(0);
  }

  /** The release environment (prod). */
  public Environment release() {
    return environment(releaseEnvironment);
  }

  /** The environment a release is made from: the one before the release environment (stage). */
  public Environment releaseSource() {
    return predecessorOf(releaseEnvironment).orElseThrow();
  }

  /**
   * The environment before {@code name}, empty for the first one.
   *
   * @throws UnknownEnvironmentException if there is no such environment
   */
  public Optional<Environment> predecessorOf(String name) {
    int i = indexOf(name);
    return i == 0 ? Optional.empty() : Optional.of(environments.get(i - 1));
  }

  /** The environment after {@code name}, empty for the last one. */
  public Optional<Environment> successorOf(String name) {
    int i = indexOf(name);
    return i == environments.size() - 1 ? Optional.empty() : Optional.of(environments.get(i + 1));
  }

  /** Whether {@code name} is the release environment. */
  public boolean isRelease(String name) {
    return releaseEnvironment.equals(environment(name).name());
  }

  private int indexOf(String name) {
    for (int i = 0; i < environments.size(); i++) {
      if (environments.get(i).name().equals(name)) {
        return i;
      }
    }
    throw new UnknownEnvironmentException(name, names());
  }
}
