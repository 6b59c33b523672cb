package dev.promotion.scm.github;

import java.util.Objects;

/** A credential that never prints itself: {@link #toString()} is a fixed placeholder. */
final class Secret {
  private final String value;

  Secret(String value) {
    this.value = Objects.requireNonNull(value, "secret");
  }

  String reveal() {
    return value;
  }

  @Override
  public String toString() {
    return "[secret]";
  }
}
