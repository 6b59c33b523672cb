package dev.promotion.testkit.assertions;

import static dev.promotion.testkit.assertions.PromotionAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promotion.spi.ChartArtifact;
import dev.promotion.spi.ChartContent;
import dev.promotion.spi.FileCommit;
import dev.promotion.spi.PullRequestRequest;
import dev.promotion.spi.ReleaseRequest;
import dev.promotion.spi.SourceControl;
import dev.promotion.spi.WorkflowDispatch;
import dev.promotion.testkit.InMemoryChartRegistry;
import dev.promotion.testkit.InMemoryEnvironmentStore;
import dev.promotion.testkit.InMemorySourceControl;
import dev.promotion.testkit.fixture.AppRepositoryFixture;
import dev.promotion.testkit.fixture.ChartFixture;
import dev.promotion.testkit.fixture.GitOpsFixture;
import dev.promotion.version.ChartVersion;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("PromotionAssertions")
class PromotionAssertionsTest {
  @Nested
  @DisplayName("on an environment store")
  class Store {
    private final InMemoryEnvironmentStore store = new InMemoryEnvironmentStore();

    Store() {
      GitOpsFixture.on(store)
          .declare("api", "prod", "0.1.0")
          .declare("api", "prod", "0.2.0")
          .declare("web", "prod", "1.4.0");
    }

    @Test
    @DisplayName("pass on what the store declares")
    void passes() {
      assertThat(store)
          .hasVersion("api", "prod", "0.2.0")
          .hasVersion("web", "prod", ChartVersion.parse("1.4.0"))
          .hasNothingIn("api", "stage")
          .hasHistory("api", "prod", "0.2.0", "0.1.0");
    }

    @Test
    @DisplayName("name the version found when it is another")
    void otherVersion() {
      assertThatThrownBy(() -> assertThat(store).hasVersion("api", "prod", "0.3.0"))
          .isInstanceOf(AssertionError.class)
          .hasMessage(
              "Expected api in prod to declare 0.3.0, but it declares 0.2.0 (in"
                  + " [environments/prod/api]).");
    }

    @Test
    @DisplayName("list what the environment declares when the app declares nothing there")
    void nothingDeclared() {
      assertThatThrownBy(() -> assertThat(store).hasVersion("worker", "prod", "0.1.0"))
          .hasMessage(
              "Expected worker in prod to declare 0.1.0, but it declares nothing there. prod"
                  + " declares: api 0.2.0, web 1.4.0.");
      assertThatThrownBy(() -> assertThat(store).hasVersion("api", "dev", "0.1.0"))
          .hasMessage(
              "Expected api in dev to declare 0.1.0, but it declares nothing there. dev declares"
                  + " no app.");
    }

    @Test
    @DisplayName("say what is declared when nothing was expected")
    void somethingDeclared() {
      assertThatThrownBy(() -> assertThat(store).hasNothingIn("api", "prod"))
          .hasMessage(
              "Expected api to declare nothing in prod, but it declares 0.2.0 (in"
                  + " [environments/prod/api]).");
    }

    @Test
    @DisplayName("show the whole history when it differs")
    void history() {
      assertThatThrownBy(() -> assertThat(store).hasHistory("api", "prod", "0.2.0"))
          .hasMessage(
              "Expected the history of api in prod, newest first, to be [0.2.0], but it is [0.2.0,"
                  + " 0.1.0].");
    }

    @Test
    @DisplayName("keep a description set with as()")
    void description() {
      assertThatThrownBy(() -> assertThat(store).as("after release").hasNothingIn("api", "prod"))
          .hasMessageStartingWith("[after release] Expected api to declare nothing in prod");
    }
  }

  @Nested
  @DisplayName("on a chart registry")
  class Registry {
    private final InMemoryChartRegistry registry = new InMemoryChartRegistry();
    private final ChartContent release = ChartFixture.chart("api", "0.2.0").content();

    Registry() {
      registry.push(
          "api",
          ChartVersion.parse("0.2.0"),
          release,
          Map.of(ChartArtifact.RELEASE_CANDIDATE, "0.2.0-rc.abc1234"));
      registry.push(
          "api",
          ChartVersion.parse("0.2.0-rc.abc1234"),
          ChartFixture.chart("api", "0.2.0-rc.abc1234").content(),
          Map.of());
    }

