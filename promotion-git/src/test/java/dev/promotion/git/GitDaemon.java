package dev.promotion.git;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code git daemon} on 127.0.0.1 and a free port, serving the bare repositories of a
 * directory with push enabled; started by the test and stopped by its own process id.
 *
 * <p>When {@code git} is not installed the test is aborted, except when the environment variable
 * {@code CI} is set: then it fails, so a CI run never silently skips the real server.
 */
public final class GitDaemon implements AutoCloseable {
  private final Path base;
  private final int port;
  private final Process process;

  private final Path log;

  private GitDaemon(Path base, int port, Process process, Path log) {
    this.log = log;
    this.base = base;
    this.port = port;
    this.process = process;
  }

  /** Starts a daemon serving {@code base}. */
  public static GitDaemon start(Path base) throws IOException, InterruptedException {
    requireGit();
    Path log = base.resolve("daemon.log");
    for (int attempt = 1; ; attempt++) {
      int port = freePort();
      Process process =
          new ProcessBuilder(
                  "git",
                  "daemon",
                  "--base-path=" + base,
                  "--export-all",
                  "--enable=receive-pack",
                  "--listen=127.0.0.1",
                  "--port=" + port,
                  "--reuseaddr",
                  "--informative-errors",
                  // git daemon serves 32 clients at a time by default and, past that, kills a
                  // connection from the same address (every client here is 127.0.0.1); the
                  // concurrent-writer tests run 16 to 64 processes at once, as a hosted git
                  // server would take them.
                  "--max-connections=0",
                  // one "Request <service> for '/<name>.git'" line per connection, counted by
                  // requests(name)
                  "--verbose",
                  base.toString())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      if (awaitListening(port, process, Duration.ofSeconds(10))) {
        return new GitDaemon(base, port, process, log);
      }
      stop(process);
      if (attempt == 3) {
        fail("git daemon did not start: " + Files.readString(log, StandardCharsets.UTF_8));
      }
    }
  }

  /** Fails (with CI set) or aborts the test when git is not installed. */
  public static void requireGit() {
    RequiredTool.require("git", "git", "--version");
  }

  /** Creates an empty bare repository {@code name}.git with the default branch main. */
  public String createRepository(String name) throws IOException, InterruptedException {
    git(base, "init", "--quiet", "--bare", "--initial-branch=main", name + ".git");
    return url(name);
  }

  /**
   * Sets what {@code git upload-pack} allows when serving repository {@code name} (read from the
   * repository's configuration on every request): {@code uploadpack.allowFilter} (partial fetches,
   * {@code --filter}) and {@code uploadpack.allowAnySHA1InWant} (a want of any object by id, not
   * only of what a ref points at; on protocol v0 git refuses such a want with "not our ref"
   * otherwise). Both are off in git's defaults; GitHub and GitLab allow both.
   */
  public void allow(String name, boolean filter, boolean anySha1InWant)
      throws IOException, InterruptedException {
    Path repository = directory(name);
    git(repository, "config", "uploadpack.allowFilter", Boolean.toString(filter));
    git(repository, "config", "uploadpack.allowAnySHA1InWant", Boolean.toString(anySha1InWant));
  }

  /**
   * The connections clients made so far to repository {@code name}, by service: each is one request
   * with its round trips (the ref advertisement or {@code ls-refs}, then a fetch or a push), and
   * costs the server a process. Deterministic, unlike time: tests bound these.
   */
  public Requests requests(String name) throws IOException {
    String suffix = " for '/" + name + ".git'";
    long uploads = 0;
    long receives = 0;
    for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
      if (line.endsWith("Request upload-pack" + suffix)) {
        uploads++;
      } else if (line.endsWith("Request receive-pack" + suffix)) {
        receives++;
      }
    }
    return new Requests(uploads, receives);
  }

  /** Connections to one repository: fetches and ref listings (upload-pack), pushes. */
  public record Requests(long uploadPack, long receivePack) {
    /** The requests made since {@code earlier}. */
    public Requests since(Requests earlier) {
      return new Requests(uploadPack - earlier.uploadPack, receivePack - earlier.receivePack);
    }
  }

  /** The URL of repository {@code name}. */
  public String url(String name) {
    return "git://127.0.0.1:" + port + "/" + name + ".git";
  }

  /** The bare repository directory of {@code name}. */
  public Path directory(String name) {
    return base.resolve(name + ".git");
  }

  /** Runs {@code git args...} in {@code directory} and returns its standard output. */
  public static String git(Path directory, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add("git");
    command.addAll(List.of(args));
    Process p =
        new ProcessBuilder(command)
            .directory(directory.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      fail("git " + String.join(" ", args) + " failed in " + directory);
    }
    return out;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static boolean awaitListening(int port, Process process, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        return false;
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
        return true;
      } catch (IOException e) {
        Thread.sleep(50);
      }
    }
    return false;
  }

  private static void stop(Process process) throws InterruptedException {
    ProcessHandle handle = process.toHandle();
    handle.descendants().forEach(ProcessHandle::destroy);
    handle.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      handle.descendants().forEach(ProcessHandle::destroyForcibly);
      handle.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** Stops the daemon (its process and the children it forked) by process id. */
  @Override
  public void close() throws InterruptedException {
    stop(process);
  }
}
