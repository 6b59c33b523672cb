package dev.promotion.git;

import java.util.Objects;

/** A git identity: who authored or committed a commit. */
public record Identity(String name, String email) {
  public Identity {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(email, "email");
    if (name.isBlank()) {
      throw new IllegalArgumentException("An identity has a name");
    }
    if (hasIllegalCharacter(name) || hasIllegalCharacter(email)) {
      throw new IllegalArgumentException(
          "An identity cannot contain '<', '>' or line breaks: " + name);
    }
  }

  /** The identity {@code promotion <promotion@localhost>}. */
  public static Identity promotion() {
    return new Identity("promotion", "promotion@localhost");
  }

  /** An identity for an actor name that may hold characters git identities cannot. */
  public static Identity forActor(String actor, String domain) {
    String name = actor.replaceAll("[<>\\r\\n]", "").strip();
    String local = name.replaceAll("[^A-Za-z0-9._-]", "-");
    return new Identity(
        name.isEmpty() ? "unknown" : name, (local.isEmpty() ? "unknown" : local) + "@" + domain);
  }

  private static boolean hasIllegalCharacter(String s) {
    return s.indexOf('<') >= 0
        || s.indexOf('>') >= 0
        || s.indexOf('\n') >= 0
        || s.indexOf('\r') >= 0;
  }
}
