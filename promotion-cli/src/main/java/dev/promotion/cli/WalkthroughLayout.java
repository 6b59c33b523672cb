package dev.promotion.cli;

import java.util.Locale;
import picocli.CommandLine;

/** Which flow {@code promotion walkthrough} runs. */
enum WalkthroughLayout {
  /** The Konstruct lifecycle over Argo CD Applications (the default). */
  ARGOCD,
  /** Seed 003's image tags through Kustomize overlays. */
  KUSTOMIZE;

  /** Reads {@code argocd} or {@code kustomize}, in any case. */
  static final class Converter implements CommandLine.ITypeConverter<WalkthroughLayout> {
    @Override
    public WalkthroughLayout convert(String value) {
      try {
        return WalkthroughLayout.valueOf(value.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException("use argocd or kustomize, not " + value);
      }
    }
  }
}
