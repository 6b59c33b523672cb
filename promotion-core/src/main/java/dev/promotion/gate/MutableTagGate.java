package dev.promotion.gate;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A mutable tag ({@code latest}, {@code main}, {@code stable}, ...) names whatever image was pushed
 * under it last, so a gated environment (the release environment by default) only receives one
 * pinned by digest: then the environment runs exactly the image that ran before it, whatever the
 * tag names later.
 *
 * <p>The default list ({@link #DEFAULT_TAGS}) holds the tags CI pipelines and registries move on
 * every push: Docker's implicit {@code latest}; the branch-named tags a build pushes for each
 * commit ({@code main}, {@code master}, {@code develop}, {@code dev}); and the channel tags a
 * project moves on each release or night ({@code stable}, {@code staging}, {@code edge}, {@code
 * nightly}). Tags are compared without regard to case ({@code Latest} is as mutable as {@code
 * latest}). Every write is checked, rollbacks included: rolling back to a mutable tag would run
 * what it names now, not what ran before.
 */
public final class MutableTagGate implements PromotionGate {
  /** This gate's name in violations. */
  public static final String NAME = "mutable-tag";

  /** The tags treated as mutable unless configured otherwise. */
  public static final Set<String> DEFAULT_TAGS =
      Set.of("latest", "master", "main", "stable", "staging", "dev", "develop", "edge", "nightly");

  private final Set<String> tags;
  private final Optional<Set<String>> environments;

  private MutableTagGate(Set<String> tags, Optional<Set<String>> environments) {
    Objects.requireNonNull(tags, "tags");
    this.tags =
        tags.stream().map(t -> t.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    this.environments = environments.map(Set::copyOf);
  }

  /** The default tags, gating the release environment. */
  public MutableTagGate() {
    this(DEFAULT_TAGS, Optional.empty());
  }

  /** {@code tags} gating the release environment. */
  public static MutableTagGate ofTags(Set<String> tags) {
    return new MutableTagGate(tags, Optional.empty());
  }

  /** {@code tags} gating the named environments (an empty set gates none). */
  public static MutableTagGate of(Set<String> tags, Set<String> environments) {
    return new MutableTagGate(tags, Optional.of(Objects.requireNonNull(environments)));
  }

  /** The tags this gate treats as mutable, lowercase. */
  public Set<String> tags() {
    return tags;
  }

  /** The environments it gates; empty when it gates the release environment. */
  public Optional<Set<String>> environments() {
    return environments;
  }

  /** Whether {@code tag} is one this gate treats as mutable. */
  public boolean isMutable(String tag) {
    return tags.contains(tag.toLowerCase(Locale.ROOT));
  }

  @Override
  public List<GateViolation> evaluate(GateContext context) {
    boolean gated =
        environments
            .map(e -> e.contains(context.target()))
            .orElseGet(() -> context.pipeline().isRelease(context.target()));
    if (!gated || context.digest().isPresent() || !isMutable(context.version().text())) {
      return List.of();
    }
    return List.of(
        new GateViolation(
            NAME,
            context.version().text()
                + " is a mutable tag: it names whatever image was pushed last, so "
                + context.target()
                + " only receives it pinned by digest; promote an immutable tag (a release such"
                + " as v1.2.3, or a commit id), or pin the image's digest where it runs before"
                + " promoting it"));
  }
}
