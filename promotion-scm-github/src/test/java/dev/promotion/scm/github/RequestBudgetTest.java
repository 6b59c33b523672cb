package dev.promotion.scm.github;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.promotion.scm.github.fake.FakeGitHubServer;
import dev.promotion.spi.DeploymentRecord;
import dev.promotion.spi.DeploymentRequest;
import dev.promotion.spi.DeploymentState;
import dev.promotion.spi.DeploymentStatus;
import dev.promotion.spi.FileCommit;
import dev.promotion.spi.PullRequestRequest;
import dev.promotion.spi.ReleaseRequest;
import dev.promotion.spi.WorkflowDispatch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * How many HTTP requests each operation costs on a warm adapter (repository already fetched), so
 * that a change that makes the adapter chattier, and so closer to GitHub's limits, is noticed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Each operation stays within its request budget")
class RequestBudgetTest {
  private final FakeGitHubServer server = new FakeGitHubServer();
  private Rig rig;
  private GitHubSourceControl scm;

  @BeforeEach
  void warmAdapter() {
    rig = new Rig(server);
    rig.github.workflow(
        "publish-dev.yaml", "publish-dev ${{ inputs.promotion_key }}", Set.of("promotion_key"));
    rig.github.tag("v0.1.0", rig.initialCommit);
    rig.commit("main", "Second", Map.of("a", "b"));
    scm = rig.scm();
    scm.findTag("warm-up");
  }

  @AfterAll
  void stopServer() {
    server.close();
  }

  private List<String> requestsOf(Consumer<GitHubSourceControl> operation) {
    int before = server.wireMock().getAllServeEvents().size();
    operation.accept(scm);
    List<ServeEvent> events = new ArrayList<>(server.wireMock().getAllServeEvents());
    List<String> requests = new ArrayList<>();
    for (ServeEvent event : events.subList(0, events.size() - before)) {
      requests.add(0, event.getRequest().getMethod() + " " + event.getRequest().getUrl());
    }
    return requests;
  }

  @Test
  @DisplayName(
      "reads, a compare-and-swap commit, a release, a pull request and dispatches cost a handful of requests each")
  void budgets() {
    String head = rig.github.head("main").orElseThrow();
    Map<String, List<String>> cost = new LinkedHashMap<>();
    cost.put("resolveCommit(branch)", requestsOf(s -> s.resolveCommit("main")));
    cost.put("readFile", requestsOf(s -> s.readFile("main", Rig.CHART)));
    cost.put(
        "commitFile",
        requestsOf(
            s ->
                s.commitFile(
                    new FileCommit(
                        "main",
                        Rig.CHART,
                        Optional.of(Rig.CHART_V1),
                        Rig.CHART_V1.replace("0.1.0", "0.2.0"),
                        "bump",
                        "alice"))));
    cost.put("createBranch", requestsOf(s -> s.createBranch("hotfix-0-1-1", rig.initialCommit)));
    cost.put(
        "createRelease",
        requestsOf(
            s ->
                s.createRelease(
                    new ReleaseRequest("v0.2.0", head, "v0.2.0", Optional.of("v0.1.0")))));
    cost.put(
        "createRelease again",
        requestsOf(
            s ->
                s.createRelease(
                    new ReleaseRequest("v0.2.0", head, "v0.2.0", Optional.of("v0.1.0")))));
    cost.put(
        "appendToReleaseNotes",
        requestsOf(s -> s.appendToReleaseNotes("v0.2.0", "- prod by alice")));
    rig.commit("hotfix-0-1-1", "Fix", Map.of("fix", "1"));
    cost.put(
        "openDraftPullRequest",
        requestsOf(
            s -> s.openDraftPullRequest(new PullRequestRequest("hotfix-0-1-1", "main", "t", "b"))));
    cost.put(
        "dispatchWorkflow",
        requestsOf(
            s ->
                s.dispatchWorkflow(
                    new WorkflowDispatch("publish-dev.yaml", "main", Map.of(), "k1"))));
    cost.put(
        "dispatchWorkflow again",
        requestsOf(
            s ->
                s.dispatchWorkflow(
                    new WorkflowDispatch("publish-dev.yaml", "main", Map.of(), "k1"))));
    cost.put(
        "repositoryDispatch",
        requestsOf(s -> s.repositoryDispatch("update-manifest", Map.of("env", "stg"))));

    assertThat(cost.get("resolveCommit(branch)")).hasSize(2);
    assertThat(cost.get("readFile")).hasSize(1);
    assertThat(cost.get("commitFile")).hasSize(3);
    assertThat(cost.get("createBranch")).hasSize(2);
    assertThat(cost.get("createRelease")).hasSizeLessThanOrEqualTo(7);
    assertThat(cost.get("createRelease again")).hasSizeLessThanOrEqualTo(2);
    assertThat(cost.get("appendToReleaseNotes")).hasSizeLessThanOrEqualTo(4);
    assertThat(cost.get("openDraftPullRequest")).hasSizeLessThanOrEqualTo(5);
    assertThat(cost.get("dispatchWorkflow")).hasSizeLessThanOrEqualTo(4);
    assertThat(cost.get("dispatchWorkflow again")).hasSizeLessThanOrEqualTo(2);
    assertThat(cost.get("repositoryDispatch")).hasSize(1);
  }

  @Test
  @DisplayName(
      "recording a deployment, its statuses, a re-run, a production success and a listing cost a handful of requests each")
  void deploymentBudgets() {
    String head = rig.github.head("main").orElseThrow();
    DeploymentRequest first =
        new DeploymentRequest("k1", rig.initialCommit, "prod", true, Map.of("app", "api"), "d");
    DeploymentRequest second =
        new DeploymentRequest("k2", head, "prod", true, Map.of("app", "api"), "d");
    DeploymentStatus success = new DeploymentStatus(DeploymentState.SUCCESS, "declared");
    DeploymentRecord one = scm.recordDeployment(first);
    scm.updateDeployment(one.id(), success);
    Map<String, List<String>> cost = new LinkedHashMap<>();
    List<DeploymentRecord> made = new ArrayList<>();

    cost.put("recordDeployment", requestsOf(s -> made.add(s.recordDeployment(second))));
    cost.put("recordDeployment again", requestsOf(s -> s.recordDeployment(second)));
    cost.put(
        "updateDeployment in_progress",
        requestsOf(
            s ->
                s.updateDeployment(
                    made.get(0).id(), new DeploymentStatus(DeploymentState.IN_PROGRESS, "w"))));
    cost.put(
        "updateDeployment success, previous made inactive",
        requestsOf(s -> s.updateDeployment(made.get(0).id(), success)));
    cost.put(
        "updateDeployment success again",
        requestsOf(s -> s.updateDeployment(made.get(0).id(), success)));
    cost.put("deployments(prod, 2)", requestsOf(s -> s.deployments("prod", 2)));

    assertThat(cost.get("recordDeployment")).hasSize(2);
    assertThat(cost.get("recordDeployment again")).hasSize(2);
    assertThat(cost.get("updateDeployment in_progress")).hasSize(3);
    assertThat(cost.get("updateDeployment success, previous made inactive"))
        .hasSizeLessThanOrEqualTo(7);
    assertThat(cost.get("updateDeployment success again")).hasSizeLessThanOrEqualTo(5);
    assertThat(cost.get("deployments(prod, 2)")).hasSize(3);
  }
}
