package dev.promotion.testkit.contract;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The history a {@link SourceControlContract} test starts from: one branch with a line of commits,
 * some of them tagged. A source control adapter turns it into a real repository in {@link
 * SourceControlContract#createSourceControl(RepositorySeed)}: for each commit in order, write its
 * files on top of the previous commit's tree (files not named keep their content), commit with its
 * message, then create a lightweight tag for each of its tags; finally point the branch at the last
 * commit.
 *
 * @param branch the branch that holds the commits, for example {@code main}
 * @param commits the commits, oldest first; at least one
 */
public record RepositorySeed(String branch, List<Commit> commits) {
  /** Validates and copies. */
  public RepositorySeed {
    Objects.requireNonNull(branch, "branch");
    commits = List.copyOf(commits);
    if (commits.isEmpty()) {
      throw new IllegalArgumentException("A repository seed has at least one commit");
    }
  }

  /** Starts a seed whose commits go on {@code branch}. */
  public static Builder onBranch(String branch) {
    return new Builder(branch);
  }

  /** Every tag of the seed, in the order they are created. */
  public List<String> tags() {
    return commits.stream().flatMap(c -> c.tags().stream()).toList();
  }

  /**
   * One commit of a seed.
   *
   * @param message the full commit message; its first line is the subject
   * @param files the files this commit adds or replaces, path to UTF-8 content, in order
   * @param tags lightweight tags to create at this commit
   */
  public record Commit(String message, Map<String, String> files, List<String> tags) {
    /** Validates and copies, keeping the order of the files. */
    public Commit {
      Objects.requireNonNull(message, "message");
      files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
      tags = List.copyOf(tags);
    }

    /** The first line of the message. */
    public String subject() {
      int end = message.indexOf('\n');
      return end < 0 ? message : message.substring(0, end);
    }
  }

  /** Builds a {@link RepositorySeed}. Not thread-safe. */
  public static final class Builder {
    private final String branch;
    private final List<Commit> commits = new ArrayList<>();

    private Builder(String branch) {
      this.branch = Objects.requireNonNull(branch, "branch");
    }

    /** Adds a commit that writes {@code files} on top of the previous one. */
    public Builder commit(String message, Map<String, String> files) {
      commits.add(new Commit(message, files, List.of()));
      return this;
    }

    /** Tags the latest commit. */
    public Builder tag(String name) {
      if (commits.isEmpty()) {
        throw new IllegalStateException("Add a commit before tagging it");
      }
      Commit last = commits.remove(commits.size() - 1);
      List<String> tags = new ArrayList<>(last.tags());
      tags.add(Objects.requireNonNull(name, "name"));
      commits.add(new Commit(last.message(), last.files(), tags));
      return this;
    }

    /** The seed. */
    public RepositorySeed build() {
      return new RepositorySeed(branch, commits);
    }
  }
}
