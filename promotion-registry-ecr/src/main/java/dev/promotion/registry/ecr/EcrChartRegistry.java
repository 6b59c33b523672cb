package dev.promotion.registry.ecr;

import dev.promotion.chart.ChartLimits;
import dev.promotion.error.ArtifactNotFoundException;
import dev.promotion.error.BackendException;
import dev.promotion.error.ImmutableArtifactException;
import dev.promotion.error.InvalidNameException;
import dev.promotion.error.InvalidVersionException;
import dev.promotion.helm.oci.HelmChartImage;
import dev.promotion.pipeline.Names;
import dev.promotion.spi.ChartArtifact;
import dev.promotion.spi.ChartContent;
import dev.promotion.spi.ChartRegistry;
import dev.promotion.spi.PushResult;
import dev.promotion.version.ChartVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.EcrClientBuilder;
import software.amazon.awssdk.services.ecr.model.BatchCheckLayerAvailabilityResponse;
import software.amazon.awssdk.services.ecr.model.BatchGetImageResponse;
import software.amazon.awssdk.services.ecr.model.Image;
import software.amazon.awssdk.services.ecr.model.ImageAlreadyExistsException;
import software.amazon.awssdk.services.ecr.model.ImageFailure;
import software.amazon.awssdk.services.ecr.model.ImageFailureCode;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;
import software.amazon.awssdk.services.ecr.model.ImageTagAlreadyExistsException;
import software.amazon.awssdk.services.ecr.model.ImageTagMutability;
import software.amazon.awssdk.services.ecr.model.ImageTagMutabilityExclusionFilterType;
import software.amazon.awssdk.services.ecr.model.InvalidLayerPartException;
import software.amazon.awssdk.services.ecr.model.Layer;
import software.amazon.awssdk.services.ecr.model.LayerAlreadyExistsException;
import software.amazon.awssdk.services.ecr.model.LayerAvailability;
import software.amazon.awssdk.services.ecr.model.ListImagesRequest;
import software.amazon.awssdk.services.ecr.model.Repository;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;
import software.amazon.awssdk.services.ecr.model.TagStatus;
import software.amazon.awssdk.services.ecr.model.UploadNotFoundException;

/**
 * A {@link ChartRegistry} over Amazon ECR, through the ECR API only (no Docker registry protocol):
 * charts are stored exactly as {@code helm push} stores them ({@link HelmChartImage}), one ECR
 * repository per chart named {@code {repositoryPrefix}{chart}}, version {@code 0.2.0} as the image
 * tag {@code 0.2.0}.
 *
 * <ul>
 *   <li>Pull: {@code BatchGetImage} for the manifest, {@code GetDownloadUrlForLayer} and a streamed
 *       HTTP GET of the pre-signed URL, checking the SHA-256 digest while streaming. An expired
 *       pre-signed URL (HTTP 403 or 400 before any byte) is requested again.
 *   <li>Push: {@code BatchCheckLayerAvailability}, then {@code InitiateLayerUpload} / {@code
 *       UploadLayerPart} (in parts of {@link Builder#partSize}, 5 to 10 MiB) / {@code
 *       CompleteLayerUpload} for missing blobs, then {@code PutImage}. An upload interrupted
 *       halfway (lost upload, part out of sequence, connection failure after the SDK's retries) is
 *       started again from its first byte with a new upload id; a part ECR refuses in sequence is
 *       an error.
 *   <li>Versions: {@code ListImages} (tagged images); tag mutability: {@code DescribeRepositories}.
 * </ul>
 *
 * <p>Throttling and 5xx answers are retried by the SDK with exponential backoff when the registry
 * builds its own client ({@link Builder#maxAttempts}, {@link Builder#retryBaseDelay}); an injected
 * {@link EcrClient} keeps its own retry settings. Credentials come from the SDK's default chain
 * (environment, profile, web identity, so OIDC in GitHub Actions works, container and instance
 * roles) unless {@link Builder#credentials} is set.
 *
 * <p>A release version is never overwritten, whatever the repository's tag mutability; a
 * pre-release is overwritten only when its tag is mutable (the repository's setting, exclusion
 * filters included). A missing repository is an {@link EcrRepositoryNotFoundException}. Two writers
 * racing to push different content under the same release version into a repository with mutable
 * tags cannot be told apart by ECR; use tag immutability on chart repositories to close that gap.
 *
 * <p>Thread-safe. Packages stream through a temporary file; at most one upload part is in memory.
 */
