package dev.promotion.version;

import dev.promotion.error.InvalidDigestException;
import java.util.Objects;

/**
 * The content digest of a container image, {@code sha256:} followed by 64 lowercase hex digits (or
 * {@code sha512:} and 128), as a registry reports it and a Kustomize overlay pins it. Unlike a tag,
 * a digest names exactly one image, forever.
 */
public final class ImageDigest implements Comparable<ImageDigest> {
  private final String value;

  private ImageDigest(String value) {
    this.value = value;
  }

  /**
   * Parses a digest, exactly: no surrounding whitespace, lowercase hex only.
   *
   * @throws InvalidDigestException if it is not {@code sha256:<64 hex>} or {@code sha512:<128 hex>}
   */
  public static ImageDigest parse(String text) {
    Objects.requireNonNull(text, "digest");
    int colon = text.indexOf(':');
    if (colon < 0) {
      throw new InvalidDigestException(
          text, "it has no algorithm; expected sha256:<64 hex digits>");
    }
    String algorithm = text.substring(0, colon);
    int length =
        switch (algorithm) {
          case "sha256" -> 64;
          case "sha512" -> 128;
          default ->
              throw new InvalidDigestException(text, "the algorithm is not sha256 or sha512");
        };
    String hex = text.substring(colon + 1);
    if (hex.length() != length) {
      throw new InvalidDigestException(
          text, algorithm + " has " + length + " hex digits, not " + hex.length());
    }
    for (int i = 0; i < hex.length(); i++) {
      char c = hex.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
        throw new InvalidDigestException(
            text, "it has a character that is not a lowercase hex digit");
      }
    }
    return new ImageDigest(text);
  }

  /** {@code sha256} or {@code sha512}. */
  public String algorithm() {
    return value.substring(0, value.indexOf(':'));
  }

  /** The digest without its algorithm. */
  public String hex() {
    return value.substring(value.indexOf(':') + 1);
  }

  /** The first 12 hex digits after the algorithm, for messages: {@code sha256:0123456789ab}. */
  public String shortForm() {
    return algorithm() + ":" + hex().substring(0, 12);
  }

  @Override
  public int compareTo(ImageDigest other) {
    return value.compareTo(other.value);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ImageDigest other && value.equals(other.value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  /** The digest as written: {@code sha256:...}. */
  @Override
  public String toString() {
    return value;
  }
}
