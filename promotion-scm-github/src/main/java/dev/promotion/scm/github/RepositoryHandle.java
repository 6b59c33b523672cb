package dev.promotion.scm.github;

import dev.promotion.error.BackendException;
import java.io.IOException;
import org.kohsuke.github.GHRepository;
import org.kohsuke.github.GitHub;

/** The repository as the library sees it, fetched once on first use. */
final class RepositoryHandle {
  private final GitHub gitHub;
  private final String owner;
  private final String name;
  private final Failures failures;
  private volatile GHRepository repository;

  RepositoryHandle(GitHub gitHub, String owner, String name, Failures failures) {
    this.gitHub = gitHub;
    this.owner = owner;
    this.name = name;
    this.failures = failures;
  }

  String owner() {
    return owner;
  }

  String name() {
    return name;
  }

  String fullName() {
    return owner + "/" + name;
  }

  GHRepository get() {
    GHRepository current = repository;
    if (current != null) {
      return current;
    }
    synchronized (this) {
      if (repository == null) {
        repository = fetch();
      }
      return repository;
    }
  }

  private GHRepository fetch() {
    try {
      return gitHub.getRepository(fullName());
    } catch (IOException e) {
      GitHubError error = GitHubError.of(e);
      if (error.is(404)) {
        return failWith(error);
      }
      throw failures.backend(error, "open repository " + fullName());
    }
  }

  private GHRepository failWith(GitHubError error) {
    throw new BackendException(
        Failures.BACKEND,
        false,
        "repository "
            + fullName()
            + " does not exist or the credentials cannot see it. Check the owner and name, and"
            + " that the token or App installation has access to it.",
        failures.cause(error));
  }
}