    @Test
    @DisplayName("pass on what the registry holds")
    void passes() {
      assertThat(registry)
          .hasChart("api", "0.2.0")
          .hasChart("api", "0.2.0", release.digest())
          .hasChartAnnotation("api", "0.2.0", ChartArtifact.RELEASE_CANDIDATE, "0.2.0-rc.abc1234")
          .hasNoChart("api", "0.3.0")
          .hasVersions("api", "0.2.0-rc.abc1234", "0.2.0");
    }

    @Test
    @DisplayName("list the versions held when a chart version is missing")
    void missing() {
      assertThatThrownBy(() -> assertThat(registry).hasChart("api", "0.3.0"))
          .hasMessage(
              "Expected chart api 0.3.0 in the registry, but it is not there. Versions of api:"
                  + " [0.2.0-rc.abc1234, 0.2.0].");
      assertThatThrownBy(() -> assertThat(registry).hasChart("web", "0.3.0"))
          .hasMessage(
              "Expected chart web 0.3.0 in the registry, but it is not there. The registry holds"
                  + " no version of web.");
    }

    @Test
    @DisplayName("name both digests when they differ")
    void digest() {
      String other = "sha256:" + "0".repeat(64);

      assertThatThrownBy(() -> assertThat(registry).hasChart("api", "0.2.0", other))
          .hasMessage(
              "Expected chart api 0.2.0 to have digest "
                  + other
                  + ", but its digest is "
                  + release.digest()
                  + ".");
    }

    @Test
    @DisplayName("show the annotations when one is missing")
    void annotation() {
      assertThatThrownBy(
              () ->
                  assertThat(registry)
                      .hasChartAnnotation("api", "0.2.0", ChartArtifact.SOURCE_COMMIT, "abc1234"))
          .hasMessage(
              "Expected chart api 0.2.0 to be annotated org.opencontainers.image.revision=abc1234,"
                  + " but its annotations are {dev.promotion.release-candidate=0.2.0-rc.abc1234}.");
    }
  }

  @Nested
  @DisplayName("on a source control")
  class Scm {
    private final InMemorySourceControl scm = AppRepositoryFixture.appRepository("api", "0.2.0");
    private final String first = scm.resolveCommit("main");

    Scm() {
      scm.createRelease(new ReleaseRequest("v0.2.0", first, "api 0.2.0", Optional.empty()));
      scm.commitFile(
          new FileCommit(
              "main",
              "charts/api/Chart.yaml",
              Optional.of(ChartFixture.chartYaml("api", "0.2.0")),
              ChartFixture.chartYaml("api", "0.2.1"),
              "Bump api to 0.2.1",
              "ci-bot"));
    }

    @Test
    @DisplayName("pass on files, branches, tags and releases")
    void passes() {
      SourceControl plain = scm;
      assertThat(plain)
          .hasRelease("v0.2.0")
          .hasReleaseAt("v0.2.0", first)
          .hasReleaseNotesContaining("v0.2.0", "Scaffold api")
          .hasNoRelease("v0.2.1")
          .hasTagAt("v0.2.0", first)
          .hasNoTag("v0.2.1")
          .hasBranch("main")
          .hasBranchAt("main", scm.resolveCommit("main"))
          .hasNoBranch("hotfix-0-2-1")
          .hasFile("main", "charts/api/Chart.yaml")
          .hasNoFile("main", "charts/web/Chart.yaml")
          .hasFileContent("v0.2.0", "charts/api/Chart.yaml", ChartFixture.chartYaml("api", "0.2.0"))
          .hasFileContaining("main", "charts/api/Chart.yaml", "name: api")
          .hasChartVersion("main", "charts/api/Chart.yaml", "0.2.1")
          .hasChartVersion("v0.2.0", "charts/api/Chart.yaml", "0.2.0");
    }

    @Test
    @DisplayName("pass on the pull requests, dispatches and commits of an in-memory source control")
    void passesInMemory() {
      scm.createBranch("hotfix-0-2-1", first);
      scm.openDraftPullRequest(
          new PullRequestRequest("hotfix-0-2-1", "main", "Hotfix 0.2.1", "Back to main."));
      scm.dispatchWorkflow(new WorkflowDispatch("publish-dev.yaml", "main", Map.of(), "next-dev"));

      assertThat(scm)
          .hasRelease("v0.2.0")
          .hasDraftPullRequest("hotfix-0-2-1", "main")
          .hasPullRequestCount(1)
          .hasDispatchCount(1)
          .hasDispatched("publish-dev.yaml", "main")
          .hasCommitCount("main", 2)
          .hasHeadSubject("main", "Bump api to 0.2.1");
    }

