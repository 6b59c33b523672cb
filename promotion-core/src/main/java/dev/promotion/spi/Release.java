package dev.promotion.spi;

import java.util.Objects;
import java.util.Optional;

/**
 * A release of the application repository: a tag at a commit, with notes.
 *
 * @param url where users can see it, when the host has a web page for it
 */
public record Release(String tag, String commit, String name, String notes, Optional<String> url) {
  public Release {
    Objects.requireNonNull(tag, "tag");
    Objects.requireNonNull(commit, "commit");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(notes, "notes");
    Objects.requireNonNull(url, "url");
  }
}
