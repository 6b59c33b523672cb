package dev.promotion.yaml;

import dev.promotion.error.InvalidPathExpressionException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Parses the expressions of {@link YamlPath#parse}; one instance per expression. */
final class PathParser {
  private final String text;
  private int at;

  PathParser(String text) {
    this.text = text;
  }

  YamlPath parse() {
    if (text.isEmpty()) {
      throw error(0, "it is empty");
    }
    YamlPath path = YamlPath.root();
    if (peek() != '[') {
      path = path.key(plainKey());
    }
    while (at < text.length()) {
      char c = text.charAt(at);
      if (c == '[') {
        path = path.then(bracket());
      } else if (c == '.') {
        at++;
        if (at == text.length()) {
          throw error(at - 1, "it ends with '.'");
        }
        path = path.key(plainKey());
      } else {
        throw error(at, "'" + c + "' cannot follow ']'; write '.' or '[' here");
      }
    }
    return path;
  }

  private char peek() {
    return at < text.length() ? text.charAt(at) : '\0';
  }

  private String plainKey() {
    int start = at;
    while (at < text.length() && ".[]\"".indexOf(text.charAt(at)) < 0) {
      at++;
    }
    if (at == start) {
      throw error(
          start,
          at == text.length()
              ? "a key is missing at the end"
              : "a key is missing before '" + text.charAt(at) + "'");
    }
    return text.substring(start, at);
  }

  private YamlPath.Step bracket() {
    int open = at++;
    if (peek() == '"') {
      return quotedKey(open);
    }
    int close = text.indexOf(']', at);
    if (close < 0) {
      throw error(open, "'[' is never closed");
    }
    String inside = text.substring(at, close);
    if (inside.isEmpty()) {
      throw error(
          open, "'[]' selects nothing; write an index like [0] or a selector like" + " [name=api]");
    }
    if (inside.chars().allMatch(Character::isDigit)) {
      at = close + 1;
      try {
        return new YamlPath.Index(Integer.parseInt(inside));
      } catch (NumberFormatException e) {
        throw error(open + 1, "the index " + inside + " is too large");
      }
    }
    Map<String, String> fields = new LinkedHashMap<>();
    while (true) {
      int fieldStart = at;
      while (at < close && "=,[\"".indexOf(text.charAt(at)) < 0) {
        at++;
      }
      if (at == fieldStart) {
        throw error(fieldStart, "a field name is missing in the selector");
      }
      if (at == close || text.charAt(at) != '=') {
        throw error(at, "the selector field '" + text.substring(fieldStart, at) + "' has no '='");
      }
      String field = text.substring(fieldStart, at++);
      int valueStart = at;
      while (at < close && text.charAt(at) != ',') {
        at++;
      }
      if (at == valueStart) {
        throw error(valueStart, "the selector field '" + field + "' has no value");
      }
      if (fields.put(field, text.substring(valueStart, at)) != null) {
        throw error(fieldStart, "the selector names the field '" + field + "' twice");
      }
      if (at == close) {
        at = close + 1;
        return new YamlPath.Entry(fields);
      }
      at++;
    }
  }

  private YamlPath.Step quotedKey(int open) {
    StringBuilder key = new StringBuilder();
    at++;
    while (at < text.length()) {
      char c = text.charAt(at++);
      if (c == '\\' && at < text.length()) {
        key.append(text.charAt(at++));
      } else if (c == '"') {
        if (peek() != ']') {
          throw error(at, "a quoted key ends with '\"]'");
        }
        at++;
        return new YamlPath.Key(key.toString());
      } else {
        key.append(c);
      }
    }
    throw error(open, "the quoted key is never closed");
  }

  private InvalidPathExpressionException error(int index, String reason) {
    return new InvalidPathExpressionException(text, index + 1, reason);
  }
}
