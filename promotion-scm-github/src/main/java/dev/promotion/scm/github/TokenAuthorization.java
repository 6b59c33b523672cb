package dev.promotion.scm.github;

/** A personal access token, a fine-grained token or an Actions {@code GITHUB_TOKEN}. */
final class TokenAuthorization implements Authorization {
  private final Secret header;

  TokenAuthorization(Secret token) {
    this.header = new Secret("Bearer " + token.reveal());
  }

  @Override
  public String header() {
    return header.reveal();
  }

  @Override
  public String kind() {
    return "token";
  }
}
