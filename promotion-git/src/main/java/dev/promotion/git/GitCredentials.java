package dev.promotion.git;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How to authenticate to the git server. The secrets are never printed: {@code toString()} and
 * every message, log line and exception of this module leave them out.
 */
public sealed interface GitCredentials {
  /** No credentials: anonymous access, or credentials embedded in the URL. */
  static GitCredentials none() {
    return new None();
  }

  /**
   * An HTTPS token (a GitHub token, an app installation token, a personal access token).
   *
   * @param username the user name the server expects with the token ({@code x-access-token} for
   *     GitHub App tokens, often anything non-empty)
   */
  static GitCredentials token(String username, String token) {
    return new Token(username, token);
  }

  /**
   * An SSH private key (Apache MINA SSH), with the directory holding {@code known_hosts}.
   *
   * @param privateKey the key file (OpenSSH format)
   * @param passphrase the key's passphrase, empty when it has none
   * @param sshDirectory the directory with {@code known_hosts}; unknown hosts are rejected
   */
  static GitCredentials sshKey(Path privateKey, Optional<String> passphrase, Path sshDirectory) {
    return new SshKey(privateKey, passphrase, sshDirectory);
  }

  /** No credentials. */
  record None() implements GitCredentials {}

  /** An HTTPS user name and token. */
  record Token(String username, String token) implements GitCredentials {
    public Token {
      Objects.requireNonNull(username, "username");
      Objects.requireNonNull(token, "token");
      if (token.isEmpty()) {
        throw new IllegalArgumentException("The token is empty");
      }
    }

    @Override
    public String toString() {
      return "Token[username=" + username + ", token=***]";
    }
  }

  /** An SSH key file, its passphrase and the known hosts. */
  record SshKey(Path privateKey, Optional<String> passphrase, Path sshDirectory)
      implements GitCredentials {
    public SshKey {
      Objects.requireNonNull(privateKey, "privateKey");
      Objects.requireNonNull(passphrase, "passphrase");
      Objects.requireNonNull(sshDirectory, "sshDirectory");
    }

    @Override
    public String toString() {
      return "SshKey[privateKey="
          + privateKey
          + ", passphrase="
          + (passphrase.isPresent() ? "***" : "none")
          + ", sshDirectory="
          + sshDirectory
          + "]";
    }
  }
}
