package dev.promotion.argocd;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Argo CD's own material the tests tagged {@code reference} check against: its API description
 * ({@code swagger.json}) and an Application a real controller wrote ({@code
 * controller/testdata/diff-cache.yaml} of argoproj/argo-cd at 37ee0097cf85, Apache-2.0). They live
 * in the steering repository's {@code shared/reference/argocd}, not in this project; {@code
 * -Preference} runs these tests, {@code -Dpromotion.reference=DIR} points elsewhere.
 */
final class Reference {
  private Reference() {}

  static Path file(String name) {
    Path dir = Path.of(System.getProperty("promotion.reference", "../../shared/reference/argocd"));
    Path file = dir.resolve(name);
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException(
          file + " is missing: the reference tests need Argo CD's material in " + dir);
    }
    return file;
  }
}
