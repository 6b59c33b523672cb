package dev.promotion.git;

import dev.promotion.error.SigningKeyException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.loader.KeyPairResourceParser;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.signature.BuiltinSignatures;
import org.apache.sshd.common.signature.Signature;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;
import org.apache.sshd.common.util.security.SecurityUtils;

/**
 * An SSH private key that makes SSH signatures as {@code ssh-keygen -Y sign -n git} does (the
 * format of OpenSSH's PROTOCOL.sshsig): a SHA-512 hash of the data, signed with the key, wrapped
 * with the public key and the namespace {@code git}, base64 between armor lines.
 */
final class SshSigningKey implements CommitSigner.Key {
  private static final String FORMAT = "ssh";
  private static final byte[] MAGIC = "SSHSIG".getBytes(StandardCharsets.US_ASCII);
  private static final String NAMESPACE = "git";
  private static final String HASH = "sha512";
  private static final int LINE = 70;

  private final KeyPair pair;
  private final String algorithm;
  private final String fingerprint;

  private SshSigningKey(KeyPair pair, String algorithm) {
    this.pair = pair;
    this.algorithm = algorithm;
    this.fingerprint = KeyUtils.getFingerPrint(pair.getPublic());
  }

  static SshSigningKey load(String text, Optional<String> passphrase) {
    if (!text.contains("PRIVATE KEY-----")) {
      throw new SigningKeyException(
          FORMAT,
          "it is not a private key (expected a file beginning with -----BEGIN OPENSSH PRIVATE"
              + " KEY-----, as ssh-keygen writes it; a public key or a fingerprint cannot sign).");
    }
    KeyPair pair = decode(text, passphrase);
    return new SshSigningKey(pair, signatureAlgorithm(pair.getPublic()));
  }

  private static KeyPair decode(String text, Optional<String> passphrase) {
    KeyPairResourceParser parser = SecurityUtils.getKeyPairResourceParser();
    boolean[] asked = {false};
    FilePasswordProvider password =
        (session, resource, retry) -> {
          asked[0] = true;
          return passphrase.orElse(null);
        };
    Collection<KeyPair> pairs;
    try {
      List<String> lines = text.lines().toList();
      pairs = parser.loadKeyPairs(null, NamedResource.ofName("signing key"), password, lines);
    } catch (java.io.IOException | GeneralSecurityException | RuntimeException e) {
      // The cause is left out on purpose: parser messages may quote the key's text.
      throw new SigningKeyException(FORMAT, unreadable(asked[0], passphrase));
    }
    if (pairs == null || pairs.isEmpty()) {
      throw new SigningKeyException(FORMAT, unreadable(asked[0], passphrase));
    }
    if (pairs.size() > 1) {
      throw new SigningKeyException(FORMAT, "the text holds several keys; give exactly one.");
    }
    KeyPair pair = pairs.iterator().next();
    if (pair.getPrivate() == null || pair.getPublic() == null) {
      throw new SigningKeyException(FORMAT, unreadable(asked[0], passphrase));
    }
    return pair;
  }

  private static String unreadable(boolean encrypted, Optional<String> passphrase) {
    if (encrypted && passphrase.isEmpty()) {
      return "it is encrypted and no passphrase was given. Give the passphrase with the key.";
    }
    if (encrypted) {
      return "the passphrase is wrong (the key cannot be decrypted with it). Check the"
          + " passphrase given with the key.";
    }
    return "it cannot be read as an OpenSSH private key. Give the private key file as ssh-keygen"
        + " writes it.";
  }

  private static String signatureAlgorithm(PublicKey key) {
    String type = KeyUtils.getKeyType(key);
    if (type == null) {
      throw new SigningKeyException(FORMAT, "its key type is not supported.");
    }
    return switch (type) {
      case KeyPairProvider.SSH_DSS ->
          throw new SigningKeyException(
              FORMAT, "DSA keys cannot sign for git. Use an Ed25519, ECDSA or RSA key.");
      case KeyPairProvider.SSH_RSA -> KeyUtils.RSA_SHA512_KEY_TYPE_ALIAS;
      default -> type;
    };
  }

  @Override
  public byte[] sign(byte[] data) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-512").digest(data);
      Buffer signed = new ByteArrayBuffer();
      signed.putRawBytes(MAGIC);
      signed.putString(NAMESPACE);
      signed.putString("");
      signed.putString(HASH);
      signed.putBytes(hash);

      BuiltinSignatures factory = BuiltinSignatures.fromFactoryName(algorithm);
      if (factory == null || !factory.isSupported()) {
        throw new SigningKeyException(
            FORMAT, "this Java runtime cannot make " + algorithm + " signatures.");
      }
      Signature signer = factory.create();
      signer.initSigner(null, pair.getPrivate());
      signer.update(null, signed.getCompactData());
      byte[] raw = signer.sign(null);

      Buffer signature = new ByteArrayBuffer();
      signature.putString(algorithm);
      signature.putBytes(raw);

      Buffer blob = new ByteArrayBuffer();
      blob.putRawBytes(MAGIC);
      blob.putUInt(1);
      blob.putPublicKey(pair.getPublic());
      blob.putString(NAMESPACE);
      blob.putString("");
      blob.putString(HASH);
      blob.putBytes(signature.getCompactData());
      return armor(blob.getCompactData());
    } catch (SigningKeyException e) {
      throw e;
    } catch (Exception e) {
      throw new SigningKeyException(
          FORMAT, "signing failed (" + e.getClass().getSimpleName() + ").");
    }
  }

  private static byte[] armor(byte[] blob) {
    String base64 = Base64.getEncoder().encodeToString(blob);
    StringBuilder out = new StringBuilder("-----BEGIN SSH SIGNATURE-----\n");
    for (int i = 0; i < base64.length(); i += LINE) {
      out.append(base64, i, Math.min(base64.length(), i + LINE)).append('\n');
    }
    out.append("-----END SSH SIGNATURE-----\n");
    return out.toString().getBytes(StandardCharsets.US_ASCII);
  }

  @Override
  public String fingerprint() {
    return fingerprint;
  }
}
