package dev.promotion.yaml;

import dev.promotion.error.InvalidManifestException;
import java.util.ArrayList;
import java.util.List;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.scanner.ScannerImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;
import org.snakeyaml.engine.v2.tokens.ScalarToken;
import org.snakeyaml.engine.v2.tokens.Token;

/**
 * Refuses NEL (U+0085), LINE SEPARATOR (U+2028) and PARAGRAPH SEPARATOR (U+2029) outside quoted
 * scalars.
 *
 * <p>YAML 1.1 counts them as line breaks (YAML 1.1 spec, 5.4 "Line Break Characters": {@code b-char
 * ::= b-line-feed | b-carriage-return | b-next-line | b-line-separator | b-paragraph-separator}),
 * and so do the readers that deploy our files: go-yaml ({@code is_break} in {@code
 * yamlprivateh.go}), which Kubernetes, Argo CD and kustomize use through {@code sigs.k8s.io/yaml},
 * libyaml and PyYAML. YAML 1.2, which our reader implements, does not (spec 1.2, 5.4: "outside
 * scalar content, YAML allows any line break to be used to terminate lines"; NEL, LS and PS are
 * ordinary characters). A comment holding one hides a key from us that the cluster sees; a plain
 * value holding one is split there. So a file holding one outside a quoted scalar is refused.
 * Inside a single- or double-quoted scalar both kinds of reader keep the scalar whole, so there it
 * is accepted. What we write never holds one unescaped ({@link ScalarSyntax} double-quotes such a
 * value and writes it as {@code \\u2028}).
 */
final class Yaml11LineBreaks {
  private Yaml11LineBreaks() {}

  static boolean isYaml11LineBreak(int c) {
    return c == 0x85 || c == 0x2028 || c == 0x2029;
  }

  /**
   * @throws InvalidManifestException naming the first such character outside a quoted scalar
   */
  static void requireNoneOutsideQuotes(String path, String text, LoadSettings settings) {
    int first = firstAt(text, 0);
    if (first < 0) {
      return;
    }
    // Which code point ranges are quoted scalars: the scanner alone tells, without the parser.
    List<int[]> quoted = new ArrayList<>();
    int scanned = Integer.MAX_VALUE;
    ScannerImpl scanner = new ScannerImpl(settings, new StreamReader(settings, text));
    try {
      while (scanner.hasNext()) {
        Token token = scanner.next();
        if (token instanceof ScalarToken scalar
            && (scalar.getStyle() == ScalarStyle.SINGLE_QUOTED
                || scalar.getStyle() == ScalarStyle.DOUBLE_QUOTED)) {
          quoted.add(new int[] {index(scalar.getStartMark()), index(scalar.getEndMark())});
        }
      }
    } catch (MarkedYamlEngineException e) {
      // Only what was scanned before the problem (and before the token it was in) is known; the
      // composer reports the problem itself.
      scanned =
          Math.min(
              e.getProblemMark().map(Mark::getIndex).orElse(0),
              e.getContextMark().map(Mark::getIndex).orElse(Integer.MAX_VALUE));
    } catch (YamlEngineException e) {
      return;
    }
    int range = 0;
    int codePoint = text.codePointCount(0, first);
    for (int at = first; at >= 0; ) {
      if (codePoint >= scanned) {
        return;
      }
      while (range < quoted.size() && quoted.get(range)[1] <= codePoint) {
        range++;
      }
      if (range == quoted.size() || quoted.get(range)[0] > codePoint) {
        throw refusal(path, text, at);
      }
      int next = firstAt(text, at + 1);
      if (next >= 0) {
        codePoint += text.codePointCount(at, next);
      }
      at = next;
    }
  }

  private static int firstAt(String text, int from) {
    for (int i = from; i < text.length(); i++) {
      if (isYaml11LineBreak(text.charAt(i))) {
        return i;
      }
    }
    return -1;
  }

  private static int index(java.util.Optional<Mark> mark) {
    return mark.map(Mark::getIndex).orElse(0);
  }

  private static InvalidManifestException refusal(String path, String text, int at) {
    int line = 1;
    int lineStart = text.startsWith("\uFEFF") ? 1 : 0;
    for (int i = 0; i < at; i++) {
      char c = text.charAt(i);
      if (c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) {
        line++;
        lineStart = i + 1;
      }
    }
    char c = text.charAt(at);
    String name =
        switch (c) {
          case 0x85 -> "NEXT LINE";
          case 0x2028 -> "LINE SEPARATOR";
          default -> "PARAGRAPH SEPARATOR";
        };
    return new InvalidManifestException(
        path,
        line,
        text.codePointCount(lineStart, at) + 1,
        String.format(
            "holds U+%04X (%s) outside a quoted scalar; YAML 1.1 readers such as Kubernetes,"
                + " Argo CD and kustomize take it for a line break and would read this file"
                + " differently. Remove it, or write it as \\u%04X inside a double-quoted string",
            (int) c, name, (int) c));
  }
}
