package dev.promotion.yaml;

import java.util.HashMap;
import java.util.Map;
import org.snakeyaml.engine.v2.scanner.Scanner;
import org.snakeyaml.engine.v2.tokens.ScalarToken;
import org.snakeyaml.engine.v2.tokens.Token;

/**
 * A scanner that remembers where each scalar token starts. A scalar node's start mark includes its
 * anchor and tag ({@code &v !!str 1.0}); the token's start is where the value itself is written,
 * which is what an edit replaces. Both end at the same index, so the end is the key.
 */
final class ScalarTokens implements Scanner {
  private final Scanner delegate;
  private final Map<Integer, Integer> startByEnd = new HashMap<>();

  ScalarTokens(Scanner delegate) {
    this.delegate = delegate;
  }

  /** End index to start index (in code points) of every scalar token. */
  Map<Integer, Integer> startByEnd() {
    return startByEnd;
  }

  @Override
  public boolean checkToken(Token.ID... choices) {
    return delegate.checkToken(choices);
  }

  @Override
  public Token peekToken() {
    return delegate.peekToken();
  }

  @Override
  public Token next() {
    Token token = delegate.next();
    if (token instanceof ScalarToken scalar
        && scalar.getStartMark().isPresent()
        && scalar.getEndMark().isPresent()) {
      startByEnd.put(scalar.getEndMark().get().getIndex(), scalar.getStartMark().get().getIndex());
    }
    return token;
  }

  @Override
  public boolean hasNext() {
    return delegate.hasNext();
  }

  @Override
  public void resetDocumentIndex() {
    delegate.resetDocumentIndex();
  }
}
