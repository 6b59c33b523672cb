package dev.promotion.scm.github;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a GitHub App private key: GitHub hands out PKCS#1 ({@code BEGIN RSA PRIVATE KEY}), and
 * {@code openssl pkcs8} turns it into PKCS#8 ({@code BEGIN PRIVATE KEY}); both are accepted.
 * Nothing about the key ever appears in an exception message.
 */
final class PrivateKeys {
  private static final Pattern PEM =
      Pattern.compile(
          "-----BEGIN (RSA )?PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END (RSA )?PRIVATE KEY-----");
  // AlgorithmIdentifier for rsaEncryption (OID 1.2.840.113549.1.1.1, NULL parameters)
  private static final byte[] RSA_ALGORITHM = {
    0x30,
    0x0d,
    0x06,
    0x09,
    0x2a,
    (byte) 0x86,
    0x48,
    (byte) 0x86,
    (byte) 0xf7,
    0x0d,
    0x01,
    0x01,
    0x01,
    0x05,
    0x00
  };

  private PrivateKeys() {}

  /** A parsed key together with every textual form of it that must be redacted. */
  record Parsed(RSAPrivateKey key, Set<String> secretForms) {}

  static Parsed parse(String pem) {
    Matcher matcher = PEM.matcher(pem == null ? "" : pem.trim());
    if (!matcher.find()) {
      throw new IllegalArgumentException(
          "The GitHub App private key must be a PEM block, 'BEGIN RSA PRIVATE KEY' (as GitHub"
              + " downloads it) or 'BEGIN PRIVATE KEY'.");
    }
    boolean pkcs1 = matcher.group(1) != null;
    String base64 = matcher.group(2).replaceAll("\\s", "");
    Set<String> forms = new LinkedHashSet<>();
    forms.add(pem);
    forms.add(pem.trim());
    forms.add(base64);
    matcher
        .group(2)
        .lines()
        .map(String::trim)
        .filter(line -> line.length() >= 16)
        .forEach(forms::add);
    try {
      byte[] der = Base64.getDecoder().decode(base64);
      byte[] pkcs8 = pkcs1 ? wrapPkcs1(der) : der;
      RSAPrivateKey key =
          (RSAPrivateKey)
              KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
      BigInteger exponent = key.getPrivateExponent();
      forms.add(exponent.toString());
      forms.add(exponent.toString(16));
      return new Parsed(key, Set.copyOf(forms));
    } catch (IllegalArgumentException | GeneralSecurityException | ClassCastException e) {
      throw new IllegalArgumentException(
          "The GitHub App private key could not be read as an RSA key ("
              + e.getClass().getSimpleName()
              + "). Use the .pem file GitHub generated for the App.");
    }
  }

  private static byte[] wrapPkcs1(byte[] pkcs1) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(new byte[] {0x02, 0x01, 0x00});
    body.writeBytes(RSA_ALGORITHM);
    body.writeBytes(derHeader(0x04, pkcs1.length));
    body.writeBytes(pkcs1);
    byte[] content = body.toByteArray();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(derHeader(0x30, content.length));
    out.writeBytes(content);
    return out.toByteArray();
  }

  private static byte[] derHeader(int tag, int length) {
    if (length < 0x80) {
      return new byte[] {(byte) tag, (byte) length};
    }
    if (length < 0x100) {
      return new byte[] {(byte) tag, (byte) 0x81, (byte) length};
    }
    if (length < 0x10000) {
      return new byte[] {(byte) tag, (byte) 0x82, (byte) (length >> 8), (byte) length};
    }
    return new byte[] {
      (byte) tag, (byte) 0x83, (byte) (length >> 16), (byte) (length >> 8), (byte) length
    };
  }
}
