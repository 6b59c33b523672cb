package dev.promotion.gitops;

import dev.promotion.git.Snapshot;
import dev.promotion.pipeline.Application;
import dev.promotion.spi.LiveApplication;
import dev.promotion.yaml.YamlText;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where a GitOps repository declares the chart version of an app in an environment, and how to read
 * and change it: a {@link PathLayout} (a file pattern and a path into the YAML), usually one of its
 * presets ({@link ArgoCdLayout}, {@link KustomizeLayout}, {@link PathLayout#helmValues()}, ...).
 *
 * <p>Each cluster of an environment has one file per app ({@link #path}); several apps may share a
 * file (a kustomization), several clusters may not share a path unless the pattern omits the
 * cluster.
 */
public sealed interface Layout permits PathLayout {
  /** The file that declares, or would declare, {@code app} in {@code environment} on a cluster. */
  String path(Application app, String environment, String cluster);

  /**
   * The apps the files of one cluster of an environment may declare, by name.
   *
   * @param load reads a file of the snapshot as YAML, with the store's limits
   */
  List<String> candidates(
      Snapshot snapshot,
      String environment,
      String cluster,
      Apps apps,
      Function<String, Optional<YamlText>> load);

  /**
   * The version {@code text} declares for {@code app}; empty when the file does not declare it.
   *
   * @throws dev.promotion.error.InvalidManifestException when it should but cannot be read
   */
  Optional<String> read(YamlText text, Application app);

  /**
   * {@code text} with the version of {@code app} changed surgically to {@code version}.
   *
   * @throws dev.promotion.error.InvalidManifestException when it cannot be changed safely
   */
  YamlText write(YamlText text, Application app, String version);

  /**
   * The text of a file that declares {@code app} at {@code version}, starting from the file as it
   * is ({@code existing}, which does not declare the app yet) or from nothing.
   *
   * @throws dev.promotion.error.InvalidManifestException when the declaration cannot be added
   */
  String declare(
      Optional<YamlText> existing,
      Application app,
      String environment,
      String cluster,
      String version);

  /**
   * Whether this layout records an image digest next to the version ({@link #digest}, {@link
   * #pin}); false unless overridden.
   */
  default boolean pinsDigests() {
    return false;
  }

  /**
   * The image digest {@code text} pins for {@code app}, as written; empty when it pins none or the
   * layout does not pin digests.
   */
  default Optional<String> digest(YamlText text, Application app) {
    return Optional.empty();
  }

  /**
   * {@code text}, which declares {@code app}, with its digest pin set to {@code digest} or removed
   * when {@code digest} is empty, surgically.
   *
   * @throws IllegalArgumentException if {@code digest} is present and this layout does not pin
   *     digests
   * @throws dev.promotion.error.InvalidManifestException when it cannot be changed safely
   */
  default YamlText pin(YamlText text, Application app, Optional<String> digest) {
    if (digest.isPresent()) {
      throw new IllegalArgumentException(this + " does not pin image digests");
    }
    return text;
  }

  /**
   * The controller application {@code text} (the file of {@code app} on {@code cluster}) is, for
   * layouts whose files are Argo CD {@code Application} manifests: its {@code metadata.name} and
   * {@code metadata.namespace}. Empty for other layouts.
   *
   * @throws dev.promotion.error.InvalidManifestException when the manifest has no name
   */
  default Optional<LiveApplication> liveApplication(
      YamlText text, Application app, String cluster) {
    return Optional.empty();
  }

  /** How the store finds the configuration of apps by name. */
  interface Apps {
    /** The app with this name: configured, or named like its chart. */
    Application named(String name);

    /** The configured apps. */
    List<Application> configured();
  }
}
