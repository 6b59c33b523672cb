package dev.promotion.git;

import java.util.List;
import java.util.Locale;
import org.eclipse.jgit.transport.RemoteRefUpdate;

/**
 * What a server's answer to a compare-and-swap push of one branch means: it landed, the branch
 * moved on meanwhile (a race: fetch, plan again and retry), or the server refused the push for a
 * reason a retry cannot change (permissions, branch protection, hooks, signatures).
 *
 * <p>JGit reports every {@code ng <ref> <reason>} line of the server as {@code
 * REJECTED_OTHER_REASON} with the reason as the message, so the reason text decides. The race texts
 * are those of git's receive-pack (the ref transaction's reasons: "failed to update ref",
 * "incorrect old value provided" and "reference already exists" since git 2.50, "cannot lock ref
 * '...': is at X but expected Y" as GitHub answers, "atomic transaction failed" for an atomic push,
 * "failed to lock" in older versions and JGit's own receive-pack), GitLab's Gitaly ("incorrect old
 * value provided", Kargo issue #5286) and the client-side checks ("non-fast-forward", "fetch
 * first", "stale info"). A refusal wins over a race text in the same message.
 */
enum PushOutcome {
  /** The branch now points at the pushed commit. */
  LANDED,
  /** The branch moved on between the read and the push: plan again on the new tip. */
  REF_MOVED,
  /** The server refused the push; retrying would get the same answer. */
  REFUSED;

  private static final List<String> REFUSALS =
      List.of(
          "hook declined",
          "protected branch",
          "gh006",
          "permission",
          "denied",
          "deny updating",
          "hidden ref",
          "signature",
          "signed",
          "not allowed",
          "forbidden",
          "unauthorized");

  private static final List<String> RACES =
      List.of(
          "non-fast-forward",
          "non-fast forward",
          "fetch first",
          "stale info",
          "failed to lock",
          "cannot lock ref",
          "unable to update local ref",
          "failed to update ref",
          "incorrect old value provided",
          "reference already exists",
          "atomic transaction failed",
          "atomic push failure");

  /** The meaning of {@code status} with the server's {@code message} (null when none). */
  static PushOutcome of(RemoteRefUpdate.Status status, String message) {
    return switch (status) {
      case OK, UP_TO_DATE -> LANDED;
      case REJECTED_NONFASTFORWARD, REJECTED_REMOTE_CHANGED -> REF_MOVED;
      case REJECTED_OTHER_REASON -> ofReason(message);
      default -> REFUSED;
    };
  }

  private static PushOutcome ofReason(String message) {
    String reason = message == null ? "" : message.toLowerCase(Locale.ROOT);
    if (REFUSALS.stream().anyMatch(reason::contains)) {
      return REFUSED;
    }
    return RACES.stream().anyMatch(reason::contains) ? REF_MOVED : REFUSED;
  }
}
