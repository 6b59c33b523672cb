package dev.promotion.registry.ecr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.promotion.error.BackendException;
import dev.promotion.error.InvalidManifestException;
import dev.promotion.spi.ChartContent;
import dev.promotion.spi.PushResult;
import dev.promotion.testkit.fixture.ChartFixture;
import dev.promotion.version.ChartVersion;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("ECR under faults: throttling, 5xx, interrupted uploads, expired download URLs")
class EcrFaultsTest {
  private static final ChartVersion RC = ChartVersion.parse("0.2.0-rc.abc1234");
  private static final String REPOSITORY = "charts/api";

  @TempDir Path dir;
  private FakeEcr fake;
  private EcrChartRegistry registry;

  @BeforeEach
  void startFake() {
    fake = FakeEcr.launch();
    fake.createRepository(REPOSITORY, false);
    registry = EcrChartRegistryContractTest.builder(fake).maxAttempts(4).build();
  }

  @AfterEach
  void stopFake() {
    registry.close();
    fake.close();
  }

  @Test
  @DisplayName("a throttled PutImage is retried with backoff and the push succeeds")
  void throttlingIsRetried() {
    fake.fail("PutImage", 2, 400, "ThrottlingException");

    PushResult result = registry.push("api", RC, ChartFixture.chart("api", RC).content(), Map.of());

    assertThat(result).isInstanceOf(PushResult.Pushed.class);
    assertThat(fake.calls("PutImage")).isEqualTo(3);
  }

  @Test
  @DisplayName("5xx answers of BatchGetImage are retried with backoff and resolve succeeds")
  void serverErrorsAreRetried() {
    ChartContent content = ChartFixture.chart("api", RC).content();
    registry.push("api", RC, content, Map.of());
    fake.resetCounters();
    fake.fail("BatchGetImage", 2, 500, "ServerException");

    assertThat(registry.resolve("api", RC).orElseThrow().digest()).isEqualTo(content.digest());
    assertThat(fake.calls("BatchGetImage")).isEqualTo(3);
  }

  @Test
  @DisplayName("throttling that outlasts the attempts is a retryable BackendException")
  void throttlingExhausted() {
    fake.fail("ListImages", 10, 400, "ThrottlingException");

    BackendException e =
        catchThrowableOfType(BackendException.class, () -> registry.versions("api"));

    assertThat(e).isNotNull();
    assertThat(e.backend()).isEqualTo("ecr");
    assertThat(e.retryable()).isTrue();
    assertThat(e.getMessage()).contains("ThrottlingException");
    assertThat(fake.calls("ListImages")).isEqualTo(4);
  }

