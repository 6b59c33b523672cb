package dev.promotion.testkit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Git-like ids: the SHA-1 of length-prefixed parts, so that equal inputs give equal ids. */
final class ContentId {
  private final MessageDigest sha1;

  private ContentId() {
    try {
      sha1 = MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is required by every Java platform", e);
    }
  }

  static ContentId start() {
    return new ContentId();
  }

  ContentId add(String part) {
    byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
    sha1.update((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
    sha1.update(bytes);
    return this;
  }

  String hex() {
    return HexFormat.of().formatHex(sha1.digest());
  }
}
