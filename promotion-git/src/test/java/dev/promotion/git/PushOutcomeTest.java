package dev.promotion.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.eclipse.jgit.transport.RemoteRefUpdate.Status.AWAITING_REPORT;
import static org.eclipse.jgit.transport.RemoteRefUpdate.Status.NON_EXISTING;
import static org.eclipse.jgit.transport.RemoteRefUpdate.Status.NOT_ATTEMPTED;
import static org.eclipse.jgit.transport.RemoteRefUpdate.Status.OK;
import static org.eclipse.jgit.transport.RemoteRefUpdate.Status.REJECTED_NODELETE;
import static org.eclipse.jgit.transport.RemoteRefUpdate.Status.REJECTED_OTHER_REASON;
import static org.eclipse.jgit.transport.RemoteRefUpdate.Status.UP_TO_DATE;

import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The reasons are the texts servers send in the {@code ng <ref> <reason>} line of the push's status
 * report, which JGit hands over as the message of a {@code REJECTED_OTHER_REASON} update (see
 * {@code BasePackPushConnection#readStatusReport}).
 */
@DisplayName("what a server's answer to a push means: landed, the ref moved (retry), or refused")
class PushOutcomeTest {

  @Nested
  @DisplayName("the ref moved: a race, retried on the new tip")
  class RefMoved {
    @ParameterizedTest(name = "[{index}] {0}")
    @EnumSource(
        value = RemoteRefUpdate.Status.class,
        names = {"REJECTED_NONFASTFORWARD", "REJECTED_REMOTE_CHANGED"})
    @DisplayName(
        "JGit's own verdicts: non-fast-forward and stale info (the expected old id is gone)")
    void jgitStatuses(RemoteRefUpdate.Status status) {
      assertThat(PushOutcome.of(status, null)).isEqualTo(PushOutcome.REF_MOVED);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(
        strings = {
          // git receive-pack, builtin/receive-pack.c update(): the ref transaction failed
          "failed to update ref",
          // git receive-pack, execute_commands_atomic(): an atomic push's transaction failed
          "atomic transaction failed",
          // git receive-pack, the other commands of a failed atomic push
          "atomic push failure",
          // git receive-pack: a lagging push found the ref already moved (non-fast-forward check)
          "non-fast-forward",
          // JGit's ReceivePack (Gerrit and other JGit servers): LOCK_FAILURE,
          // REJECTED_NONFASTFORWARD
          "failed to lock",
          "non-fast forward",
          // GitHub, seen by CI jobs racing on one branch: ad-m/github-push-action#61,
          // slsa-framework/example-package#250, google/llvm-premerge-checks#155
          "cannot lock ref 'refs/heads/main': is at 66941e6196d60ec8a5f14cc3cd5764037bad4e82 but"
              + " expected cdec69331ca3b4565378c23c6f917d5f89426a3a",
          // git >= 2.50 ref transaction reasons (REF_TRANSACTION_ERROR_INCORRECT_OLD_VALUE,
          // _CREATE_EXISTS), and GitLab/Gitaly as in akuity/kargo#5286 (fixed by #5315), whose
          // test lists " ! [remote rejected] HEAD -> main (incorrect old value provided)"
          "incorrect old value provided",
          "reference already exists",
          // the client-side names of the same races (git push's "fetch first", "stale info")
          "fetch first",
          "stale info",
          // a tracking ref updated by another process at the same moment
          "unable to update local ref",
          // case does not matter
          "Cannot Lock Ref 'refs/heads/main'"
        })
    @DisplayName("a server's reason that says the ref moved or was locked by another push")
    void serverReasons(String reason) {
      assertThat(PushOutcome.of(REJECTED_OTHER_REASON, reason)).isEqualTo(PushOutcome.REF_MOVED);
    }
  }

  @Nested
  @DisplayName("refused: not retried, a non-retryable BackendException")
  class Refused {
    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(
        strings = {
          // git receive-pack when the pre-receive hook exits non-zero
          "pre-receive hook declined",
          // git receive-pack when the update hook exits non-zero
          "hook declined",
          // GitHub branch protection ("remote: error: GH006: Protected branch update failed for
          // refs/heads/main."): hexojs/hexo#2817, supportpal/github-gh-cli#47,
          // desktop/desktop#17586
          "protected branch hook declined",
          "GH006: Protected branch update failed for refs/heads/main.",
          // GitHub "require signed commits" rule
          "GH006: Protected branch update failed for refs/heads/main. Commits must have verified"
              + " signatures.",
          // git receive-pack with receive.hideRefs
          "deny updating a hidden ref",
          // GitLab without push rights
          "You are not allowed to push code to protected branches on this project.",
          "permission denied",
          // git receive-pack with receive.denyCurrentBranch, JGit's receive-pack
          "branch is currently checked out",
          "creation prohibited",
          "unspecified reason",
          // a refusal wins over a race word in the same text
          "pre-receive hook declined: failed to update ref",
          ""
        })
    @DisplayName("permissions, protection, hooks, signatures and anything unknown")
    void serverReasons(String reason) {
      assertThat(PushOutcome.of(REJECTED_OTHER_REASON, reason)).isEqualTo(PushOutcome.REFUSED);
    }

    @Test
    @DisplayName("a rejection without a reason, and the statuses a single-branch push cannot retry")
    void otherStatuses() {
      assertThat(PushOutcome.of(REJECTED_OTHER_REASON, null)).isEqualTo(PushOutcome.REFUSED);
      for (RemoteRefUpdate.Status status :
          new RemoteRefUpdate.Status[] {
            NOT_ATTEMPTED, REJECTED_NODELETE, NON_EXISTING, AWAITING_REPORT
          }) {
        assertThat(PushOutcome.of(status, null)).as(status.name()).isEqualTo(PushOutcome.REFUSED);
      }
    }
  }

  @Test
  @DisplayName("OK and UP_TO_DATE: the branch points at the pushed commit")
  void landed() {
    assertThat(PushOutcome.of(OK, null)).isEqualTo(PushOutcome.LANDED);
    assertThat(PushOutcome.of(UP_TO_DATE, null)).isEqualTo(PushOutcome.LANDED);
  }
}
