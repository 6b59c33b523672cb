package dev.promotion.cli;

import dev.promotion.git.JGitEnvironment;

/** The {@code promotion} command line. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    // JGit would otherwise start three processes (git twice, sh once) before the first fetch.
    JGitEnvironment.preset();
    int code = PromotionCommand.execute(args, System.out, System.err, System.getenv());
    if (code != 0) {
      System.exit(code);
    }
  }
}
