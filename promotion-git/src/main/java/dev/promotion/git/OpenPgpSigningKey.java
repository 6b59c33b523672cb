package dev.promotion.git;

import dev.promotion.error.SigningKeyException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSecretKeyRingCollection;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyDecryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;

/**
 * An OpenPGP secret key (BouncyCastle) that makes detached, armored signatures of the data as
 * {@code gpg --detach-sign --armor} does, for the {@code gpgsig} header of a commit and the end of
 * a tag.
 */
final class OpenPgpSigningKey implements CommitSigner.Key {
  private static final String FORMAT = "openpgp";

  private final PGPPublicKey publicKey;
  private final PGPPrivateKey privateKey;

  private OpenPgpSigningKey(PGPPublicKey publicKey, PGPPrivateKey privateKey) {
    this.publicKey = publicKey;
    this.privateKey = privateKey;
  }

  static OpenPgpSigningKey load(String text, Optional<String> passphrase, Optional<String> keyId) {
    List<PGPSecretKeyRing> rings = rings(text);
    PGPSecretKey key = select(rings, keyId);
    if (key.isPrivateKeyEmpty()) {
      throw new SigningKeyException(
          FORMAT,
          "the secret part of key "
              + fingerprint(key.getPublicKey())
              + " is not in the export (a stub, or on a smart card). Export the signing subkey's"
              + " secret.");
    }
    return new OpenPgpSigningKey(key.getPublicKey(), decrypt(key, passphrase));
  }

