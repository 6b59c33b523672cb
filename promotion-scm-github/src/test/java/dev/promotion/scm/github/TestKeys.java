package dev.promotion.scm.github;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/** A fresh RSA key pair for a test GitHub App, in the two PEM forms GitHub users have. */
final class TestKeys {
  final KeyPair pair;

  TestKeys() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      this.pair = generator.generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code BEGIN PRIVATE KEY}, as {@code openssl pkcs8} writes it. */
  String pkcs8Pem() {
    return pem("PRIVATE KEY", pair.getPrivate().getEncoded());
  }

  /** {@code BEGIN RSA PRIVATE KEY}, as GitHub's App settings page downloads it. */
  String pkcs1Pem() {
    return pem("RSA PRIVATE KEY", pkcs1(pair.getPrivate().getEncoded()));
  }

  /** The PKCS#1 key is the content of the PKCS#8 structure's last OCTET STRING. */
  private static byte[] pkcs1(byte[] pkcs8) {
    int at = 0;
    at = skipHeader(pkcs8, at); // outer SEQUENCE
    at = skipElement(pkcs8, at); // version INTEGER
    at = skipElement(pkcs8, at); // AlgorithmIdentifier SEQUENCE
    int content = skipHeader(pkcs8, at); // OCTET STRING
    return Arrays.copyOfRange(pkcs8, content, content + length(pkcs8, at));
  }

  private static int skipHeader(byte[] der, int at) {
    int first = der[at + 1] & 0xff;
    return at + 2 + (first < 0x80 ? 0 : first & 0x7f);
  }

  private static int skipElement(byte[] der, int at) {
    return skipHeader(der, at) + length(der, at);
  }

  private static int length(byte[] der, int at) {
    int first = der[at + 1] & 0xff;
    if (first < 0x80) {
      return first;
    }
    int length = 0;
    for (int i = 0; i < (first & 0x7f); i++) {
      length = (length << 8) | (der[at + 2 + i] & 0xff);
    }
    return length;
  }

  private static String pem(String type, byte[] der) {
    String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }
}
