package dev.promotion.git;

import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Writes commits into a repository through {@code git fast-import}, for generating large
 * repositories quickly (the benchmarks' GitOps repositories): {@link #commit} starts a commit on
 * {@code main}, {@link #file} adds a file to it, {@link #close} waits for git and fails the test if
 * it did not succeed.
 */
public final class FastImport implements AutoCloseable {
  private final Process process;
  private final OutputStream out;
  private final java.util.Map<String, Integer> tips = new java.util.HashMap<>();
  private int marks;

  private FastImport(Process process) {
    this.process = process;
    this.out = new BufferedOutputStream(process.getOutputStream(), 1 << 16);
  }

  /** Starts {@code git fast-import} in the (bare) repository at {@code repository}. */
  public static FastImport into(Path repository) throws IOException {
    GitDaemon.requireGit();
    return new FastImport(
        new ProcessBuilder("git", "fast-import", "--quiet")
            .directory(repository.toFile())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start());
  }

  /** Starts a commit on {@code main} at {@code time} (seconds since the epoch, UTC). */
  public void commit(long time, String message) throws IOException {
    commit("main", time, message);
  }

  /**
   * Starts a commit on {@code branch} at {@code time}, authored and committed by {@code bench}.
   * With {@code parents} (branches written in this import, in order), the commit starts from the
   * first one's files and merges the others: {@code commit("main", t, "Merge", "main", "side")} is
   * a merge commit whose first parent is main's tip. Without, it follows the branch's tip.
   */
  public void commit(String branch, long time, String message, String... parents)
      throws IOException {
    byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
    int mark = ++marks;
    write("commit refs/heads/" + branch + "\nmark :" + mark + "\n");
    write("committer bench <bench@example.com> " + time + " +0000\n");
    write("data " + bytes.length + "\n");
    out.write(bytes);
    write("\n");
    for (int i = 0; i < parents.length; i++) {
      Integer parent = tips.get(parents[i]);
      if (parent == null) {
        throw new IllegalArgumentException("no commit on " + parents[i] + " in this import");
      }
      write((i == 0 ? "from :" : "merge :") + parent + "\n");
    }
    tips.put(branch, mark);
  }

  /** Writes a regular file into the current commit. */
  public void file(String path, String content) throws IOException {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    write("M 100644 inline " + path + "\ndata " + bytes.length + "\n");
    out.write(bytes);
    write("\n");
  }

  private void write(String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Ends the input and waits up to 10 minutes for git to finish. */
  @Override
  public void close() throws IOException {
    out.close();
    try {
      if (!process.waitFor(600, TimeUnit.SECONDS) || process.exitValue() != 0) {
        fail("git fast-import did not succeed");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while git fast-import ran", e);
    }
  }
}