public final class EcrChartRegistry implements ChartRegistry, AutoCloseable {
  static final String BACKEND = "ecr";

  private static final Pattern REPOSITORY_PREFIX =
      Pattern.compile("(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*");
  private static final Pattern REGISTRY_ID = Pattern.compile("[0-9]{12}");
  private static final int BUFFER = 64 * 1024;
  // Amazon ECR service quotas: layer parts of 5 MiB (but the last) to 10 MiB, not adjustable.
  private static final int MIN_PART_SIZE = 5 * 1024 * 1024;
  private static final int MAX_PART_SIZE = 10 * 1024 * 1024;

  private final EcrClient ecr;
  private final boolean ownsClient;
  private final HttpClient http;
  private final Optional<String> registryId;
  private final String repositoryPrefix;
  private final int partSize;
  private final int uploadAttempts;
  private final int downloadAttempts;
  private final Path tempDirectory;
  private final ChartLimits chartLimits;

  private EcrChartRegistry(Builder builder) {
    this.ecr = builder.client != null ? builder.client : builder.buildClient();
    this.ownsClient = builder.client == null;
    this.http =
        builder.http != null
            ? builder.http
            : HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    this.registryId = Optional.ofNullable(builder.registryId);
    this.repositoryPrefix = builder.repositoryPrefix;
    this.partSize = builder.partSize;
    this.uploadAttempts = builder.uploadAttempts;
    this.downloadAttempts = builder.downloadAttempts;
    this.tempDirectory = builder.tempDirectory;
    this.chartLimits = builder.chartLimits;
  }

  /** A builder; set a {@link Builder#client} or a {@link Builder#region}. */
  public static Builder builder() {
    return new Builder();
  }

  /** The ECR repository that holds a chart: {@code {repositoryPrefix}{chart}}. */
  public String repository(String chart) {
    Names.requireSafe("chart", chart);
    if (!chart.equals(chart.toLowerCase(java.util.Locale.ROOT))) {
      throw new InvalidNameException(
          "chart", chart, "ECR repository names are lowercase, and this chart name is not");
    }
    return repositoryPrefix + chart;
  }

  /** {@inheritDoc} */
  @Override
  public Optional<ChartArtifact> resolve(String chart, ChartVersion version) {
    String repository = repository(chart);
    Objects.requireNonNull(version, "version");
    return manifest(repository, version)
        .map(
            image ->
                HelmChartImage.artifactOf(
                    repository + ":" + version,
                    image.imageManifest().getBytes(StandardCharsets.UTF_8),
                    chart,
                    version));
  }

  /**
   * {@inheritDoc}
   *
   * @throws UncheckedIOException when the sink fails
   */
  @Override
  public ChartArtifact pull(String chart, ChartVersion version, OutputStream sink) {
    Objects.requireNonNull(sink, "sink");
    String repository = repository(chart);
    ChartArtifact artifact =
        resolve(chart, version).orElseThrow(() -> new ArtifactNotFoundException(chart, version));
    download(repository, artifact, sink);
    return artifact;
  }

  /**
   * {@inheritDoc}
   *
   * @throws dev.promotion.error.InvalidChartException when the package is not a valid chart
   * @throws dev.promotion.error.InvalidRequestException when the package holds another chart or
   *     version
   */
  @Override
  public PushResult push(
      String chart, ChartVersion version, ChartContent content, Map<String, String> annotations) {
    String repository = repository(chart);
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(content, "content");
    Map<String, String> extra = Map.copyOf(Objects.requireNonNull(annotations, "annotations"));
    Path staged = stage(chart, version, content);
    try {
      HelmChartImage image =
          HelmChartImage.of(
              staged, chart, version, content.digest(), content.size(), extra, chartLimits);
      Optional<PushResult> settled = existing(repository, chart, version, image);
      if (settled.isPresent()) {
        return settled.get();
      }
      uploadMissingBlobs(repository, content, image);
      return putImage(repository, chart, version, image);
    } catch (IOException e) {
      throw new BackendException(
          BACKEND, false, "cannot read the staged package of " + chart + " " + version, e);
    } finally {
      deleteQuietly(staged);
    }
  }

