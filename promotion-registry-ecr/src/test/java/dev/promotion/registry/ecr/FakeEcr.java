package dev.promotion.registry.ecr;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A stateful fake of Amazon ECR on WireMock: it speaks the JSON 1.1 protocol ({@code X-Amz-Target:
 * AmazonEC2ContainerRegistry_V20150921.*}, {@code application/x-amz-json-1.1}, errors as {@code
 * {"__type": ..., "message": ...}}) and really stores blobs, manifests and tags, so that a push can
 * be pulled back. Layer downloads go to pre-signed-looking URLs on the same server.
 *
 * <p>Faults are queued per operation ({@link #fail}) or for downloads ({@link #expireDownloads}),
 * and every call is counted ({@link #calls}).
 */
public final class FakeEcr implements ResponseDefinitionTransformerV2, AutoCloseable {
  static final String TARGET_PREFIX = "AmazonEC2ContainerRegistry_V20150921.";
  private static final String ACCOUNT = "123456789012";
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * ECR refuses an upload part below 5 MiB unless it is the last one, and any part above 10 MiB
   * (Amazon ECR service quotas: "Minimum layer part size 5 MiB", "Maximum layer part size 10 MiB",
   * https://docs.aws.amazon.com/AmazonECR/latest/userguide/service-quotas.html).
   */
  private static final int MIN_PART = 5 * 1024 * 1024;

  private static final int MAX_PART = 10 * 1024 * 1024;

  private final WireMockServer server;
  private final Map<String, Repo> repositories = new HashMap<>();
  private final Map<String, Deque<Fault>> faults = new HashMap<>();
  private final Map<String, Integer> calls = new TreeMap<>();
  private final Map<String, Deque<ImageFailure>> imageFailures = new HashMap<>();
  private int refusedParts;
  private int expiredDownloads;
  private long bytesUploaded;
  private long bytesDownloaded;
  private long requestBytes;

  private FakeEcr() {
    server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").extensions(this));
  }

  static FakeEcr launch() {
    FakeEcr fake = new FakeEcr();
    fake.server.start();
    fake.server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));
    return fake;
  }

  URI endpoint() {
    return URI.create(server.baseUrl());
  }

  @Override
  public void close() {
    server.stop();
  }

  @Override
  public String getName() {
    return "fake-ecr";
  }

  @Override
  public boolean applyGlobally() {
    return true;
  }

  // ---- test controls ----

  synchronized void createRepository(String name, boolean immutableTags) {
    createRepository(name, immutableTags ? "IMMUTABLE" : "MUTABLE");
  }

  /**
   * A repository with a tag mutability setting ({@code MUTABLE}, {@code IMMUTABLE}, {@code
   * IMMUTABLE_WITH_EXCLUSION}, {@code MUTABLE_WITH_EXCLUSION}) and its {@code WILDCARD} exclusion
   * filters.
   */
  synchronized void createRepository(String name, String mutability, String... exclusionFilters) {
    // API_ImageTagMutabilityExclusionFilter: filter matches ^[0-9a-zA-Z._*-]{1,128}$.
    for (String filter : exclusionFilters) {
      if (!filter.matches("[0-9a-zA-Z._*-]{1,128}")) {
        throw new IllegalArgumentException("ECR refuses the exclusion filter " + filter);
      }
    }
    if (mutability.endsWith("_WITH_EXCLUSION") == (exclusionFilters.length == 0)) {
      throw new IllegalArgumentException(
          "exclusion filters go with, and only with, *_WITH_EXCLUSION: " + mutability);
    }
    repositories.put(name, new Repo(mutability, List.of(exclusionFilters)));
  }

  /**
   * The next {@code times} {@code BatchGetImage} requests for {@code tag} in {@code repository}
   * answer with an entry in {@code failures[]} (HTTP 200), as ECR does for a per-image failure.
   */
  synchronized void failImage(
      String repository, String tag, int times, String failureCode, String failureReason) {
    Deque<ImageFailure> queue =
        imageFailures.computeIfAbsent(repository + ":" + tag, k -> new ArrayDeque<>());
    for (int i = 0; i < times; i++) {
      queue.add(new ImageFailure(failureCode, failureReason));
    }
  }

  /**
   * The next {@code times} {@code UploadLayerPart} calls are refused the way ECR refuses a part of
   * a size it does not accept: {@code InvalidLayerPartException} whose {@code
   * lastValidByteReceived} is the byte just before the refused part (the part was in sequence).
   */
  synchronized void refusePartSize(int times) {
    refusedParts += times;
  }

  /** The next {@code times} calls of {@code operation} answer with this error. */
  synchronized void fail(String operation, int times, int status, String errorType) {
    Deque<Fault> queue = faults.computeIfAbsent(operation, o -> new ArrayDeque<>());
    for (int i = 0; i < times; i++) {
      queue.add(new Fault(status, errorType));
    }
  }

  /** The call of {@code operation} number {@code nth} (1-based, from now) answers with an error. */
  synchronized void failNth(String operation, int nth, int status, String errorType) {
    Deque<Fault> queue = faults.computeIfAbsent(operation, o -> new ArrayDeque<>());
    for (int i = 1; i < nth; i++) {
      queue.add(Fault.NONE);
    }
    queue.add(new Fault(status, errorType));
  }

  /** The next {@code times} calls of {@code operation} lose their connection (TCP reset). */
  synchronized void resetConnection(String operation, int times) {
    Deque<Fault> queue = faults.computeIfAbsent(operation, o -> new ArrayDeque<>());
    for (int i = 0; i < times; i++) {
      queue.add(Fault.CONNECTION_RESET);
    }
  }

  /** Stores a manifest under a tag as it is, bypassing every check (a hostile registry). */
  synchronized void putRawManifest(String repository, String tag, String manifest) {
    Repo repo = repositories.get(repository);
    byte[] bytes = manifest.getBytes(StandardCharsets.UTF_8);
    String digest = sha256(bytes);
    repo.manifests.put(digest, bytes);
    repo.manifestTypes.put(digest, "application/vnd.oci.image.manifest.v1+json");
    repo.tags.put(tag, digest);
  }

  /** Flips one byte of a stored blob (corruption in storage or in transit). */
  synchronized void corruptBlob(String repository, String digest) {
    byte[] blob = repositories.get(repository).blobs.get(digest);
    blob[blob.length / 2] ^= 1;
  }

  /** The next {@code times} downloads answer 403 as S3 does for an expired pre-signed URL. */
  synchronized void expireDownloads(int times) {
    expiredDownloads += times;
  }

  synchronized int calls(String operation) {
    return calls.getOrDefault(operation, 0);
  }

  synchronized Map<String, Integer> calls() {
    return new TreeMap<>(calls);
  }

  synchronized long bytesUploaded() {
    return bytesUploaded;
  }

  synchronized long bytesDownloaded() {
    return bytesDownloaded;
  }

  synchronized void resetCounters() {
    calls.clear();
    bytesUploaded = 0;
    bytesDownloaded = 0;
    requestBytes = 0;
  }

  private ResponseDefinition counters() {
    ObjectNode response = JSON.createObjectNode();
    response.put("bytesUploaded", bytesUploaded);
    response.put("bytesDownloaded", bytesDownloaded);
    response.put("requestBytes", requestBytes);
    calls.forEach(response.putObject("calls")::put);
    return ok(response);
  }

  /**
   * Runs the fake in its own process (for the benchmark, so that its stored blobs do not count in
   * the measured heap): prints its endpoint, serves until stdin is closed.
   */
  public static void main(String[] args) throws IOException {
    try (FakeEcr fake = launch()) {
      for (String repository : args) {
        fake.createRepository(repository, false);
      }
      System.out.println(fake.endpoint());
      System.out.flush();
      while (System.in.read() >= 0) {
        // serve until the parent closes our stdin
      }
    }
  }

  synchronized int abandonedUploads() {
    return repositories.values().stream().mapToInt(r -> r.uploads.size()).sum();
  }

  synchronized Map<String, String> tags(String repository) {
    return new TreeMap<>(repositories.get(repository).tags);
  }

  // ---- protocol ----

  @Override
  public synchronized ResponseDefinition transform(ServeEvent event) {
    Request request = event.getRequest();
    if (request.getUrl().startsWith("/download/")) {
      return download(request);
    }
    if (request.getUrl().startsWith("/fake-admin/counters")) {
      return counters();
    }
    if (request.getUrl().startsWith("/fake-admin/reset")) {
      resetCounters();
      return counters();
    }
    if (request.getUrl().startsWith("/fake-admin/repository/")) {
      repositories.put(
          request.getUrl().substring("/fake-admin/repository/".length()),
          new Repo("MUTABLE", List.of()));
      return counters();
    }
    String target = request.getHeader("X-Amz-Target");
    if (target == null || !target.startsWith(TARGET_PREFIX)) {
      return error(400, "UnknownOperationException", "missing X-Amz-Target");
    }
    String operation = target.substring(TARGET_PREFIX.length());
    calls.merge(operation, 1, Integer::sum);
    requestBytes += request.getBody().length;
    Deque<Fault> queue = faults.get(operation);
    if (queue != null && !queue.isEmpty()) {
      Fault fault = queue.poll();
      if (fault == Fault.CONNECTION_RESET) {
        return ResponseDefinitionBuilder.responseDefinition()
            .withFault(com.github.tomakehurst.wiremock.http.Fault.CONNECTION_RESET_BY_PEER)
            .build();
      }
      if (fault != Fault.NONE) {
        return error(fault.status, fault.type, "injected " + fault.type);
      }
    }
    try {
      JsonNode body = JSON.readTree(request.getBody());
      return switch (operation) {
        case "BatchGetImage" -> batchGetImage(body);
        case "GetDownloadUrlForLayer" -> getDownloadUrl(body);
        case "BatchCheckLayerAvailability" -> batchCheckLayerAvailability(body);
        case "InitiateLayerUpload" -> initiateLayerUpload(body);
        case "UploadLayerPart" -> uploadLayerPart(body);
        case "CompleteLayerUpload" -> completeLayerUpload(body);
        case "PutImage" -> putImage(body);
        case "ListImages" -> listImages(body);
        case "DescribeRepositories" -> describeRepositories(body);
        default -> error(400, "UnknownOperationException", operation);
      };
    } catch (EcrError e) {
      return error(400, e.type, e.getMessage());
    } catch (IOException e) {
      return error(400, "SerializationException", e.getMessage());
    }
  }

  private ResponseDefinition batchGetImage(JsonNode body) {
    Repo repo = repo(body);
    ObjectNode response = JSON.createObjectNode();
    ArrayNode images = response.putArray("images");
    ArrayNode failures = response.putArray("failures");
    for (JsonNode id : body.path("imageIds")) {
      String tag = id.path("imageTag").asText(null);
      Deque<ImageFailure> injected =
          imageFailures.get(body.path("repositoryName").asText() + ":" + tag);
      if (injected != null && !injected.isEmpty()) {
        ImageFailure f = injected.poll();
        ObjectNode failure = failures.addObject();
        failure.set("imageId", id);
        failure.put("failureCode", f.code());
        failure.put("failureReason", f.reason());
        continue;
      }
      String digest = tag != null ? repo.tags.get(tag) : id.path("imageDigest").asText(null);
      if (digest == null || !repo.manifests.containsKey(digest)) {
        ObjectNode failure = failures.addObject();
        failure.set("imageId", id);
        failure.put("failureCode", "ImageNotFound");
        failure.put("failureReason", "Requested image not found");
        continue;
      }
      ObjectNode image = images.addObject();
      image.put("registryId", ACCOUNT);
      image.put("repositoryName", body.path("repositoryName").asText());
      ObjectNode imageId = image.putObject("imageId");
      imageId.put("imageDigest", digest);
      if (tag != null) {
        imageId.put("imageTag", tag);
      }
      image.put("imageManifest", new String(repo.manifests.get(digest), StandardCharsets.UTF_8));
      image.put("imageManifestMediaType", repo.manifestTypes.get(digest));
    }
    return ok(response);
  }

  private ResponseDefinition getDownloadUrl(JsonNode body) {
    Repo repo = repo(body);
    String digest = body.path("layerDigest").asText();
    if (!repo.blobs.containsKey(digest)) {
      throw new EcrError("LayersNotFoundException", "The specified layer does not exist");
    }
    ObjectNode response = JSON.createObjectNode();
    response.put(
        "downloadUrl",
        server.baseUrl()
            + "/download/"
            + body.path("repositoryName").asText()
            + "/"
            + digest
            + "?X-Amz-Expires=3600&X-Amz-Signature="
            + UUID.randomUUID());
    response.put("layerDigest", digest);
    return ok(response);
  }

  private ResponseDefinition download(Request request) {
    calls.merge("download", 1, Integer::sum);
    if (expiredDownloads > 0) {
      expiredDownloads--;
      return ResponseDefinitionBuilder.responseDefinition()
          .withStatus(403)
          .withHeader("Content-Type", "application/xml")
          .withBody(
              "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>AccessDenied</Code>"
                  + "<Message>Request has expired</Message></Error>")
          .build();
    }
    String path = request.getUrl().substring("/download/".length());
    path = path.substring(0, path.indexOf('?'));
    int slash = path.lastIndexOf('/');
    Repo repo = repositories.get(path.substring(0, slash));
    byte[] blob = repo == null ? null : repo.blobs.get(path.substring(slash + 1));
    if (blob == null) {
      return ResponseDefinitionBuilder.responseDefinition().withStatus(404).build();
    }
    bytesDownloaded += blob.length;
    return ResponseDefinitionBuilder.responseDefinition()
        .withStatus(200)
        .withHeader("Content-Type", "application/octet-stream")
        .withBody(blob)
        .build();
  }

  private ResponseDefinition batchCheckLayerAvailability(JsonNode body) {
    Repo repo = repo(body);
    ObjectNode response = JSON.createObjectNode();
    ArrayNode layers = response.putArray("layers");
    ArrayNode failures = response.putArray("failures");
    for (JsonNode digest : body.path("layerDigests")) {
      byte[] blob = repo.blobs.get(digest.asText());
      if (blob == null) {
        ObjectNode failure = failures.addObject();
        failure.put("layerDigest", digest.asText());
        failure.put("failureCode", "MissingLayerDigest");
        failure.put("failureReason", "layer not found");
      } else {
        ObjectNode layer = layers.addObject();
        layer.put("layerDigest", digest.asText());
        layer.put("layerAvailability", "AVAILABLE");
        layer.put("layerSize", blob.length);
      }
    }
    return ok(response);
  }

  private ResponseDefinition initiateLayerUpload(JsonNode body) {
    Repo repo = repo(body);
    String uploadId = UUID.randomUUID().toString();
    repo.uploads.put(uploadId, new ByteArrayOutputStream());
    ObjectNode response = JSON.createObjectNode();
    response.put("uploadId", uploadId);
    response.put("partSize", 10 * 1024 * 1024);
    return ok(response);
  }

  private ResponseDefinition uploadLayerPart(JsonNode body) {
    Repo repo = repo(body);
    String uploadId = body.path("uploadId").asText();
    ByteArrayOutputStream upload = repo.uploads.get(uploadId);
    if (upload == null) {
      throw new EcrError("UploadNotFoundException", "The upload could not be found");
    }
    long first = body.path("partFirstByte").asLong();
    long last = body.path("partLastByte").asLong();
    byte[] part = Base64.getDecoder().decode(body.path("layerPartBlob").asText());
    if (first != upload.size() || last - first + 1 != part.length) {
      return invalidLayerPart(
          body, upload, "The layer part is not in sequence: expected first byte " + upload.size());
    }
    if (part.length > MAX_PART || refusedParts > 0) {
      refusedParts = Math.max(0, refusedParts - 1);
      return invalidLayerPart(
          body,
          upload,
          "The layer part size is not valid: "
              + part.length
              + " bytes, parts are at most 10 MiB ("
              + MAX_PART
              + " bytes)");
    }
    if (repo.smallPartSent.contains(uploadId)) {
      throw new EcrError(
          "LayerPartTooSmallException", "Layer parts must be at least 5 MiB in size");
    }
    if (part.length < MIN_PART) {
      repo.smallPartSent.add(uploadId);
    }
    upload.writeBytes(part);
    bytesUploaded += part.length;
    ObjectNode response = JSON.createObjectNode();
    response.put("registryId", ACCOUNT);
    response.put("repositoryName", body.path("repositoryName").asText());
    response.put("uploadId", uploadId);
    response.put("lastByteReceived", last);
    return ok(response);
  }

  /**
   * ECR's {@code InvalidLayerPartException} carries {@code registryId}, {@code repositoryName},
   * {@code uploadId} and {@code lastValidByteReceived}, the last byte ECR holds of the upload
   * (https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_UploadLayerPart.html, Errors);
   * -1 when it holds none. The upload stays open.
   */
  private static ResponseDefinition invalidLayerPart(
      JsonNode body, ByteArrayOutputStream upload, String message) {
    ObjectNode error = JSON.createObjectNode();
    error.put("__type", "InvalidLayerPartException");
    error.put("message", message);
    error.put("registryId", ACCOUNT);
    error.put("repositoryName", body.path("repositoryName").asText());
    error.put("uploadId", body.path("uploadId").asText());
    error.put("lastValidByteReceived", upload.size() - 1L);
    return response(400, error);
  }

  private ResponseDefinition completeLayerUpload(JsonNode body) {
    Repo repo = repo(body);
    String uploadId = body.path("uploadId").asText();
    ByteArrayOutputStream upload = repo.uploads.get(uploadId);
    if (upload == null) {
      throw new EcrError("UploadNotFoundException", "The upload could not be found");
    }
    String digest = body.path("layerDigests").path(0).asText();
    byte[] bytes = upload.toByteArray();
    if (!digest.equals(sha256(bytes))) {
      throw new EcrError("InvalidLayerException", "The layer digest does not match its content");
    }
    repo.uploads.remove(uploadId);
    if (repo.blobs.containsKey(digest)) {
      throw new EcrError("LayerAlreadyExistsException", "The layer already exists");
    }
    repo.blobs.put(digest, bytes);
    ObjectNode response = JSON.createObjectNode();
    response.put("registryId", ACCOUNT);
    response.put("repositoryName", body.path("repositoryName").asText());
    response.put("uploadId", uploadId);
    response.put("layerDigest", digest);
    return ok(response);
  }

  private ResponseDefinition putImage(JsonNode body) throws IOException {
    Repo repo = repo(body);
    String manifestText = body.path("imageManifest").asText();
    byte[] manifest = manifestText.getBytes(StandardCharsets.UTF_8);
    String digest = sha256(manifest);
    String tag = body.path("imageTag").asText(null);
    JsonNode parsed = JSON.readTree(manifest);
    List<String> referenced = new ArrayList<>();
    referenced.add(parsed.path("config").path("digest").asText());
    parsed.path("layers").forEach(l -> referenced.add(l.path("digest").asText()));
    for (String blob : referenced) {
      if (!repo.blobs.containsKey(blob)) {
        throw new EcrError(
            "LayersNotFoundException", "Layer " + blob + " is not in the repository");
      }
    }
    String current = tag == null ? null : repo.tags.get(tag);
    if (digest.equals(current)) {
      throw new EcrError(
          "ImageAlreadyExistsException", "Image with digest and tag " + tag + " already exists");
    }
    if (current != null && repo.immutable(tag)) {
      throw new EcrError(
          "ImageTagAlreadyExistsException",
          "The image tag '"
              + tag
              + "' already exists in the '"
              + body.path("repositoryName").asText()
              + "' repository and cannot be overwritten because the tag is immutable ("
              + repo.mutability
              + ")");
    }
    repo.manifests.put(digest, manifest);
    bytesUploaded += manifest.length;
    repo.manifestTypes.put(digest, body.path("imageManifestMediaType").asText());
    if (tag != null) {
      repo.tags.put(tag, digest);
    }
    ObjectNode response = JSON.createObjectNode();
    ObjectNode image = response.putObject("image");
    image.put("registryId", ACCOUNT);
    image.put("repositoryName", body.path("repositoryName").asText());
    ObjectNode imageId = image.putObject("imageId");
    imageId.put("imageDigest", digest);
    imageId.put("imageTag", tag);
    image.put("imageManifest", manifestText);
    return ok(response);
  }

  private ResponseDefinition listImages(JsonNode body) {
    Repo repo = repo(body);
    List<Map.Entry<String, String>> tags = new ArrayList<>(repo.tags.entrySet());
    int from = body.hasNonNull("nextToken") ? Integer.parseInt(body.get("nextToken").asText()) : 0;
    int max = body.hasNonNull("maxResults") ? body.get("maxResults").asInt() : 3;
    ObjectNode response = JSON.createObjectNode();
    ArrayNode ids = response.putArray("imageIds");
    for (int i = from; i < Math.min(tags.size(), from + max); i++) {
      ObjectNode id = ids.addObject();
      id.put("imageDigest", tags.get(i).getValue());
      id.put("imageTag", tags.get(i).getKey());
    }
    if (from + max < tags.size()) {
      response.put("nextToken", String.valueOf(from + max));
    }
    return ok(response);
  }

  private ResponseDefinition describeRepositories(JsonNode body) {
    ObjectNode response = JSON.createObjectNode();
    ArrayNode list = response.putArray("repositories");
    for (JsonNode name : body.path("repositoryNames")) {
      Repo repo = repositories.get(name.asText());
      if (repo == null) {
        throw new EcrError(
            "RepositoryNotFoundException", "The repository '" + name.asText() + "' does not exist");
      }
      ObjectNode entry = list.addObject();
      entry.put(
          "repositoryArn", "arn:aws:ecr:eu-west-1:" + ACCOUNT + ":repository/" + name.asText());
      entry.put("registryId", ACCOUNT);
      entry.put("repositoryName", name.asText());
      entry.put("repositoryUri", ACCOUNT + ".dkr.ecr.eu-west-1.amazonaws.com/" + name.asText());
      entry.put("createdAt", 1.7E9);
      entry.put("imageTagMutability", repo.mutability);
      if (!repo.exclusionFilters.isEmpty()) {
        ArrayNode filters = entry.putArray("imageTagMutabilityExclusionFilters");
        for (String filter : repo.exclusionFilters) {
          filters.addObject().put("filterType", "WILDCARD").put("filter", filter);
        }
      }
    }
    return ok(response);
  }

  // ---- pieces ----

  private Repo repo(JsonNode body) {
    String name = body.path("repositoryName").asText();
    Repo repo = repositories.get(name);
    boolean otherAccount =
        body.hasNonNull("registryId") && !ACCOUNT.equals(body.get("registryId").asText());
    if (repo == null || otherAccount) {
      throw new EcrError(
          "RepositoryNotFoundException",
          "The repository with name '"
              + name
              + "' does not exist in the registry with id '"
              + ACCOUNT
              + "'");
    }
    return repo;
  }

  private static ResponseDefinition ok(ObjectNode body) {
    try {
      return ResponseDefinitionBuilder.responseDefinition()
          .withStatus(200)
          .withHeader("Content-Type", "application/x-amz-json-1.1")
          .withHeader("x-amzn-RequestId", UUID.randomUUID().toString())
          .withBody(JSON.writeValueAsBytes(body))
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ResponseDefinition error(int status, String type, String message) {
    ObjectNode body = JSON.createObjectNode();
    body.put("__type", type);
    body.put("message", message);
    return response(status, body);
  }

  private static ResponseDefinition response(int status, ObjectNode body) {
    try {
      return ResponseDefinitionBuilder.responseDefinition()
          .withStatus(status)
          .withHeader("Content-Type", "application/x-amz-json-1.1")
          .withHeader("x-amzn-RequestId", UUID.randomUUID().toString())
          .withBody(JSON.writeValueAsBytes(body))
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String sha256(byte[] bytes) {
    try {
      return "sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private record ImageFailure(String code, String reason) {}

  private record Fault(int status, String type) {
    static final Fault NONE = new Fault(0, "none");
    static final Fault CONNECTION_RESET = new Fault(-1, "connection reset");
  }

  private static final class EcrError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String type;

    EcrError(String type, String message) {
      super(message);
      this.type = type;
    }
  }

  private static final class Repo {
    final String mutability;
    final List<String> exclusionFilters;
    final Map<String, byte[]> blobs = new HashMap<>();
    final Map<String, byte[]> manifests = new HashMap<>();
    final Map<String, String> manifestTypes = new HashMap<>();
    final Map<String, String> tags = new TreeMap<>();
    final Map<String, ByteArrayOutputStream> uploads = new HashMap<>();
    final java.util.Set<String> smallPartSent = new java.util.HashSet<>();

    Repo(String mutability, List<String> exclusionFilters) {
      this.mutability = mutability;
      this.exclusionFilters = exclusionFilters;
    }

    /**
     * Whether a tag is immutable under the repository's setting. An exclusion filter is a tag name
     * in which {@code *} matches any run of characters, zero included (ECR user guide, "Preventing
     * image tags from being overwritten": enter tag names or use wildcards (*) to match multiple
     * similar tags); a tag matching one is exempt from the repository's setting
     * (API_ImageTagMutabilityExclusionFilter, API_PutImageTagMutability).
     */
    boolean immutable(String tag) {
      boolean excluded =
          exclusionFilters.stream().anyMatch(f -> wildcard(f).matcher(tag).matches());
      return switch (mutability) {
        case "MUTABLE" -> false;
        case "IMMUTABLE" -> true;
        case "IMMUTABLE_WITH_EXCLUSION" -> !excluded;
        case "MUTABLE_WITH_EXCLUSION" -> excluded;
        default -> throw new IllegalStateException(mutability);
      };
    }

    private static java.util.regex.Pattern wildcard(String filter) {
      String[] literals = filter.split("\\*", -1);
      StringBuilder regex = new StringBuilder(java.util.regex.Pattern.quote(literals[0]));
      for (int i = 1; i < literals.length; i++) {
        regex.append(".*").append(java.util.regex.Pattern.quote(literals[i]));
      }
      return java.util.regex.Pattern.compile(regex.toString());
    }
  }
}
