package dev.promotion.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.resolver.ScalarResolver;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Whether a plain scalar we write reads back as the same string: through our reader, and by the
 * rules of the YAML 1.1 and Go YAML readers that deploy our files, restated here from their sources
 * as regular expressions, independently of {@link ScalarSyntax}'s implementation.
 */
@Label("Plain scalars")
class PlainScalarPropertiesTest {
  private static final ScalarResolver CORE = new CoreSchema().getScalarResolver();

  // PyYAML's YAML 1.1 implicit resolvers (yaml/resolver.py), the reference YAML 1.1 reader.
  private static final List<Pattern> YAML_1_1 =
      List.of(
          Pattern.compile(
              "yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF"),
          Pattern.compile(
              "[-+]?(?:[0-9][0-9_]*)\\.[0-9_]*(?:[eE][-+][0-9]+)?|\\.[0-9_]+(?:[eE][-+][0-9]+)?"
                  + "|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*|[-+]?\\.(?:inf|Inf|INF)"
                  + "|\\.(?:nan|NaN|NAN)"),
          Pattern.compile(
              "[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+"
                  + "|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+"),
          Pattern.compile("<<"),
          Pattern.compile("~|null|Null|NULL|"),
          Pattern.compile(
              "[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \\t]+)"
                  + "[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\\.[0-9]*)?"
                  + "(?:[ \\t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?"),
          Pattern.compile("="));

  // go-yaml v2 (sigs.k8s.io/yaml/goyaml.v2, what Kubernetes, Argo CD and kustomize read with):
  // the resolve map, then by the first character: '.' a Go float, a digit or sign a timestamp,
  // an int (underscores dropped, any base prefix Go accepts, any case) or a yamlStyleFloat.
  private static final Pattern GO_MAP =
      Pattern.compile(
          "y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF"
              + "|~|null|Null|NULL|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN)|<<|");
  private static final Pattern GO_DOT_FLOAT =
      Pattern.compile("\\.[0-9]+(?:_[0-9]+)*(?:[eE][-+]?[0-9]+(?:_[0-9]+)*)?");
  private static final Pattern GO_TIMESTAMP =
      Pattern.compile(
          "[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}"
              + "(?:[Tt][0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(?:[.,][0-9]+)?(?:Z|[-+][0-9]{2}:[0-9]{2})"
              + "| [0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(?:[.,][0-9]+)?)?");
  private static final Pattern GO_NUMBER_WITHOUT_UNDERSCORES =
      Pattern.compile(
          "[-+]?(?:0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO][0-7]+|[0-9]+)"
              + "|[-+]?(?:\\.[0-9]+|[0-9]+(?:\\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?");

  private static final List<String> PARTS =
      List.of(
          "0", "1", "7", "8", "9", "_", "+", "-", ".", "e", "E", "x", "X", "o", "O", "b", "B", "a",
          "F", ":", "T", "t", "Z", " ", "y", "n", "Y", "N", "yes", "No", "ON", "off", "true",
          "null", "~", "<<", "=", "inf", "NaN", "2001-", "12-", "14", "1:2:3", "#", ",", "é");

  static boolean anyReaderTakesForNonString(String value) {
    if (YAML_1_1.stream().anyMatch(p -> p.matcher(value).matches())) {
      return true;
    }
    if (GO_MAP.matcher(value).matches()) {
      return true;
    }
    char first = value.charAt(0);
    if (first == '.') {
      return GO_DOT_FLOAT.matcher(value).matches();
    }
    if (first == '+' || first == '-' || (first >= '0' && first <= '9')) {
      return GO_TIMESTAMP.matcher(value).matches()
          || GO_NUMBER_WITHOUT_UNDERSCORES.matcher(value.replace("_", "")).matches();
    }
    return false;
  }

  @Provide
  Arbitrary<String> values() {
    return Arbitraries.oneOf(
        Arbitraries.of(PARTS).list().ofMinSize(1).ofMaxSize(6).map(p -> String.join("", p)),
        Arbitraries.strings().withChars("0123456789_+-.eExXoObB:").ofMinLength(1).ofMaxLength(8),
        Arbitraries.strings().ofMinLength(1).ofMaxLength(6).filter(ScalarSyntax::isWellFormed));
  }

  @Property(tries = 3000)
  @Label("a value written as a new scalar reads back as itself, in block and in flow context")
  void writtenValueReadsBack(@ForAll("values") String value) {
    String block = ScalarSyntax.renderNew(value, false);
    String flow = ScalarSyntax.renderNew(value, true);

    YamlText yaml = YamlText.parse("p.yaml", "k: " + block + "\nf: [" + flow + "]\n");

    assertThat(yaml.value(YamlPath.of("k"))).contains(value);
    assertThat(yaml.value(YamlPath.of("f").index(0))).contains(value);
  }

  @Property(tries = 3000)
  @Label("a value is written plain only if YAML 1.1 and Go YAML readers read it as a string")
  void decisionAgreesWithTheReaders(@ForAll("values") String value) {
    boolean plain = !ScalarSyntax.renderNew(value, false).startsWith("\"");

    if (plain) {
      assertThat(anyReaderTakesForNonString(value)).as(value).isFalse();
    }
    boolean yaml12String = CORE.resolve(value, true).equals(Tag.STR);
    assertThat(ScalarSyntax.readsAsString(value))
        .as(value)
        .isEqualTo(yaml12String && !anyReaderTakesForNonString(value));
  }

  @Example
  @Label("the examples of the issue are quoted")
  void examplesOfTheIssue() {
    for (String value : List.of("0X1F", "0B101", "0O17", "1e_3", "+_1", "01", "on")) {
      assertThat(anyReaderTakesForNonString(value)).as(value).isTrue();
      assertThat(ScalarSyntax.renderNew(value, false)).isEqualTo("\"" + value + "\"");
    }
  }
}