  /** {@inheritDoc} */
  @Override
  public List<ChartVersion> versions(String chart) {
    String repository = repository(chart);
    ListImagesRequest request =
        ListImagesRequest.builder()
            .registryId(registryId.orElse(null))
            .repositoryName(repository)
            .filter(f -> f.tagStatus(TagStatus.TAGGED))
            .build();
    return call(
        repository,
        "ListImages " + repository,
        () ->
            ecr.listImagesPaginator(request).imageIds().stream()
                .map(ImageIdentifier::imageTag)
                .filter(Objects::nonNull)
                .map(EcrChartRegistry::versionOrNull)
                .filter(Objects::nonNull)
                .distinct()
                .sorted()
                .toList());
  }

  /**
   * Closes the {@link EcrClient} this registry built; an injected client is left open for its
   * owner.
   */
  @Override
  public void close() {
    if (ownsClient) {
      ecr.close();
    }
  }

  @Override
  public String toString() {
    return "EcrChartRegistry["
        + registryId.orElse("default registry")
        + ", "
        + repositoryPrefix
        + "*]";
  }

  // ---- resolve and pull ----

  private Optional<Image> manifest(String repository, ChartVersion version) {
    BatchGetImageResponse response =
        call(
            repository,
            "BatchGetImage " + repository + ":" + version,
            () ->
                ecr.batchGetImage(
                    r ->
                        r.registryId(registryId.orElse(null))
                            .repositoryName(repository)
                            .imageIds(
                                ImageIdentifier.builder().imageTag(version.toString()).build())
                            .acceptedMediaTypes(HelmChartImage.MANIFEST_MEDIA_TYPE)));
    Optional<Image> image =
        response.images().stream()
            .filter(i -> version.toString().equals(i.imageId().imageTag()))
            .findFirst();
    if (image.isEmpty()) {
      response.failures().stream()
          .filter(f -> f.failureCode() != ImageFailureCode.IMAGE_NOT_FOUND)
          .findFirst()
          .ifPresent(
              f -> {
                throw imageFailure(repository + ":" + version, f);
              });
    }
    return image;
  }

  /**
   * Only {@code ImageNotFound} says that a tag is absent; any other {@code failures[]} entry of
   * {@code BatchGetImage} (KmsError, UpstreamUnavailable, ...) says nothing about it, and reading
   * it as absence would let a push move a tag that is there.
   */
  private static BackendException imageFailure(String image, ImageFailure failure) {
    ImageFailureCode code = failure.failureCode();
    boolean retryable =
        code == ImageFailureCode.UPSTREAM_TOO_MANY_REQUESTS
            || code == ImageFailureCode.UPSTREAM_UNAVAILABLE;
    return new BackendException(
        BACKEND,
        retryable,
        "BatchGetImage "
            + image
            + " failed with "
            + failure.failureCodeAsString()
            + (failure.failureReason() == null ? "" : ": " + failure.failureReason())
            + (retryable
                ? "; try again later"
                : "; nothing was written, check the repository and the image in ECR"));
  }

