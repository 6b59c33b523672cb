package dev.promotion.testkit.assertions;

import dev.promotion.error.ReferenceNotFoundException;
import dev.promotion.spi.Release;
import dev.promotion.spi.SourceControl;
import dev.promotion.spi.Tag;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on a {@link SourceControl} through the SPI: files, branches, tags and releases.
 *
 * @param <SELF> the concrete assertion type, for chaining
 * @param <ACTUAL> the source control type
 */
public abstract class AbstractSourceControlAssert<
        SELF extends AbstractSourceControlAssert<SELF, ACTUAL>, ACTUAL extends SourceControl>
    extends AbstractAssert<SELF, ACTUAL> {
  private static final Pattern CHART_VERSION =
      Pattern.compile("(?m)^version:[ \\t]*[\"']?([^\"'\\s#]+)");

  /** Assertions on {@code actual}. */
  protected AbstractSourceControlAssert(ACTUAL actual, Class<?> selfType) {
    super(actual, selfType);
  }

  /** Verifies that there is a release for {@code tag}. */
  public SELF hasRelease(String tag) {
    release(tag);
    return myself;
  }

  /** Verifies that the release for {@code tag} is at {@code commit}. */
  public SELF hasReleaseAt(String tag, String commit) {
    Release release = release(tag);
    if (!release.commit().equals(commit)) {
      fail("Expected release %s at %s, but it is at %s.", tag, commit, release.commit());
    }
    return myself;
  }

  /** Verifies that the notes of the release for {@code tag} contain every text. */
  public SELF hasReleaseNotesContaining(String tag, String... texts) {
    Release release = release(tag);
    for (String text : texts) {
      if (!release.notes().contains(text)) {
        fail(
            "Expected the notes of release %s to contain%n  %s%nbut they are:%n%s",
            tag, text, release.notes());
      }
    }
    return myself;
  }

  /** Verifies that there is no release for {@code tag}. */
  public SELF hasNoRelease(String tag) {
    isNotNull();
    actual
        .findRelease(tag)
        .ifPresent(r -> fail("Expected no release %s, but there is one at %s.", tag, r.commit()));
    return myself;
  }

  /** Verifies that {@code tag} exists and points at {@code commit}. */
  public SELF hasTagAt(String tag, String commit) {
    isNotNull();
    Optional<Tag> found = actual.findTag(tag);
    if (found.isEmpty()) {
      fail("Expected tag %s at %s, but there is no such tag. Tags: %s.", tag, commit, tagNames());
    } else if (!found.get().commit().equals(commit)) {
      fail("Expected tag %s at %s, but it is at %s.", tag, commit, found.get().commit());
    }
    return myself;
  }

  /** Verifies that {@code tag} does not exist. */
  public SELF hasNoTag(String tag) {
    isNotNull();
    actual
        .findTag(tag)
        .ifPresent(t -> fail("Expected no tag %s, but it exists at %s.", tag, t.commit()));
    return myself;
  }

  /** Verifies that {@code branch} exists. */
  public SELF hasBranch(String branch) {
    isNotNull();
    if (actual.branchHead(branch).isEmpty()) {
      fail("Expected branch %s, but there is no such branch.", branch);
    }
    return myself;
  }

  /** Verifies that the head of {@code branch} is {@code commit}. */
  public SELF hasBranchAt(String branch, String commit) {
    hasBranch(branch);
    String head = actual.branchHead(branch).orElseThrow();
    if (!head.equals(commit)) {
      fail("Expected branch %s at %s, but it is at %s.", branch, commit, head);
    }
    return myself;
  }

  /** Verifies that {@code branch} does not exist. */
  public SELF hasNoBranch(String branch) {
    isNotNull();
    actual
        .branchHead(branch)
        .ifPresent(h -> fail("Expected no branch %s, but it exists at %s.", branch, h));
    return myself;
  }

  /** Verifies that {@code path} exists at {@code ref}. */
  public SELF hasFile(String ref, String path) {
    file(ref, path);
    return myself;
  }

  /** Verifies that {@code path} does not exist at {@code ref}. */
  public SELF hasNoFile(String ref, String path) {
    isNotNull();
    read(ref, path).ifPresent(c -> fail("Expected no file %s at %s, but it exists.", path, ref));
    return myself;
  }

  /** Verifies that {@code path} at {@code ref} has exactly {@code content}. */
  public SELF hasFileContent(String ref, String path, String content) {
    String found = file(ref, path);
    if (!found.equals(content)) {
      fail("Expected %s at %s to be:%n%s%nbut it is:%n%s", path, ref, content, found);
    }
    return myself;
  }

  /** Verifies that {@code path} at {@code ref} contains {@code text}. */
  public SELF hasFileContaining(String ref, String path, String text) {
    String found = file(ref, path);
    if (!found.contains(text)) {
      fail("Expected %s at %s to contain%n  %s%nbut it is:%n%s", path, ref, text, found);
    }
    return myself;
  }

  /**
   * Verifies the chart version a {@code Chart.yaml} declares at {@code ref}: its top-level {@code
   * version:} line.
   *
   * @param chartYaml the path of the {@code Chart.yaml}, for example {@code charts/api/Chart.yaml}
   */
  public SELF hasChartVersion(String ref, String chartYaml, String version) {
    String found = file(ref, chartYaml);
    Matcher m = CHART_VERSION.matcher(found);
    if (!m.find()) {
      fail(
          "Expected %s at %s to say version %s, but it has no version line:%n%s",
          chartYaml, ref, version, found);
    } else if (!m.group(1).equals(version)) {
      fail(
          "Expected %s at %s to say version %s, but it says %s.",
          chartYaml, ref, version, m.group(1));
    }
    return myself;
  }

  /** Fails with a formatted message. */
  protected final void fail(String format, Object... arguments) {
    failWithMessage("%s", String.format(format, arguments));
  }

  private Release release(String tag) {
    isNotNull();
    Optional<Release> release = actual.findRelease(tag);
    if (release.isEmpty()) {
      fail("Expected a release %s, but there is none. Tags: %s.", tag, tagNames());
    }
    return release.orElseThrow();
  }

  private String file(String ref, String path) {
    isNotNull();
    Optional<String> content = read(ref, path);
    if (content.isEmpty()) {
      fail("Expected file %s at %s, but it does not exist there.", path, ref);
    }
    return content.orElseThrow();
  }

  private Optional<String> read(String ref, String path) {
    try {
      return actual.readFile(ref, path);
    } catch (ReferenceNotFoundException e) {
      fail("Expected to read %s at %s, but %s does not exist.", path, ref, ref);
      return Optional.empty();
    }
  }

  private List<String> tagNames() {
    return actual.listTags().stream().map(Tag::name).toList();
  }
}
