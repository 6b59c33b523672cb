package dev.promotion.scm.github;

/**
 * Finds a dispatch key in a workflow run's title. The key must stand alone (not be part of a longer
 * key), so that {@code release-v0.2.0} is not found in a run titled {@code release-v0.2.0-next}.
 */
final class DispatchKeys {
  private DispatchKeys() {}

  static boolean appearsIn(String title, String key) {
    if (title == null || key.isEmpty()) {
      return false;
    }
    for (int at = title.indexOf(key); at >= 0; at = title.indexOf(key, at + 1)) {
      int end = at + key.length();
      boolean startsAlone = at == 0 || !isKeyCharacter(title.charAt(at - 1));
      boolean endsAlone = end == title.length() || !isKeyCharacter(title.charAt(end));
      if (startsAlone && endsAlone) {
        return true;
      }
    }
    return false;
  }

  private static boolean isKeyCharacter(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || "._:/+=@-".indexOf(c) >= 0;
  }
}