  private void download(String repository, ChartArtifact artifact, OutputStream sink) {
    String what = "layer " + artifact.digest() + " of " + repository + ":" + artifact.version();
    for (int attempt = 1; ; attempt++) {
      String url =
          call(
                  repository,
                  "GetDownloadUrlForLayer " + what,
                  () ->
                      ecr.getDownloadUrlForLayer(
                          r ->
                              r.registryId(registryId.orElse(null))
                                  .repositoryName(repository)
                                  .layerDigest(artifact.digest())))
              .downloadUrl();
      HttpResponse<InputStream> response = get(url, what);
      int status = response.statusCode();
      if (status == 200) {
        copyVerified(response, artifact, sink, what);
        return;
      }
      closeQuietly(response.body());
      boolean expired = status == 403 || status == 400;
      boolean transient5xx = status >= 500;
      if (!(expired || transient5xx) || attempt >= downloadAttempts) {
        throw new BackendException(
            BACKEND,
            transient5xx,
            "the download of "
                + what
                + " failed with HTTP "
                + status
                + " after "
                + attempt
                + " attempt(s) with fresh pre-signed URLs");
      }
      sleep(Duration.ofMillis(100L * attempt));
    }
  }

  private HttpResponse<InputStream> get(String url, String what) {
    try {
      return http.send(
          HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(5)).GET().build(),
          HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      // The pre-signed URL holds a signature: it is never put in a message.
      throw new BackendException(BACKEND, true, "cannot download " + what + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BackendException(BACKEND, true, "interrupted while downloading " + what, e);
    }
  }

  private static void copyVerified(
      HttpResponse<InputStream> response, ChartArtifact artifact, OutputStream sink, String what) {
    MessageDigest sha = ChartContent.sha256();
    long count = 0;
    try (InputStream in = response.body()) {
      byte[] buffer = new byte[BUFFER];
      for (int n; (n = in.read(buffer)) > 0; ) {
        sha.update(buffer, 0, n);
        count += n;
        try {
          sink.write(buffer, 0, n);
        } catch (IOException e) {
          throw new UncheckedIOException(
              "Cannot write chart " + artifact.chart() + " " + artifact.version() + " to the sink",
              e);
        }
      }
    } catch (IOException e) {
      throw new BackendException(
          BACKEND,
          true,
          "the download of " + what + " broke off after " + count + " bytes; pull again",
          e);
    }
    String digest = "sha256:" + HexFormat.of().formatHex(sha.digest());
    if (!digest.equals(artifact.digest()) || count != artifact.size()) {
      throw new BackendException(
          BACKEND,
          false,
          "the download of "
              + what
              + " has digest "
              + digest
              + " and "
              + count
              + " bytes, not "
              + artifact.digest()
              + " and "
              + artifact.size());
    }
  }

  // ---- push ----

  private Path stage(String chart, ChartVersion version, ChartContent content) {
    Path staged = null;
    try {
      staged = Files.createTempFile(tempDirectory, "promotion-ecr-", ".tgz");
      MessageDigest sha = ChartContent.sha256();
      long count = 0;
      try (InputStream in = content.inspect();
          OutputStream out = Files.newOutputStream(staged, StandardOpenOption.WRITE)) {
        byte[] buffer = new byte[BUFFER];
        for (int n; (n = in.read(buffer)) > 0; ) {
          sha.update(buffer, 0, n);
          out.write(buffer, 0, n);
          count += n;
        }
      }
      String digest = "sha256:" + HexFormat.of().formatHex(sha.digest());
      if (!digest.equals(content.digest()) || count != content.size()) {
        throw new BackendException(
            BACKEND,
            false,
            "the package of chart "
                + chart
                + " "
                + version
                + " changed while it was pushed ("
                + content.digest()
                + " became "
                + digest
                + ")");
      }
      return staged;
    } catch (IOException e) {
      deleteQuietly(staged);
      throw new BackendException(BACKEND, false, "cannot stage the package in " + tempDirectory, e);
    } catch (RuntimeException e) {
      deleteQuietly(staged);
      throw e;
    }
  }

  private Optional<PushResult> existing(
      String repository, String chart, ChartVersion version, HelmChartImage image) {
    Optional<ChartArtifact> held = resolve(chart, version);
    if (held.isEmpty()) {
      return Optional.empty();
    }
    if (held.get().digest().equals(image.artifact().digest())) {
      return Optional.of(new PushResult.AlreadyPresent(held.get()));
    }
    if (version.isRelease() || immutableTag(repository, version.toString())) {
      throw new ImmutableArtifactException(
          chart, version, held.get().digest(), image.artifact().digest());
    }
    return Optional.empty();
  }

  /**
   * Whether ECR would refuse to move {@code tag}: the repository's {@code imageTagMutability},
   * where a tag matching one of the {@code imageTagMutabilityExclusionFilters} takes the opposite
   * setting ({@code IMMUTABLE_WITH_EXCLUSION}: matching tags are mutable; {@code
   * MUTABLE_WITH_EXCLUSION}: matching tags are immutable). A setting or filter type this code does
   * not know reads as immutable: a tag is never overwritten on a guess.
   */
  private boolean immutableTag(String repository, String tag) {
    Repository described =
        call(
                repository,
                "DescribeRepositories " + repository,
                () ->
                    ecr.describeRepositories(
                        r -> r.registryId(registryId.orElse(null)).repositoryNames(repository)))
            .repositories()
            .get(0);
    ImageTagMutability mutability = described.imageTagMutability();
    if (mutability == null) {
      return false; // ECR's default is MUTABLE
    }
    boolean unknownFilter =
        described.imageTagMutabilityExclusionFilters().stream()
            .anyMatch(f -> f.filterType() != ImageTagMutabilityExclusionFilterType.WILDCARD);
    if (unknownFilter) {
      return true;
    }
    return switch (mutability) {
      case MUTABLE -> false;
      case IMMUTABLE -> true;
      case IMMUTABLE_WITH_EXCLUSION -> !excluded(described, tag);
      case MUTABLE_WITH_EXCLUSION -> excluded(described, tag);
      default -> true;
    };
  }

  private static boolean excluded(Repository described, String tag) {
    return described.imageTagMutabilityExclusionFilters().stream()
        .anyMatch(f -> wildcard(f.filter()).matcher(tag).matches());
  }

  /** An ECR wildcard filter: {@code *} stands for any run of characters, zero included. */
  static Pattern wildcard(String filter) {
    String[] literals = filter.split("\\*", -1);
    StringBuilder regex = new StringBuilder(Pattern.quote(literals[0]));
    for (int i = 1; i < literals.length; i++) {
      regex.append(".*").append(Pattern.quote(literals[i]));
    }
    return Pattern.compile(regex.toString());
  }

  /**
   * Uploads the layer and the config unless ECR has them. The layer is read from {@code content}
   * itself, so a progress observer on it follows the upload; ECR checks its digest on completion.
   */
  private void uploadMissingBlobs(String repository, ChartContent content, HelmChartImage image) {
    String layer = image.artifact().digest();
    String config = image.configDigest();
    BatchCheckLayerAvailabilityResponse availability =
        call(
            repository,
            "BatchCheckLayerAvailability " + repository,
            () ->
                ecr.batchCheckLayerAvailability(
                    r ->
                        r.registryId(registryId.orElse(null))
                            .repositoryName(repository)
                            .layerDigests(layer, config)));
    List<String> available = new ArrayList<>();
    for (Layer l : availability.layers()) {
      if (l.layerAvailability() == LayerAvailability.AVAILABLE) {
        available.add(l.layerDigest());
      }
    }
    if (!available.contains(layer)) {
      upload(repository, layer, image.artifact().size(), content::open);
    }
    if (!available.contains(config)) {
      byte[] bytes = image.config();
      upload(repository, config, bytes.length, () -> new java.io.ByteArrayInputStream(bytes));
    }
  }

  private void upload(String repository, String digest, long size, Supplier<InputStream> source) {
    for (int attempt = 1; ; attempt++) {
      try {
        uploadOnce(repository, digest, size, source);
        return;
      } catch (LayerAlreadyExistsException e) {
        return;
      } catch (UploadNotFoundException | InvalidLayerPartException | SdkClientException e) {
        if (attempt >= uploadAttempts) {
          throw new BackendException(
              BACKEND,
              true,
              "the upload of blob "
                  + digest
                  + " to "
                  + repository
                  + " was interrupted "
                  + attempt
                  + " times: "
                  + e.getMessage(),
              e);
        }
      } catch (AwsServiceException e) {
        if (!retryable(e) || attempt >= uploadAttempts) {
          throw translate(repository, "upload of blob " + digest + " to " + repository, e);
        }
      }
    }
  }

  private void uploadOnce(
      String repository, String digest, long size, Supplier<InputStream> source) {
    String uploadId =
        ecr.initiateLayerUpload(
                r -> r.registryId(registryId.orElse(null)).repositoryName(repository))
            .uploadId();
    try (InputStream in = source.get()) {
      long first = 0;
      while (first < size) {
        byte[] part = in.readNBytes((int) Math.min(partSize, size - first));
        if (part.length == 0) {
          throw new BackendException(
              BACKEND, false, "the blob " + digest + " ended after " + first + " bytes");
        }
        long start = first;
        try {
          ecr.uploadLayerPart(
              r ->
                  r.registryId(registryId.orElse(null))
                      .repositoryName(repository)
                      .uploadId(uploadId)
                      .partFirstByte(start)
                      .partLastByte(start + part.length - 1)
                      .layerPartBlob(SdkBytes.fromByteArrayUnsafe(part)));
        } catch (InvalidLayerPartException e) {
          throw refusedPart(repository, digest, start, part.length, e);
        }
        first += part.length;
      }
    } catch (IOException e) {
      throw new BackendException(BACKEND, false, "cannot read blob " + digest, e);
    }
    ecr.completeLayerUpload(
        r ->
            r.registryId(registryId.orElse(null))
                .repositoryName(repository)
                .uploadId(uploadId)
                .layerDigests(digest));
  }

  /**
   * ECR's {@code InvalidLayerPartException} means either a part out of sequence (a part sent twice
   * after a lost answer: the upload restarts) or a part ECR does not accept, whose {@code
   * lastValidByteReceived} is then the byte just before it. Sending the same part again would be
   * refused again, so that one is a non-retryable error.
   */
  private RuntimeException refusedPart(
      String repository, String digest, long start, int length, InvalidLayerPartException e) {
    Long lastValid = e.lastValidByteReceived();
    if (lastValid == null || lastValid + 1 != start) {
      return e;
    }
    return new BackendException(
        BACKEND,
        false,
        "ECR refused the part of "
            + length
            + " bytes at byte "
            + start
            + " of blob "
            + digest
            + " to "
            + repository
            + " with InvalidLayerPartException ("
            + (e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage())
            + "); ECR takes parts of 5 MiB to 10 MiB, this registry sends parts of "
            + partSize
            + " bytes",
        e);
  }

  private PushResult putImage(
      String repository, String chart, ChartVersion version, HelmChartImage image) {
    try {
      call(
          repository,
          "PutImage " + repository + ":" + version,
          () ->
              ecr.putImage(
                  r ->
                      r.registryId(registryId.orElse(null))
                          .repositoryName(repository)
                          .imageTag(version.toString())
                          .imageManifest(new String(image.manifest(), StandardCharsets.UTF_8))
                          .imageManifestMediaType(HelmChartImage.MANIFEST_MEDIA_TYPE)));
      return new PushResult.Pushed(image.artifact());
    } catch (ImageAlreadyExistsException | ImageTagAlreadyExistsException e) {
      ChartArtifact held =
          resolve(chart, version)
              .orElseThrow(
                  () ->
                      new BackendException(
                          BACKEND, true, "tag " + version + " of " + repository + " vanished", e));
      if (held.digest().equals(image.artifact().digest())) {
        return new PushResult.AlreadyPresent(held);
      }
      throw new ImmutableArtifactException(
          chart, version, held.digest(), image.artifact().digest());
    }
  }

  // ---- errors ----

  private <T> T call(String repository, String what, Supplier<T> action) {
    try {
      return action.get();
    } catch (ImageAlreadyExistsException | ImageTagAlreadyExistsException e) {
      throw e;
    } catch (AwsServiceException e) {
      throw translate(repository, what, e);
    } catch (SdkException e) {
      throw new BackendException(BACKEND, true, what + " failed: " + e.getMessage(), e);
    }
  }

  private BackendException translate(String repository, String what, AwsServiceException e) {
    if (e instanceof RepositoryNotFoundException) {
      return new EcrRepositoryNotFoundException(
          repository, registryId.or(() -> registryIdIn(e.getMessage())), region(), e);
    }
    String code = e.awsErrorDetails() == null ? "unknown" : e.awsErrorDetails().errorCode();
    return new BackendException(
        BACKEND,
        retryable(e),
        what
            + " failed with "
            + code
            + " (HTTP "
            + e.statusCode()
            + ")"
            + (e.statusCode() == 403 ? ": check the credentials and the IAM policy" : ""),
        e);
  }

  private static final Pattern REGISTRY_ID_IN_MESSAGE =
      Pattern.compile("registry with id '([0-9]{12})'");

  /** ECR names the registry it looked in: "... does not exist in the registry with id '...'". */
  private static Optional<String> registryIdIn(String message) {
    java.util.regex.Matcher m = REGISTRY_ID_IN_MESSAGE.matcher(String.valueOf(message));
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }

  private Optional<String> region() {
    try {
      return Optional.ofNullable(ecr.serviceClientConfiguration().region()).map(Region::id);
    } catch (RuntimeException e) {
      // an EcrClient stand-in without a configuration: the message goes without the region
      return Optional.empty();
    }
  }

  private static boolean retryable(AwsServiceException e) {
    return e.isThrottlingException() || e.statusCode() >= 500;
  }

  // ---- small pieces ----

  private static ChartVersion versionOrNull(String tag) {
    try {
      return ChartVersion.parse(tag);
    } catch (InvalidVersionException e) {
      return null;
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BackendException(BACKEND, true, "interrupted", e);
    }
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException ignored) {
      // the body of a failed download is not needed
    }
  }

