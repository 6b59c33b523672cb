package dev.promotion.version;

/** Which part of a version a bump raises. */
public enum Bump {
  PATCH,
  MINOR,
  MAJOR;

  /** Parses {@code patch}, {@code minor} or {@code major}, ignoring case. */
  public static Bump parse(String level) {
    for (Bump bump : values()) {
      if (bump.name().equalsIgnoreCase(level == null ? "" : level.trim())) {
        return bump;
      }
    }
    throw new dev.promotion.error.InvalidVersionException(
        String.valueOf(level), "a bump level is one of patch, minor or major");
  }
}