  @Test
  @DisplayName("access denied is a BackendException that is not retryable and names IAM")
  void accessDenied() {
    fake.fail("BatchGetImage", 1, 403, "AccessDeniedException");

    BackendException e =
        catchThrowableOfType(BackendException.class, () -> registry.resolve("api", RC));

    assertThat(e).isNotNull();
    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage()).contains("IAM").doesNotContain("secret");
  }

  @Test
  @DisplayName(
      "an upload interrupted halfway (12 MiB in 5 MiB parts, lost at the second part) is started"
          + " again from its first byte with a new upload")
  void interruptedUploadRestarts() throws Exception {
    Random random = new Random(7);
    ChartFixture chart = ChartFixture.chart("api", RC);
    for (int i = 0; i < 3; i++) {
      byte[] payload = new byte[4 * 1024 * 1024];
      random.nextBytes(payload);
      chart = chart.file("files/payload-" + i + ".bin", payload);
    }
    Path file = chart.writePackage(dir);
    ChartContent content = ChartContent.of(file);
    fake.failNth("UploadLayerPart", 2, 404, "UploadNotFoundException");

    PushResult result = registry.push("api", RC, content, Map.of());

    assertThat(result).isInstanceOf(PushResult.Pushed.class);
    assertThat(fake.calls("InitiateLayerUpload")).as("layer twice, config once").isEqualTo(3);
    assertThat(fake.abandonedUploads()).as("the interrupted upload is left to expire").isEqualTo(1);
    ByteArrayOutputStream pulled = new ByteArrayOutputStream();
    registry.pull("api", RC, pulled);
    assertThat(FakeEcr.sha256(pulled.toByteArray())).isEqualTo(content.digest());
  }

  @Test
  @DisplayName(
      "an observer of the pushed content follows the upload: it sees the package once, from the"
          + " first part on, never more than a part ahead of what ECR received")
  void progressFollowsTheUpload() throws Exception {
    Random random = new Random(11);
    ChartFixture chart = ChartFixture.chart("api", RC);
    for (int i = 0; i < 3; i++) {
      byte[] payload = new byte[4 * 1024 * 1024];
      random.nextBytes(payload);
      chart = chart.file("files/payload-" + i + ".bin", payload);
    }
    ChartContent content = ChartContent.of(chart.writePackage(dir));
    long[] seen = new long[1];
    List<long[]> reports = new ArrayList<>();
    ChartContent observed =
        content.observed(
            n -> {
              seen[0] += n;
              reports.add(
                  new long[] {seen[0], fake.calls("InitiateLayerUpload"), fake.bytesUploaded()});
            });

    registry.push("api", RC, observed, Map.of());

    long part = 5 * 1024 * 1024;
    assertThat(seen[0]).isEqualTo(content.size());
    assertThat(reports.get(0)[1]).as("the upload had started").isEqualTo(1);
    assertThat(reports)
        .allSatisfy(r -> assertThat(r[0] - r[2]).as("read ahead of ECR").isLessThanOrEqualTo(part));
  }

  @Test
  @DisplayName("a part rejected as out of sequence restarts the upload cleanly too")
  void rejectedPartRestarts() {
    ChartContent content = ChartFixture.chart("api", RC).content();
    fake.failNth("UploadLayerPart", 1, 400, "InvalidLayerPartException");

    assertThat(registry.push("api", RC, content, Map.of())).isInstanceOf(PushResult.Pushed.class);
    assertThat(registry.resolve("api", RC).orElseThrow().digest()).isEqualTo(content.digest());
  }

  @Test
  @DisplayName(
      "a part ECR refuses for its size (in sequence) is not an interruption: no restart, a"
          + " non-retryable BackendException")
  void refusedPartSizeIsNotRetried() {
    ChartContent content = ChartFixture.chart("api", RC).content();
    fake.refusePartSize(1);

    BackendException e =
        catchThrowableOfType(
            BackendException.class, () -> registry.push("api", RC, content, Map.of()));

    assertThat(e).as("push with a refused part").isNotNull();
    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage()).contains("InvalidLayerPartException").contains("10 MiB");
    assertThat(fake.calls("InitiateLayerUpload")).as("uploads started").isEqualTo(1);
    assertThat(fake.calls("PutImage")).isZero();
  }

  @Test
  @DisplayName("a connection reset while a part is uploaded is retried and the push succeeds")
  void connectionResetIsRetried() {
    ChartContent content = ChartFixture.chart("api", RC).content();
    fake.resetConnection("UploadLayerPart", 1);

    assertThat(registry.push("api", RC, content, Map.of())).isInstanceOf(PushResult.Pushed.class);
    assertThat(registry.resolve("api", RC).orElseThrow().digest()).isEqualTo(content.digest());
  }

  @Test
  @DisplayName("a package whose downloaded bytes do not match the digest fails the pull")
  void corruptDownload() {
    ChartContent content = ChartFixture.chart("api", RC).content();
    registry.push("api", RC, content, Map.of());
    fake.corruptBlob(REPOSITORY, content.digest());

    BackendException e =
        catchThrowableOfType(
            BackendException.class, () -> registry.pull("api", RC, new ByteArrayOutputStream()));

    assertThat(e).isNotNull();
    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage()).contains(content.digest());
  }

  @Test
  @DisplayName(
      "a BatchGetImage failure other than ImageNotFound is a backend error, not absence: a push to"
          + " a mutable repository does not move the release tag")
  void imageFailureIsNotAbsence() {
    ChartVersion release = ChartVersion.parse("1.0.0");
    ChartContent held = ChartFixture.chart("api", release).content();
    registry.push("api", release, held, Map.of());
    String tagged = fake.tags(REPOSITORY).get("1.0.0");
    fake.resetCounters();
    fake.failImage(REPOSITORY, "1.0.0", 1, "KmsError", "The KMS key is disabled");
    ChartContent other =
        ChartFixture.chart("api", release).file("templates/extra.yaml", "x: 1\n").content();

    BackendException e =
        catchThrowableOfType(
            BackendException.class, () -> registry.push("api", release, other, Map.of()));

    assertThat(e).as("push while BatchGetImage reports KmsError").isNotNull();
    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage()).contains("KmsError").contains("api:1.0.0");
    assertThat(fake.tags(REPOSITORY)).containsEntry("1.0.0", tagged);
    assertThat(fake.calls("PutImage")).isZero();
    assertThat(fake.calls("InitiateLayerUpload")).isZero();
  }

  @Test
  @DisplayName("ImageNotFound alone means absent; upstream throttling is a retryable backend error")
  void imageFailureCodes() {
    fake.failImage(REPOSITORY, RC.toString(), 1, "ImageNotFound", "Requested image not found");
    assertThat(registry.resolve("api", RC)).isEmpty();

    fake.failImage(REPOSITORY, RC.toString(), 1, "UpstreamTooManyRequests", "rate exceeded");
    BackendException throttled =
        catchThrowableOfType(BackendException.class, () -> registry.resolve("api", RC));
    assertThat(throttled).as("resolve under UpstreamTooManyRequests").isNotNull();
    assertThat(throttled.retryable()).isTrue();
    assertThat(throttled.getMessage()).contains("UpstreamTooManyRequests");

    fake.failImage(REPOSITORY, RC.toString(), 1, "InvalidImageTag", "invalid tag");
    BackendException invalid =
        catchThrowableOfType(
            BackendException.class, () -> registry.pull("api", RC, new ByteArrayOutputStream()));
    assertThat(invalid).as("pull under InvalidImageTag").isNotNull();
    assertThat(invalid.retryable()).isFalse();
    assertThat(invalid.getMessage()).contains("InvalidImageTag");
  }

  @Test
  @DisplayName("a manifest without a Helm chart layer is an InvalidManifestException")
  void foreignManifest() {
    fake.putRawManifest(
        REPOSITORY,
        RC.toString(),
        "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
            + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\","
            + "\"digest\":\"sha256:"
            + "0".repeat(64)
            + "\",\"size\":2},\"layers\":[]}");

    assertThatThrownBy(() -> registry.resolve("api", RC))
        .isInstanceOf(InvalidManifestException.class)
        .hasMessageContaining("chart layers");
  }

  @Test
  @DisplayName("an expired pre-signed download URL is requested again and the pull succeeds")
  void expiredUrlIsRenewed() {
    byte[] bytes = ChartFixture.packageChart("api", RC.toString());
    registry.push("api", RC, ChartContent.of(bytes), Map.of());
    fake.resetCounters();
    fake.expireDownloads(1);
    ByteArrayOutputStream sink = new ByteArrayOutputStream();

    registry.pull("api", RC, sink);

    assertThat(sink.toByteArray()).isEqualTo(bytes);
    assertThat(fake.calls("GetDownloadUrlForLayer")).isEqualTo(2);
    assertThat(fake.calls("download")).isEqualTo(2);
  }

  @Test
  @DisplayName(
      "URLs that keep expiring end in a BackendException that does not reveal the signed URL")
  void urlsKeepExpiring() {
    registry.push("api", RC, ChartFixture.chart("api", RC).content(), Map.of());
    fake.expireDownloads(10);
    ByteArrayOutputStream sink = new ByteArrayOutputStream();

    BackendException e =
        catchThrowableOfType(BackendException.class, () -> registry.pull("api", RC, sink));

    assertThat(e).isNotNull();
    assertThat(e.getMessage()).contains("HTTP 403").doesNotContain("X-Amz-Signature");
    assertThat(sink.size()).isZero();
  }
}