  private static void deleteQuietly(Path file) {
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // a temporary file left behind is harmless
    }
  }

  /** Settings of an {@link EcrChartRegistry}. Not thread-safe. */
  public static final class Builder {
    private EcrClient client;
    private HttpClient http;
    private String region;
    private URI endpoint;
    private AwsCredentialsProvider credentials;
    private String registryId;
    private String repositoryPrefix = "";
    private int partSize = 8 * 1024 * 1024;
    private int uploadAttempts = 3;
    private int downloadAttempts = 3;
    private int maxAttempts = 5;
    private Duration retryBaseDelay = Duration.ofMillis(200);
    private Path tempDirectory = Path.of(System.getProperty("java.io.tmpdir"));
    private ChartLimits chartLimits = HelmChartImage.defaultLimits();

    private Builder() {}

    /**
     * An {@link EcrClient} to use as it is (its region, credentials and retry settings). When set,
     * {@link #region}, {@link #endpointOverride}, {@link #credentials}, {@link #maxAttempts} and
     * {@link #retryBaseDelay} are not used.
     */
    public Builder client(EcrClient client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /** The AWS region, for example {@code eu-west-1}. Required unless a client is set. */
    public Builder region(String region) {
      this.region = Objects.requireNonNull(region, "region");
      return this;
    }

    /** An endpoint other than the region's (a VPC endpoint, a test double). */
    public Builder endpointOverride(URI endpoint) {
      this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
      return this;
    }

    /** Credentials other than the SDK's default chain. */
    public Builder credentials(AwsCredentialsProvider credentials) {
      this.credentials = Objects.requireNonNull(credentials, "credentials");
      return this;
    }

    /** The 12-digit account id of the registry, for a registry in another account. */
    public Builder registryId(String registryId) {
      if (registryId == null || !REGISTRY_ID.matcher(registryId).matches()) {
        throw new IllegalArgumentException("A registry id is a 12-digit AWS account id");
      }
      this.registryId = registryId;
      return this;
    }

    /**
     * What precedes the chart name in its repository name, for example {@code charts/} for {@code
     * charts/api}. Lowercase path segments, each followed by {@code /}. Default: none.
     */
    public Builder repositoryPrefix(String repositoryPrefix) {
      if (repositoryPrefix == null || !REPOSITORY_PREFIX.matcher(repositoryPrefix).matches()) {
        throw new IllegalArgumentException(
            "A repository prefix is lowercase path segments each ending in '/': "
                + repositoryPrefix);
      }
      this.repositoryPrefix = repositoryPrefix;
      return this;
    }

    /** The HTTP client for pre-signed layer downloads. */
    public Builder httpClient(HttpClient http) {
      this.http = Objects.requireNonNull(http, "http");
      return this;
    }

    /**
     * The size of an {@code UploadLayerPart}, in bytes, from 5 MiB to 10 MiB: ECR refuses parts
     * smaller than 5 MiB (but the last) and larger than 10 MiB. At most one part is held in memory
     * (with its base64 form). Default 8 MiB.
     */
    public Builder partSize(int partSize) {
      if (partSize < MIN_PART_SIZE || partSize > MAX_PART_SIZE) {
        throw new IllegalArgumentException(
            "ECR takes upload parts of 5 MiB to 10 MiB ("
                + MIN_PART_SIZE
                + " to "
                + MAX_PART_SIZE
                + " bytes): "
                + partSize);
      }
      this.partSize = partSize;
      return this;
    }

    /** How often an interrupted blob upload is started, in all. Default 3. */
    public Builder uploadAttempts(int uploadAttempts) {
      this.uploadAttempts = positive("uploadAttempts", uploadAttempts);
      return this;
    }

    /** How often a layer download is tried with a fresh pre-signed URL, in all. Default 3. */
    public Builder downloadAttempts(int downloadAttempts) {
      this.downloadAttempts = positive("downloadAttempts", downloadAttempts);
      return this;
    }

    /** Attempts of each API call on throttling and 5xx answers, the first one included. */
    public Builder maxAttempts(int maxAttempts) {
      this.maxAttempts = positive("maxAttempts", maxAttempts);
      return this;
    }

    /** The base of the exponential, jittered backoff between API attempts. Default 200 ms. */
    public Builder retryBaseDelay(Duration retryBaseDelay) {
      this.retryBaseDelay = Objects.requireNonNull(retryBaseDelay, "retryBaseDelay");
      return this;
    }

    /** Where packages are staged while pushed. Default: {@code java.io.tmpdir}. */
    public Builder tempDirectory(Path tempDirectory) {
      this.tempDirectory = Objects.requireNonNull(tempDirectory, "tempDirectory");
      return this;
    }

    /** The limits a pushed package is validated under; see {@link HelmChartImage#defaultLimits}. */
    public Builder chartLimits(ChartLimits chartLimits) {
      this.chartLimits = Objects.requireNonNull(chartLimits, "chartLimits");
      return this;
    }

    /** The registry. */
    public EcrChartRegistry build() {
      if (client == null && region == null) {
        throw new IllegalStateException("Set the AWS region (or an EcrClient)");
      }
      return new EcrChartRegistry(this);
    }

    private EcrClient buildClient() {
      BackoffStrategy backoff =
          BackoffStrategy.exponentialDelay(retryBaseDelay, retryBaseDelay.multipliedBy(100));
      EcrClientBuilder builder =
          EcrClient.builder()
              .region(Region.of(region))
              .credentialsProvider(
                  credentials != null ? credentials : DefaultCredentialsProvider.builder().build())
              .httpClientBuilder(ApacheHttpClient.builder())
              .overrideConfiguration(
                  o ->
                      o.retryStrategy(
                          AwsRetryStrategy.standardRetryStrategy().toBuilder()
                              .maxAttempts(maxAttempts)
                              .backoffStrategy(backoff)
                              .throttlingBackoffStrategy(backoff)
                              .circuitBreakerEnabled(false)
                              .build()));
      if (endpoint != null) {
        builder.endpointOverride(endpoint);
      }
      return builder.build();
    }

    private static int positive(String name, int value) {
      if (value < 1) {
        throw new IllegalArgumentException(name + " must be positive: " + value);
      }
      return value;
    }
  }
}
