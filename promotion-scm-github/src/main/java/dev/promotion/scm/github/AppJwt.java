package dev.promotion.scm.github;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * The JSON web token a GitHub App signs (RS256) to ask for an installation token. It is issued a
 * minute in the past against clock drift and lives nine minutes, under GitHub's ten-minute cap.
 */
final class AppJwt {
  static final Duration BACKDATE = Duration.ofSeconds(60);
  static final Duration LIFETIME = Duration.ofMinutes(9);
  private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();
  private static final String HEADER =
      URL.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));

  private AppJwt() {}

  static String sign(ObjectMapper json, String issuer, PrivateKey key, Instant now) {
    ObjectNode claims = json.createObjectNode();
    claims.put("iat", now.minus(BACKDATE).getEpochSecond());
    claims.put("exp", now.plus(LIFETIME).getEpochSecond());
    claims.put("iss", issuer);
    String signingInput =
        HEADER + "." + URL.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
    try {
      Signature signature = Signature.getInstance("SHA256withRSA");
      signature.initSign(key);
      signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + URL.encodeToString(signature.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(
          "Could not sign the GitHub App token (" + e.getClass().getSimpleName() + ")");
    }
  }
}
