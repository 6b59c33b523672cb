package dev.promotion.spi;

import dev.promotion.error.InvalidManifestException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The text of a file read from a repository: strict UTF-8. A lenient decoder would turn each
 * malformed byte into U+FFFD, and writing the text back would then change bytes nobody meant to
 * touch; so a file that is not UTF-8 is refused, never repaired. Every {@link
 * SourceControl#readFile} and the GitOps store decode through here.
 */
public final class FileText {
  private FileText() {}

  /**
   * Decodes {@code bytes} as UTF-8.
   *
   * @param file the file as the user would name it, like {@code main:charts/api/Chart.yaml}
   * @return the text; encoding it as UTF-8 gives back {@code bytes}
   * @throws InvalidManifestException when {@code bytes} is not valid UTF-8
   */
  public static String utf8(String file, byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new InvalidManifestException(
          file, 0, 0, "is not valid UTF-8 text (save it as UTF-8)", e);
    }
  }
}
