package dev.promotion.scm.github;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Redacting credentials from text")
class RedactorTest {
  private final Redactor redactor = new Redactor();

  @Test
  @DisplayName("a registered secret is masked wherever it appears")
  void registered() {
    redactor.register("s3cr3t-value-123");

    assertThat(redactor.redact("x=s3cr3t-value-123;y=s3cr3t-value-123"))
        .isEqualTo("x=[REDACTED];y=[REDACTED]");
  }

  @Test
  @DisplayName(
      "anything shaped like a GitHub token, a JWT, a PEM key, a bearer header or URL credentials is masked even unregistered")
  void shapes() {
    assertThat(redactor.redact("token ghs_16C7e42F292c6912E7710c838347Ae178B4a used"))
        .doesNotContain("ghs_16C7e42F292c6912E7710c838347Ae178B4a");
    assertThat(redactor.redact("github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuv"))
        .isEqualTo("[REDACTED]");
    assertThat(
            redactor.redact("jwt eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiIxMjMifQ.c2lnbmF0dXJlLWJ5dGVz end"))
        .isEqualTo("jwt [REDACTED] end");
    assertThat(
            redactor.redact(
                "-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----"))
        .isEqualTo("[REDACTED]");
    assertThat(redactor.redact("Authorization: Bearer abcdefghijklmnopqrstuvwxyz012345"))
        .isEqualTo("Authorization: Bearer [REDACTED]");
    assertThat(redactor.redact("https://bob:hunter2@ghe.example.com/api"))
        .isEqualTo("https://[REDACTED]@ghe.example.com/api");
  }

  @Test
  @DisplayName("ordinary text, including the word token, is left alone")
  void ordinaryText() {
    String text = "Check the token or the App installation (403: Resource not accessible).";

    assertThat(redactor.redact(text)).isEqualTo(text);
    assertThat(redactor.redact(null)).isNull();
  }

  @Test
  @DisplayName("a cause chain is rebuilt with redacted messages, same types and stack traces")
  void causes() {
    redactor.register("s3cr3t-value-123");
    Exception original =
        new IllegalStateException(
            "outer s3cr3t-value-123", new java.io.IOException("inner s3cr3t-value-123"));

    Throwable sanitized = SanitizedCause.of(original, redactor);

    assertThat(sanitized).hasMessage("outer [REDACTED]");
    assertThat(sanitized.toString()).startsWith("java.lang.IllegalStateException: ");
    assertThat(sanitized.getStackTrace()).isEqualTo(original.getStackTrace());
    assertThat(sanitized.getCause()).hasMessage("inner [REDACTED]");
    assertThat(sanitized.getCause().toString()).startsWith("java.io.IOException");
  }
}
