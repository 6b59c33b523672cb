package dev.promotion.git;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.FS_POSIX;

/**
 * What JGit starts processes to learn, told to it without them where the answer is certain. JGit
 * finds git's system configuration by running {@code git --version} and {@code git config --system
 * --show-origin --list}, and the file mode mask by running {@code sh -c umask}: three processes
 * before the first fetch of a command, 25-40 ms on an idle machine and well over 100 ms on a loaded
 * CI runner. Elsewhere JGit asks as before.
 *
 * <p>The mask is read from {@code /proc/self/status} (Linux 4.7 and later). The system
 * configuration is certain when, on Linux, {@code GIT_CONFIG_SYSTEM} names the file (git reads it
 * instead), or the {@code git} on the {@code PATH} is installed under the prefix {@code /usr}, for
 * which git's build puts the system configuration in {@code /etc/gitconfig} (Debian, Ubuntu,
 * Fedora, Alpine, Arch and the hosted CI runners built on them). {@code GIT_CONFIG_NOSYSTEM} needs
 * nothing: JGit honours it before it looks for the file.
 */
public final class JGitEnvironment {
  private JGitEnvironment() {}

  /**
   * Tells JGit (process-wide, {@link FS#DETECTED}) where the system configuration is and the
   * process's file mode mask, each when it is certain without starting a process; otherwise changes
   * nothing. Idempotent. Meant for a command-line process, before its first repository; the answers
   * are the ones git and the shell would give.
   */
  public static void preset() {
    conventional(System.getenv(), System.getProperty("os.name", ""))
        .ifPresent(file -> FS.DETECTED.setGitSystemConfig(file.toFile()));
    if (FS.DETECTED instanceof FS_POSIX posix) {
      umask(Path.of("/proc/self/status")).ifPresent(posix::setUmask);
    }
  }

  /** The {@code Umask:} line of a Linux {@code /proc/<pid>/status} file, if it has one. */
  static OptionalInt umask(Path status) {
    try {
      for (String line : Files.readAllLines(status, StandardCharsets.US_ASCII)) {
        if (line.startsWith("Umask:")) {
          String octal = line.substring("Umask:".length()).strip();
          return octal.matches("[0-7]{1,4}")
              ? OptionalInt.of(Integer.parseInt(octal, 8))
              : OptionalInt.empty();
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or an older kernel: JGit asks the shell
    }
    return OptionalInt.empty();
  }

  /**
   * The system configuration file git uses, when it is certain without running git; empty when only
   * git can tell.
   */
  static Optional<Path> conventional(Map<String, String> env, String osName) {
    if (!osName.toLowerCase(Locale.ROOT).startsWith("linux") || isSet(env, "GIT_CONFIG_NOSYSTEM")) {
      return Optional.empty();
    }
    if (isSet(env, "GIT_CONFIG_SYSTEM")) {
      return Optional.of(Path.of(env.get("GIT_CONFIG_SYSTEM")));
    }
    return gitOnPath(env.getOrDefault("PATH", ""))
        .flatMap(JGitEnvironment::prefix)
        .filter(prefix -> prefix.equals(Path.of("/usr")))
        .map(prefix -> Path.of("/etc/gitconfig"));
  }

  private static boolean isSet(Map<String, String> env, String name) {
    String value = env.get(name);
    return value != null && !value.isEmpty();
  }

  /** The first executable {@code git} on {@code path}, with its links resolved. */
  private static Optional<Path> gitOnPath(String path) {
    for (String directory : path.split(File.pathSeparator)) {
      if (directory.isEmpty()) {
        continue;
      }
      Path git = Path.of(directory, "git");
      if (Files.isRegularFile(git) && Files.isExecutable(git)) {
        try {
          return Optional.of(git.toRealPath());
        } catch (IOException e) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }

  /** {@code /usr} for {@code /usr/bin/git}; empty when git is not in a {@code bin} directory. */
  private static Optional<Path> prefix(Path git) {
    Path bin = git.getParent();
    if (bin == null || bin.getFileName() == null || !bin.getFileName().toString().equals("bin")) {
      return Optional.empty();
    }
    return Optional.ofNullable(bin.getParent());
  }
}
