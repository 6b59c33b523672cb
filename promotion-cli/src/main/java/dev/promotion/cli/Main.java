package dev.promotion.cli;

/** The {@code promotion} command line. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    int code = PromotionCommand.execute(args, System.out, System.err, System.getenv());
    if (code != 0) {
      System.exit(code);
    }
  }
}
