package dev.promotion.git;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Test keys made by the real tools ({@code ssh-keygen}, {@code gpg}) in a test's temporary
 * directory, and checks of signatures by real git ({@code git verify-commit}, {@code git
 * verify-tag}) against them. A missing tool aborts the test locally and fails it when {@code CI} is
 * set (install the Debian packages {@code openssh-client} and {@code gnupg}).
 */
public final class SigningKeys {
  private SigningKeys() {}

  /** An SSH key pair: the private key's text and the public key line. */
  public record Ssh(String privateKey, String publicKey, Path allowedSigners) {}

  /** An OpenPGP key: the armored secret key, its fingerprint, and the GNUPGHOME that trusts it. */
  public record OpenPgp(String secretKey, String fingerprint, Path gnupgHome) {}

  /** The outcome of a command: its exit code and its standard output and error together. */
  public record Outcome(int exitCode, String output) {
    public boolean ok() {
      return exitCode == 0;
    }
  }

  /**
   * Generates an Ed25519 key with {@code ssh-keygen} in {@code directory} and an allowed-signers
   * file that trusts it for {@code email} (git's {@code gpg.ssh.allowedSignersFile}).
   */
  public static Ssh ssh(Path directory, String passphrase, String email)
      throws IOException, InterruptedException {
    RequiredTool.require("ssh-keygen", "openssh-client", "-V");
    Files.createDirectories(directory);
    Path key = directory.resolve("id_ed25519");
    run(
        directory,
        Map.of(),
        "ssh-keygen",
        "-q",
        "-t",
        "ed25519",
        "-N",
        passphrase,
        "-C",
        email,
        "-f",
        key.toString());
    String publicKey = Files.readString(directory.resolve("id_ed25519.pub")).strip();
    Path allowed = directory.resolve("allowed_signers");
    Files.writeString(allowed, email + " namespaces=\"git\" " + publicKey + "\n");
    return new Ssh(Files.readString(key), publicKey, allowed);
  }

  /**
   * Generates an Ed25519 OpenPGP signing key with {@code gpg} in a new GNUPGHOME under {@code
   * directory} and exports its secret key, armored.
   */
  public static OpenPgp openPgp(Path directory, String passphrase, String email)
      throws IOException, InterruptedException {
    RequiredTool.require("gpg", "gnupg", "--version");
    Path home = Files.createDirectories(directory.resolve("gnupg"));
    Files.setPosixFilePermissions(
        home, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    Map<String, String> env = Map.of("GNUPGHOME", home.toString());
    gpg(home, env, passphrase, "--quick-gen-key", "Test <" + email + ">", "ed25519", "sign", "0");
    String colons =
        run(home, env, "gpg", "--batch", "--with-colons", "--list-secret-keys").output();
    String fingerprint =
        colons.lines().filter(l -> l.startsWith("fpr:")).findFirst().orElseThrow().split(":")[9];
    String secret =
        gpg(home, env, passphrase, "--armor", "--export-secret-keys", fingerprint).output();
    return new OpenPgp(secret, fingerprint, home);
  }

  /** Stops the gpg-agent that {@code gpg} started for {@code key}'s GNUPGHOME. */
  public static void stopAgent(OpenPgp key) throws IOException, InterruptedException {
    run(
        key.gnupgHome(),
        Map.of("GNUPGHOME", key.gnupgHome().toString()),
        "gpgconf",
        "--kill",
        "all");
  }

  /** {@code git verify-commit} (or {@code verify-tag}, with {@code what}) against an SSH key. */
  public static Outcome verify(Path gitDir, String what, String rev, Ssh key)
      throws IOException, InterruptedException {
    return run(
        gitDir,
        Map.of(),
        "git",
        "-c",
        "gpg.format=ssh",
        "-c",
        "gpg.ssh.allowedSignersFile=" + key.allowedSigners(),
        what,
        "-v",
        rev);
  }

  /** {@code git verify-commit} (or {@code verify-tag}) against an OpenPGP key's GNUPGHOME. */
  public static Outcome verify(Path gitDir, String what, String rev, OpenPgp key)
      throws IOException, InterruptedException {
    return run(
        gitDir,
        Map.of("GNUPGHOME", key.gnupgHome().toString()),
        "git",
        "-c",
        "gpg.format=openpgp",
        what,
        "-v",
        rev);
  }

  private static Outcome gpg(Path home, Map<String, String> env, String passphrase, String... args)
      throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of("gpg", "--batch", "--pinentry-mode", "loopback", "--passphrase", passphrase));
    command.addAll(List.of(args));
    Outcome outcome = run(home, env, command.toArray(String[]::new));
    if (!outcome.ok()) {
      fail("gpg " + args[0] + " failed: " + outcome.output());
    }
    return outcome;
  }

  private static Outcome run(Path directory, Map<String, String> env, String... command)
      throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
    builder.environment().putAll(env);
    Process process = builder.start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail(command[0] + " did not finish in 60 s");
    }
    return new Outcome(process.exitValue(), output);
  }
}
