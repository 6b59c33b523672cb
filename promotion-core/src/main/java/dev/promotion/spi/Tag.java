package dev.promotion.spi;

import java.util.Objects;

/** A tag and the full id of the commit it points at. */
public record Tag(String name, String commit) {
  public Tag {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(commit, "commit");
  }
}
