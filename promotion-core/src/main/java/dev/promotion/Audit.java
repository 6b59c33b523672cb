package dev.promotion;

import dev.promotion.gate.Rollbacks;
import dev.promotion.spi.Trailer;
import dev.promotion.version.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The audit trail's vocabulary: commit subjects and {@code Promotion-*} trailers. */
final class Audit {
  static final String APP = "Promotion-App";
  static final String FROM = "Promotion-From";
  static final String TO = "Promotion-To";
  static final String VERSION = "Promotion-Version";
  static final String PREVIOUS = "Promotion-Previous";
  static final String DIGEST = "Promotion-Digest";
  static final String ACTOR = "Promotion-Actor";
  static final String RUN = "Promotion-Run";
  static final String COMMIT = "Promotion-Commit";
  static final String CANDIDATE = "Promotion-Candidate";
  static final String ROLLBACK = Rollbacks.TRAILER;
  static final String OVERRIDE = "Promotion-Override";
  static final String OVERRIDDEN = "Promotion-Overridden";
  static final String VERIFICATION_FAILED = "Promotion-Verification-Failed";

  private Audit() {}

  /** The trailers every environment change carries, in a stable order. */
  static List<Trailer> trailers(
      Settings settings,
      String app,
      String from,
      String to,
      Version version,
      Optional<Version> previous,
      List<Trailer> extra) {
    List<Trailer> trailers = new ArrayList<>();
    trailers.add(new Trailer(APP, app));
    trailers.add(new Trailer(FROM, from));
    trailers.add(new Trailer(TO, to));
    trailers.add(new Trailer(VERSION, version.toString()));
    previous.ifPresent(p -> trailers.add(new Trailer(PREVIOUS, p.toString())));
    trailers.addAll(extra);
    trailers.addAll(identity(settings));
    return trailers;
  }

  /** Who acted, and in which run. */
  static List<Trailer> identity(Settings settings) {
    List<Trailer> trailers = new ArrayList<>();
    trailers.add(new Trailer(ACTOR, settings.actor()));
    settings.runId().ifPresent(run -> trailers.add(new Trailer(RUN, run)));
    return trailers;
  }

  /** A full commit message: the subject, a blank line, and the trailers. */
  static String message(String subject, List<Trailer> trailers) {
    StringBuilder message = new StringBuilder(subject).append("\n\n");
    for (Trailer trailer : trailers) {
      message.append(trailer).append('\n');
    }
    return message.toString();
  }
}