  private static List<PGPSecretKeyRing> rings(String text) {
    List<PGPSecretKeyRing> rings = new ArrayList<>();
    try (InputStream in =
        PGPUtil.getDecoderStream(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)))) {
      PGPSecretKeyRingCollection collection =
          new PGPSecretKeyRingCollection(in, new BcKeyFingerprintCalculator());
      collection.getKeyRings().forEachRemaining(rings::add);
    } catch (IOException | PGPException | RuntimeException e) {
      // The cause is left out on purpose: parser messages may quote the key's bytes.
      throw new SigningKeyException(FORMAT, notAKey());
    }
    if (rings.isEmpty()) {
      throw new SigningKeyException(FORMAT, notAKey());
    }
    return rings;
  }

  private static String notAKey() {
    return "it is not an OpenPGP secret key. Give the output of gpg --armor --export-secret-keys"
        + " KEYID (a public key cannot sign).";
  }

  private static PGPSecretKey select(List<PGPSecretKeyRing> rings, Optional<String> keyId) {
    List<PGPSecretKey> candidates = new ArrayList<>();
    for (PGPSecretKeyRing ring : rings) {
      if (keyId.isEmpty() || ringMatches(ring, keyId.get())) {
        candidates.addAll(signingKeys(ring, keyId));
      }
    }
    if (candidates.isEmpty()) {
      throw new SigningKeyException(
          FORMAT,
          keyId.isPresent()
              ? "no key in it matches '"
                  + keyId.get()
                  + "' and can sign. Give its key id, fingerprint or e-mail as it is in the key."
              : "no key in it can sign.");
    }
    return candidates.get(candidates.size() - 1);
  }

  /** Whether {@code id} names the ring itself: a user id part, or the primary key's id. */
  private static boolean ringMatches(PGPSecretKeyRing ring, String id) {
    PGPPublicKey primary = ring.getPublicKey();
    for (Iterator<String> users = primary.getUserIDs(); users.hasNext(); ) {
      if (users.next().toLowerCase(Locale.ROOT).contains(id.toLowerCase(Locale.ROOT))) {
        return true;
      }
    }
    for (PGPSecretKey key : ring) {
      if (idMatches(key.getPublicKey(), id)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The keys of the ring that can sign, oldest first: when {@code keyId} names one key by id, that
   * key only; otherwise the subkeys flagged for signing, or the primary key when there is none.
   */
  private static List<PGPSecretKey> signingKeys(PGPSecretKeyRing ring, Optional<String> keyId) {
    List<PGPSecretKey> named = new ArrayList<>();
    List<PGPSecretKey> subkeys = new ArrayList<>();
    PGPSecretKey primary = null;
    for (PGPSecretKey key : ring) {
      PGPPublicKey pub = key.getPublicKey();
      if (!key.isSigningKey() || pub.hasRevocation()) {
        continue;
      }
      if (keyId.isPresent() && idMatches(pub, keyId.get())) {
        named.add(key);
      }
      if (key.isMasterKey()) {
        primary = key;
      } else if (flaggedForSigning(pub)) {
        subkeys.add(key);
      }
    }
    if (!named.isEmpty()) {
      return named;
    }
    if (!subkeys.isEmpty()) {
      return subkeys;
    }
    return primary == null ? List.of() : List.of(primary);
  }

  private static boolean flaggedForSigning(PGPPublicKey key) {
    for (Iterator<PGPSignature> it = key.getSignatures(); it.hasNext(); ) {
      PGPSignature signature = it.next();
      if (signature.getHashedSubPackets() != null
          && (signature.getHashedSubPackets().getKeyFlags() & KeyFlags.SIGN_DATA) != 0) {
        return true;
      }
    }
    return false;
  }

  private static boolean idMatches(PGPPublicKey key, String id) {
    String wanted = id.replace(" ", "").toUpperCase(Locale.ROOT);
    if (wanted.startsWith("0X")) {
      wanted = wanted.substring(2);
    }
    String fingerprint = fingerprint(key);
    return wanted.length() >= 8 && fingerprint.endsWith(wanted);
  }

  private static PGPPrivateKey decrypt(PGPSecretKey key, Optional<String> passphrase) {
    char[] chars = passphrase.map(String::toCharArray).orElse(new char[0]);
    try {
      return key.extractPrivateKey(
          new BcPBESecretKeyDecryptorBuilder(new BcPGPDigestCalculatorProvider()).build(chars));
    } catch (PGPException | RuntimeException e) {
      throw new SigningKeyException(
          FORMAT,
          passphrase.isEmpty()
              ? "it is encrypted and no passphrase was given. Give the passphrase with the key."
              : "the passphrase is wrong (key "
                  + fingerprint(key.getPublicKey())
                  + " cannot be decrypted with it). Check the passphrase given with the key.");
    } finally {
      java.util.Arrays.fill(chars, '\0');
    }
  }

  @Override
  public byte[] sign(byte[] data) {
    try {
      PGPSignatureGenerator generator =
          new PGPSignatureGenerator(
              new BcPGPContentSignerBuilder(publicKey.getAlgorithm(), HashAlgorithmTags.SHA512),
              publicKey);
      generator.init(PGPSignature.BINARY_DOCUMENT, privateKey);
      PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
      // The wall clock, not an injected one: gpg refuses a signature older than its key.
      hashed.setSignatureCreationTime(false, new Date());
      hashed.setIssuerFingerprint(false, publicKey);
      generator.setHashedSubpackets(hashed.generate());
      PGPSignatureSubpacketGenerator unhashed = new PGPSignatureSubpacketGenerator();
      unhashed.setIssuerKeyID(false, publicKey.getKeyID());
      generator.setUnhashedSubpackets(unhashed.generate());
      generator.update(data);
      PGPSignature signature = generator.generate();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (ArmoredOutputStream armored = ArmoredOutputStream.builder().clearHeaders().build(out)) {
        signature.encode(armored);
      }
      return out.toByteArray();
    } catch (PGPException | IOException | RuntimeException e) {
      throw new SigningKeyException(
          FORMAT, "signing failed (" + e.getClass().getSimpleName() + ").");
    }
  }

  @Override
  public String fingerprint() {
    return fingerprint(publicKey);
  }

  private static String fingerprint(PGPPublicKey key) {
    return HexFormat.of().withUpperCase().formatHex(key.getFingerprint());
  }
}
