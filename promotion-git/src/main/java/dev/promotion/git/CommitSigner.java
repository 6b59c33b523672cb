package dev.promotion.git;

import dev.promotion.error.SigningKeyException;
import java.io.UnsupportedEncodingException;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.GpgSignature;
import org.eclipse.jgit.lib.ObjectBuilder;
import org.eclipse.jgit.lib.TagBuilder;

/**
 * Signs the commits and annotated tags this module writes, with an SSH key or an OpenPGP key, so
 * that a host requiring signed commits (a GitHub or GitLab branch protection rule) accepts them and
 * {@code git verify-commit} / {@code git verify-tag} can check them.
 *
 * <p>The key is read and, when encrypted, decrypted when the signer is created, so a wrong
 * passphrase is a {@link SigningKeyException} before anything is written. The key and the
 * passphrase are held in memory only (no file is written) and never appear in {@link #toString()},
 * a message or an exception; only the public fingerprint ({@link #keyId()}) is printed.
 *
 * <pre>{@code
 * CommitSigner signer = CommitSigner.ssh(Files.readString(key), Optional.of(passphrase));
 * GitRepository.builder().remote(url).signer(signer).build();
 * }</pre>
 */
public final class CommitSigner {
  /** How signatures are made and checked; git's {@code gpg.format}. */
  public enum Format {
    /** An SSH signature ({@code -----BEGIN SSH SIGNATURE-----}, namespace {@code git}). */
    SSH,
    /** An OpenPGP signature ({@code -----BEGIN PGP SIGNATURE-----}), as {@code gpg} makes. */
    OPENPGP;

    /** The name in configuration and messages: {@code ssh} or {@code openpgp}. */
    public String id() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** A loaded private key that signs bytes. */
  interface Key {
    /** The armored detached signature of {@code data}. */
    byte[] sign(byte[] data);

    /** The public fingerprint of the key that signs. */
    String fingerprint();
  }

  private final Format format;
  private final Key key;

  private CommitSigner(Format format, Key key) {
    this.format = format;
    this.key = key;
  }

  /**
   * Signs with an SSH private key in OpenSSH format ({@code -----BEGIN OPENSSH PRIVATE KEY-----},
   * as {@code ssh-keygen} writes it; Ed25519, ECDSA or RSA). Verifiers list its public key in
   * {@code gpg.ssh.allowedSignersFile}; GitHub accepts it when it is added to the account as a
   * signing key.
   *
   * @param privateKey the text of the private key file
   * @param passphrase the key's passphrase, empty when it has none
   * @throws SigningKeyException when the text is not such a key, or the passphrase is missing or
   *     wrong
   */
  public static CommitSigner ssh(String privateKey, Optional<String> passphrase) {
    Objects.requireNonNull(privateKey, "privateKey");
    Objects.requireNonNull(passphrase, "passphrase");
    return new CommitSigner(Format.SSH, SshSigningKey.load(privateKey, passphrase));
  }

  /**
   * Signs with an OpenPGP secret key, ASCII-armored as {@code gpg --armor --export-secret-keys}
   * writes it (or binary). Verifiers import its public key ({@code gpg --import}); GitHub accepts
   * it when the public key is added to the account and a user id carries the committer's e-mail.
   *
   * @param secretKey the armored secret key (ring)
   * @param passphrase the key's passphrase, empty when it has none
   * @param keyId which key signs: a key id (16 hex digits), a fingerprint (40 hex digits), or a
   *     part of a user id (e-mail); empty for the newest signing subkey, or the primary key when it
   *     has none
   * @throws SigningKeyException when the text holds no usable secret key, the key asked for is not
   *     in it or cannot sign, or the passphrase is missing or wrong
   */
  public static CommitSigner openPgp(
      String secretKey, Optional<String> passphrase, Optional<String> keyId) {
    Objects.requireNonNull(secretKey, "secretKey");
    Objects.requireNonNull(passphrase, "passphrase");
    Objects.requireNonNull(keyId, "keyId");
    return new CommitSigner(Format.OPENPGP, OpenPgpSigningKey.load(secretKey, passphrase, keyId));
  }

  /** The signature format. */
  public Format format() {
    return format;
  }

  /**
   * The public fingerprint of the signing key: {@code SHA256:...} for SSH (as {@code ssh-keygen -l}
   * prints it), 40 upper-case hex digits for OpenPGP (as {@code gpg --fingerprint}).
   */
  public String keyId() {
    return key.fingerprint();
  }

  /** Adds the signature of the commit, as {@code git commit -S} does (a {@code gpgsig} header). */
  void sign(CommitBuilder commit) {
    commit.setGpgSignature(null);
    commit.setGpgSignature(new GpgSignature(key.sign(payload(commit))));
  }

  /** Adds the signature of the tag after its message, as {@code git tag -s} does. */
  void sign(TagBuilder tag) {
    String message = tag.getMessage() == null ? "" : tag.getMessage();
    if (!message.endsWith("\n")) {
      tag.setMessage(message + "\n");
    }
    tag.setGpgSignature(null);
    tag.setGpgSignature(new GpgSignature(key.sign(payload(tag))));
  }

  private byte[] payload(ObjectBuilder object) {
    try {
      return object.build();
    } catch (UnsupportedEncodingException e) {
      throw new SigningKeyException(format.id(), "the object to sign cannot be encoded");
    }
  }

  @Override
  public String toString() {
    return "CommitSigner[format=" + format.id() + ", key=" + key.fingerprint() + "]";
  }
}