    @Test
    @DisplayName("list the tags when a release is missing")
    void missingRelease() {
      assertThatThrownBy(() -> assertThat(scm).hasRelease("v0.3.0"))
          .hasMessage("Expected a release v0.3.0, but there is none. Tags: [v0.2.0].");
    }

    @Test
    @DisplayName("show the notes when they lack a text")
    void notes() {
      assertThatThrownBy(() -> assertThat(scm).hasReleaseNotesContaining("v0.2.0", "Add metrics"))
          .hasMessageStartingWith(
              String.format(
                  "Expected the notes of release v0.2.0 to contain%n  Add metrics%nbut they are:%n"
                      + "## What's Changed%n"));
    }

    @Test
    @DisplayName("name both commits when a tag is elsewhere")
    void tagElsewhere() {
      String head = scm.resolveCommit("main");

      assertThatThrownBy(() -> assertThat(scm).hasTagAt("v0.2.0", head))
          .hasMessage("Expected tag v0.2.0 at " + head + ", but it is at " + first + ".");
      assertThatThrownBy(() -> assertThat(scm).hasTagAt("v9.0.0", head))
          .hasMessage(
              "Expected tag v9.0.0 at " + head + ", but there is no such tag. Tags: [v0.2.0].");
    }

    @Test
    @DisplayName("say which version a Chart.yaml has")
    void chartVersion() {
      assertThatThrownBy(
              () -> assertThat(scm).hasChartVersion("main", "charts/api/Chart.yaml", "0.3.0"))
          .hasMessage(
              "Expected charts/api/Chart.yaml at main to say version 0.3.0, but it says 0.2.1.");
    }

    @Test
    @DisplayName("say when a file or a ref does not exist")
    void missingFile() {
      assertThatThrownBy(() -> assertThat(scm).hasFile("main", "charts/web/Chart.yaml"))
          .hasMessage("Expected file charts/web/Chart.yaml at main, but it does not exist there.");
      assertThatThrownBy(() -> assertThat(scm).hasFile("develop", "charts/api/Chart.yaml"))
          .hasMessage(
              "Expected to read charts/api/Chart.yaml at develop, but develop does not exist.");
    }

    @Test
    @DisplayName("list the dispatches when their count differs")
    void dispatchCount() {
      scm.dispatchWorkflow(new WorkflowDispatch("publish-dev.yaml", "main", Map.of(), "k1"));
      scm.dispatchWorkflow(new WorkflowDispatch("publish-dev.yaml", "main", Map.of(), "k2"));

      assertThatThrownBy(() -> assertThat(scm).hasDispatchCount(1))
          .hasMessage(
              "Expected 1 workflow dispatch, but there were 2: publish-dev.yaml on main (key k1),"
                  + " publish-dev.yaml on main (key k2)");
      assertThatThrownBy(
              () ->
                  assertThat(new InMemorySourceControl()).hasDispatched("publish-dev.yaml", "main"))
          .hasMessage(
              "Expected a dispatch of publish-dev.yaml on main, but the dispatches are: none");
    }

    @Test
    @DisplayName("list the open pull requests when the expected one is not among them")
    void pullRequest() {
      scm.createBranch("hotfix-0-2-1", first);
      scm.openDraftPullRequest(new PullRequestRequest("hotfix-0-2-1", "main", "Hotfix", ""));

      assertThatThrownBy(() -> assertThat(scm).hasDraftPullRequest("hotfix-0-2-2", "main"))
          .hasMessage(
              "Expected an open draft pull request from hotfix-0-2-2 into main, but the open pull"
                  + " requests are: #1 hotfix-0-2-1 -> main (draft)");
      scm.closePullRequest(1);
      assertThatThrownBy(() -> assertThat(scm).hasDraftPullRequest("hotfix-0-2-1", "main"))
          .hasMessageEndingWith("but the open pull requests are: none");
    }

    @Test
    @DisplayName("list the subjects when the commit count differs")
    void commitCount() {
      assertThatThrownBy(() -> assertThat(scm).hasCommitCount("main", 1))
          .hasMessage(
              "Expected 1 commit(s) on main, but there are 2: [Bump api to 0.2.1, Scaffold api with"
                  + " the promotion pipeline]");
    }
  }
}
