package dev.promotion.argocd;

import dev.promotion.git.GitDaemon;
import dev.promotion.git.GitRepository;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A real GitOps repository served by {@code git daemon} on 127.0.0.1: clones for the promoter and
 * for the simulated Argo CD, and plain {@code git} commits for files the store does not write.
 */
final class GitOpsServer {
  private final Path temp;
  private final GitDaemon daemon;
  private final List<GitRepository> opened = new ArrayList<>();
  private int repositories;
  private int clones;

  GitOpsServer(Path temp) throws Exception {
    this.temp = temp;
    this.daemon = GitDaemon.start(Files.createDirectories(temp.resolve("served")));
  }

  /** A new empty repository; returns its URL. */
  String create() throws Exception {
    return daemon.createRepository("gitops-" + ++repositories);
  }

  /** A clone of {@code url} in its own cache directory. */
  GitRepository clone(String url) {
    GitRepository git =
        GitRepository.builder()
            .remote(url)
            .cacheDirectory(temp.resolve("clone-" + ++clones))
            .build();
    opened.add(git);
    return git;
  }

  /** Commits {@code content} at {@code path} to main with plain git, as a person would. */
  void commit(String url, String path, String content, String message) throws Exception {
    Path work = temp.resolve("work-" + ++clones);
    GitDaemon.git(temp, "clone", "--quiet", url, work.toString());
    Path file = work.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content, StandardCharsets.UTF_8);
    GitDaemon.git(work, "add", path);
    GitDaemon.git(
        work,
        "-c",
        "user.name=A Person",
        "-c",
        "user.email=person@example.com",
        "commit",
        "--quiet",
        "-m",
        message);
    GitDaemon.git(work, "push", "--quiet", "origin", "HEAD:main");
  }

  void close() throws Exception {
    opened.forEach(GitRepository::close);
    daemon.close();
  }
}
