package dev.promotion.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("what JGit would start processes to learn, found without them")
class JGitEnvironmentTest {
  @TempDir Path temp;

  @Test
  @DisplayName("for the git on this PATH it names the file git itself reports, or leaves it to git")
  void agreesWithGit() throws Exception {
    GitDaemon.requireGit();
    Optional<Path> located = JGitEnvironment.conventional(System.getenv(), "Linux");
    Process p =
        new ProcessBuilder("git", "config", "--system", "--show-origin", "--list", "-z")
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();

    Path git =
        Path.of(
                new String(
                        new ProcessBuilder("sh", "-c", "command -v git")
                            .start()
                            .getInputStream()
                            .readAllBytes(),
                        StandardCharsets.UTF_8)
                    .strip())
            .toRealPath();
    assertThat(located.isPresent())
        .as("certain exactly for a git under /usr: " + git)
        .isEqualTo(git.startsWith("/usr/bin/"));
    if (located.isPresent() && !out.isEmpty()) {
      assertThat(out).startsWith("file:" + located.get() + "\0");
    }
    if (located.isPresent() && out.isEmpty()) {
      assertThat(located.get()).as("git reads no system file: none is there").doesNotExist();
    }
  }

  @Test
  @DisplayName("a git under /usr reads /etc/gitconfig")
  void usrPrefix() {
    assertThat(JGitEnvironment.conventional(Map.of("PATH", "/nonexistent:/usr/bin"), "Linux"))
        .isEqualTo(
            Files.isExecutable(Path.of("/usr/bin/git"))
                ? Optional.of(Path.of("/etc/gitconfig"))
                : Optional.empty());
  }

  @Test
  @DisplayName("a git under another prefix, or none on the PATH, is left to git")
  void otherPrefix() throws Exception {
    Path bin = Files.createDirectories(temp.resolve("opt/git/bin"));
    Path git = Files.writeString(bin.resolve("git"), "#!/bin/sh\n");
    Files.setPosixFilePermissions(git, PosixFilePermissions.fromString("rwxr-xr-x"));

    assertThat(JGitEnvironment.conventional(Map.of("PATH", bin.toString()), "Linux")).isEmpty();
    assertThat(JGitEnvironment.conventional(Map.of("PATH", temp.toString()), "Linux")).isEmpty();
    assertThat(JGitEnvironment.conventional(Map.of(), "Linux")).isEmpty();
  }

  @Test
  @DisplayName("a link to git is followed to where git is installed")
  void linkFollowed() throws Exception {
    Path bin = Files.createDirectories(temp.resolve("elsewhere/bin"));
    Files.createSymbolicLink(bin.resolve("git"), Path.of("/usr/bin/git"));

    assertThat(JGitEnvironment.conventional(Map.of("PATH", bin.toString()), "Linux"))
        .isEqualTo(
            Files.isExecutable(Path.of("/usr/bin/git"))
                ? Optional.of(Path.of("/etc/gitconfig"))
                : Optional.empty());
  }

  @Test
  @DisplayName("GIT_CONFIG_SYSTEM names the file; GIT_CONFIG_NOSYSTEM and other systems need git")
  void environment() {
    assertThat(
            JGitEnvironment.conventional(
                Map.of("GIT_CONFIG_SYSTEM", "/srv/git/config", "PATH", "/usr/bin"), "Linux"))
        .contains(Path.of("/srv/git/config"));
    assertThat(
            JGitEnvironment.conventional(
                Map.of("GIT_CONFIG_NOSYSTEM", "1", "PATH", "/usr/bin"), "Linux"))
        .isEmpty();
    assertThat(JGitEnvironment.conventional(Map.of("PATH", "/usr/bin"), "Mac OS X")).isEmpty();
    assertThat(JGitEnvironment.conventional(Map.of("PATH", "/usr/bin"), "Windows 11")).isEmpty();
  }

  @Test
  @DisplayName("the mask is read from /proc/self/status, as the shell reports it")
  void umask() throws Exception {
    Path status =
        Files.writeString(temp.resolve("status"), "Name:\tjava\nUmask:\t0027\nState:\tR\n");
    assertThat(JGitEnvironment.umask(status)).hasValue(027);
    assertThat(JGitEnvironment.umask(Files.writeString(temp.resolve("old"), "Name:\tjava\n")))
        .isEmpty();
    assertThat(JGitEnvironment.umask(temp.resolve("missing"))).isEmpty();
    assertThat(JGitEnvironment.umask(Files.writeString(temp.resolve("bad"), "Umask:\t9x\n")))
        .isEmpty();

    if (Files.exists(Path.of("/proc/self/status"))) {
      Process p = new ProcessBuilder("sh", "-c", "umask").start();
      String shell = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      p.waitFor();
      assertThat(JGitEnvironment.umask(Path.of("/proc/self/status")))
          .hasValue(Integer.parseInt(shell, 8));
    }
  }
}
