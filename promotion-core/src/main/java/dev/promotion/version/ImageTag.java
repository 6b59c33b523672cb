package dev.promotion.version;

import dev.promotion.error.InvalidVersionException;
import java.util.regex.Pattern;

/**
 * A container image tag, as the OCI distribution specification defines it: {@code
 * [A-Za-z0-9_][A-Za-z0-9._-]{0,127}}. Opaque: {@code v1.2.3}, {@code abc123f-42}, {@code master}
 * and {@code 8.8.0-alpine} are all tags, compared only for equality and never ordered. A tag
 * holding {@code ..} is refused, though the grammar allows it: git refuses it in a tag name, and a
 * tag may name a release tag or a path.
 */
public final class ImageTag implements Version {
  private static final Pattern GRAMMAR = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}");
  private static final int MAX_LENGTH = 128;

  private final String text;

  private ImageTag(String text) {
    this.text = text;
  }

  /**
   * Parses a tag, exactly: no surrounding whitespace, no digest ({@code @sha256:...} is read by the
   * layout, not here).
   *
   * @throws InvalidVersionException if the text is not an OCI tag
   */
  public static ImageTag parse(String text) {
    if (text == null || text.isEmpty()) {
      throw new InvalidVersionException(String.valueOf(text), "an image tag is not empty");
    }
    if (text.length() > MAX_LENGTH) {
      throw new InvalidVersionException(
          text,
          "an image tag is at most " + MAX_LENGTH + " characters, this one has " + text.length());
    }
    if (!GRAMMAR.matcher(text).matches()) {
      throw new InvalidVersionException(
          text,
          "an image tag starts with a letter, digit or '_' and holds only letters, digits, '_', '.'"
              + " and '-' (the OCI tag grammar [A-Za-z0-9_][A-Za-z0-9._-]{0,127})");
    }
    if (text.contains("..")) {
      throw new InvalidVersionException(
          text,
          "an image tag with '..' is refused: git refuses it in a tag name, so no release can"
              + " carry it, and it reads as a parent directory where a tag names a path");
    }
    return new ImageTag(text);
  }

  /** Whether {@code text} is a tag {@link #parse} accepts. */
  public static boolean isValid(String text) {
    return text != null
        && text.length() <= MAX_LENGTH
        && GRAMMAR.matcher(text).matches()
        && !text.contains("..");
  }

  @Override
  public String text() {
    return text;
  }

  @Override
  public VersionKind kind() {
    return VersionKind.IMAGE;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ImageTag t && text.equals(t.text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  /** The tag as written. */
  @Override
  public String toString() {
    return text;
  }
}
