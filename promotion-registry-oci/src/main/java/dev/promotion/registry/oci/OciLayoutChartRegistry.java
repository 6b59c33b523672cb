package dev.promotion.registry.oci;

import dev.promotion.chart.ChartLimits;
import dev.promotion.error.ArtifactNotFoundException;
import dev.promotion.error.BackendException;
import dev.promotion.error.ImmutableArtifactException;
import dev.promotion.error.InvalidManifestException;
import dev.promotion.error.InvalidRequestException;
import dev.promotion.error.InvalidVersionException;
import dev.promotion.helm.oci.HelmChartImage;
import dev.promotion.helm.oci.internal.Descriptor;
import dev.promotion.helm.oci.internal.MediaTypes;
import dev.promotion.helm.oci.internal.OciJson;
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
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * A {@link ChartRegistry} over a directory of OCI image layouts, one per chart: the chart {@code
 * api} lives in {@code {root}/api/} ({@code oci-layout}, {@code index.json}, {@code
 * blobs/sha256/...}), and version {@code 0.2.0} is the manifest whose descriptor in {@code
 * index.json} carries the annotation {@code org.opencontainers.image.ref.name: 0.2.0}. This is the
 * shape {@code skopeo copy ... oci:{root}/api:0.2.0} and {@code oras} read and write, and mirrors a
 * registry repository per chart ({@code oci://host/api:0.2.0}).
 *
 * <p>Each version is stored as Helm stores charts in OCI registries: an image manifest whose config
 * is the chart metadata ({@code application/vnd.cncf.helm.config.v1+json}) and whose single layer
 * is the chart package byte for byte ({@code application/vnd.cncf.helm.chart.content.v1.tar+gzip};
 * layers of the legacy type {@code application/tar+gzip} are read too). The manifest carries Helm's
 * annotations (title, version, description...) and those passed to {@link #push}; nothing
 * time-dependent, so pushing the same package again always yields the same manifest digest.
 *
 * <p>Safe for several threads and several processes writing the same directory: blobs and {@code
 * index.json} are written to temporary files under {@code {root}/.promotion/tmp} and atomically
 * renamed into place, and every read-modify-write of a chart's {@code index.json} holds an
 * exclusive file lock on {@code {root}/.promotion/locks/{chart}.lock}. Readers take no lock: they
 * always see a complete {@code index.json}. Packages stream through a file, never whole in memory;
 * every blob is checked against its digest when read. A pre-release that is overwritten leaves its
 * old blobs in place (garbage collection is not done).
 *
 * <p>{@code index.json} and manifests are untrusted input: they are read with size limits and a
 * strict, bounded JSON parser, and errors are {@link InvalidManifestException}s naming the file.
 */
public final class OciLayoutChartRegistry implements ChartRegistry {
  static final String BACKEND = "oci-layout";
  static final String OCI_LAYOUT = "{\"imageLayoutVersion\":\"1.0.0\"}";

  private static final long MAX_INDEX_BYTES = 16L * 1024 * 1024;
  private static final long MAX_MANIFEST_BYTES = 4L * 1024 * 1024;
  private static final int BUFFER = 64 * 1024;

  /**
   * File locks belong to a process, and one JVM cannot lock the same file twice; this serialises
   * the threads of this JVM on each lock file before they take the file lock.
   */
  private static final ConcurrentMap<Path, ReentrantLock> PROCESS_LOCKS = new ConcurrentHashMap<>();

  private final Path root;
  private final boolean immutableTags;
  private final ChartLimits chartLimits;

  private OciLayoutChartRegistry(Builder builder) {
    this.root = builder.root.toAbsolutePath().normalize();
    this.immutableTags = builder.immutableTags;
    this.chartLimits = builder.chartLimits;
  }

  /** A builder; {@link Builder#root(Path)} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The directory holding one image layout per chart. */
  public Path root() {
    return root;
  }

  /** The image layout of a chart: {@code {root}/{chart}}. */
  public Path layout(String chart) {
    return root.resolve(Names.requireSafe("chart", chart));
  }

  /** {@inheritDoc} */
  @Override
  public Optional<ChartArtifact> resolve(String chart, ChartVersion version) {
    Path layout = layout(chart);
    Objects.requireNonNull(version, "version");
    return io(
        () -> tagged(readIndex(layout), version).map(d -> artifact(layout, chart, version, d)));
  }

  /**
   * {@inheritDoc}
   *
   * @throws UncheckedIOException when the sink fails
   */
  @Override
  public ChartArtifact pull(String chart, ChartVersion version, OutputStream sink) {
    Objects.requireNonNull(sink, "sink");
    Path layout = layout(chart);
    ChartArtifact artifact =
        resolve(chart, version).orElseThrow(() -> new ArtifactNotFoundException(chart, version));
    Path blob = blob(layout, artifact.digest());
    MessageDigest sha = ChartContent.sha256();
    long count = 0;
    try (InputStream in = Files.newInputStream(blob)) {
      byte[] buffer = new byte[BUFFER];
      for (int n; (n = in.read(buffer)) > 0; ) {
        sha.update(buffer, 0, n);
        count += n;
        write(sink, buffer, n, chart, version);
      }
    } catch (IOException e) {
      throw backend("cannot read the package of chart " + chart + " " + version, e);
    }
    String digest = "sha256:" + HexFormat.of().formatHex(sha.digest());
    if (!digest.equals(artifact.digest()) || count != artifact.size()) {
      throw new BackendException(
          BACKEND,
          false,
          "the blob of chart "
              + chart
              + " "
              + version
              + " in "
              + layout
              + " is corrupt: it has digest "
              + digest
              + " and "
              + count
              + " bytes, not "
              + artifact.digest()
              + " and "
              + artifact.size()
              + ". Push the version again from its source.");
    }
    return artifact;
  }

  /**
   * {@inheritDoc}
   *
   * <p>The package must be a valid Helm chart package of {@code chart} at {@code version}: its
   * {@code Chart.yaml} becomes the Helm config blob.
   *
   * @throws dev.promotion.error.InvalidChartException when the package is not a valid chart
   * @throws InvalidRequestException when the package holds another chart or version
   */
  @Override
  public PushResult push(
      String chart, ChartVersion version, ChartContent content, Map<String, String> annotations) {
    Path layout = layout(chart);
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(content, "content");
    Map<String, String> extra = requireAnnotations(annotations);
    return io(
        () -> {
          Path staged = stage(chart, version, content);
          try {
            HelmChartImage image =
                HelmChartImage.of(
                    staged, chart, version, content.digest(), content.size(), extra, chartLimits);
            return withLock(chart, () -> io(() -> publish(layout, chart, version, staged, image)));
          } finally {
            Files.deleteIfExists(staged);
          }
        });
  }

  /** {@inheritDoc} */
  @Override
  public List<ChartVersion> versions(String chart) {
    Path layout = layout(chart);
    return io(
        () ->
            readIndex(layout).stream()
                .map(d -> d.annotations().get(MediaTypes.REF_NAME))
                .filter(Objects::nonNull)
                .map(OciLayoutChartRegistry::versionOrNull)
                .filter(Objects::nonNull)
                .distinct()
                .sorted()
                .toList());
  }

  @Override
  public String toString() {
    return "OciLayoutChartRegistry[" + root + (immutableTags ? ", immutable tags" : "") + "]";
  }

  // ---- push ----

  private Path stage(String chart, ChartVersion version, ChartContent content) throws IOException {
    Path staged = Files.createTempFile(Files.createDirectories(tmp()), "layer-", ".part");
    MessageDigest sha = ChartContent.sha256();
    long count = 0;
    try (InputStream in = content.open();
        OutputStream out = Files.newOutputStream(staged, StandardOpenOption.WRITE)) {
      byte[] buffer = new byte[BUFFER];
      for (int n; (n = in.read(buffer)) > 0; ) {
        sha.update(buffer, 0, n);
        out.write(buffer, 0, n);
        count += n;
      }
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(staged);
      throw e;
    }
    String digest = "sha256:" + HexFormat.of().formatHex(sha.digest());
    if (!digest.equals(content.digest()) || count != content.size()) {
      Files.deleteIfExists(staged);
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
  }

  private PushResult publish(
      Path layout, String chart, ChartVersion version, Path staged, HelmChartImage prepared)
      throws IOException {
    ensureLayout(layout);
    List<Descriptor> index = readIndex(layout);
    Optional<Descriptor> existing = tagged(index, version);
    if (existing.isPresent()) {
      ChartArtifact held = artifact(layout, chart, version, existing.get());
      if (held.digest().equals(prepared.artifact().digest())) {
        return new PushResult.AlreadyPresent(held);
      }
      if (version.isRelease() || immutableTags) {
        throw new ImmutableArtifactException(
            chart, version, held.digest(), prepared.artifact().digest());
      }
    }
    moveBlob(layout, staged, prepared.artifact().digest(), prepared.artifact().size());
    writeBlob(layout, prepared.config());
    writeBlob(layout, prepared.manifest());
    Descriptor tag =
        new Descriptor(
            MediaTypes.IMAGE_MANIFEST,
            prepared.manifestDigest(),
            prepared.manifest().length,
            Map.of(MediaTypes.REF_NAME, version.toString()));
    List<Descriptor> updated = new ArrayList<>();
    for (Descriptor descriptor : index) {
      if (!version.toString().equals(descriptor.annotations().get(MediaTypes.REF_NAME))) {
        updated.add(descriptor);
      }
    }
    updated.add(tag);
    writeAtomically(layout.resolve("index.json"), OciJson.writeIndex(updated));
    return new PushResult.Pushed(prepared.artifact());
  }

  private void ensureLayout(Path layout) throws IOException {
    Files.createDirectories(layout.resolve("blobs").resolve("sha256"));
    Path marker = layout.resolve("oci-layout");
    if (!Files.exists(marker)) {
      writeAtomically(marker, OCI_LAYOUT.getBytes(StandardCharsets.UTF_8));
    }
  }

  private void moveBlob(Path layout, Path staged, String digest, long size) throws IOException {
    Path target = blob(layout, digest);
    if (Files.exists(target) && Files.size(target) == size) {
      return;
    }
    force(staged);
    move(staged, target);
  }

  private void writeBlob(Path layout, byte[] bytes) throws IOException {
    Path target = blob(layout, HelmChartImage.digestOf(bytes));
    if (Files.exists(target) && Files.size(target) == bytes.length) {
      return;
    }
    writeAtomically(target, bytes);
  }

  private void writeAtomically(Path target, byte[] bytes) throws IOException {
    Path temp = Files.createTempFile(Files.createDirectories(tmp()), "write-", ".part");
    try {
      Files.write(temp, bytes);
      force(temp);
      move(temp, target);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static void force(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.force(true);
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException(
          "the file system of " + to + " cannot rename atomically; use a local directory", e);
    }
  }

  private <T> T withLock(String chart, Supplier<T> action) {
    Path lockFile = root.resolve(".promotion").resolve("locks").resolve(chart + ".lock");
    ReentrantLock processLock;
    try {
      // keyed by the real path, so that two registries reaching the root through different
      // paths (symbolic links) still share the lock of this JVM
      Path key = Files.createDirectories(lockFile.getParent()).toRealPath().resolve(chart);
      processLock = PROCESS_LOCKS.computeIfAbsent(key, k -> new ReentrantLock());
    } catch (IOException e) {
      throw backend("cannot create " + lockFile.getParent(), e);
    }
    processLock.lock();
    try {
      try (FileChannel channel =
          FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
        FileLock lock = channel.lock();
        try {
          return action.get();
        } finally {
          lock.release();
        }
      }
    } catch (IOException e) {
      throw backend("cannot lock " + lockFile, e);
    } finally {
      processLock.unlock();
    }
  }

  // ---- read ----

  private List<Descriptor> readIndex(Path layout) throws IOException {
    Path file = layout.resolve("index.json");
    String name = root.relativize(file).toString();
    byte[] json;
    try {
      json = readLimited(file, MAX_INDEX_BYTES, name);
    } catch (NoSuchFileException e) {
      return List.of();
    }
    return OciJson.readIndex(name, json);
  }

  private static Optional<Descriptor> tagged(List<Descriptor> index, ChartVersion version) {
    String tag = version.toString();
    Descriptor found = null;
    for (Descriptor descriptor : index) {
      if (tag.equals(descriptor.annotations().get(MediaTypes.REF_NAME))) {
        found = descriptor;
      }
    }
    return Optional.ofNullable(found);
  }

  private ChartArtifact artifact(
      Path layout, String chart, ChartVersion version, Descriptor manifestDescriptor) {
    return io(
        () -> {
          Path file = blob(layout, manifestDescriptor.digest());
          String name = root.relativize(file).toString();
          if (!MediaTypes.IMAGE_MANIFEST.equals(manifestDescriptor.mediaType())) {
            throw new InvalidManifestException(
                root.relativize(layout.resolve("index.json")).toString(),
                0,
                0,
                "tags "
                    + version
                    + " with a "
                    + manifestDescriptor.mediaType()
                    + ", not a manifest");
          }
          if (manifestDescriptor.size() > MAX_MANIFEST_BYTES) {
            throw new InvalidManifestException(
                name, 0, 0, "is larger than " + MAX_MANIFEST_BYTES + " bytes");
          }
          byte[] bytes;
          try {
            bytes = readLimited(file, MAX_MANIFEST_BYTES, name);
          } catch (NoSuchFileException e) {
            throw new BackendException(
                BACKEND,
                false,
                "the manifest of chart "
                    + chart
                    + " "
                    + version
                    + " is missing from "
                    + layout
                    + ". Push the version again from its source.");
          }
          String digest = HelmChartImage.digestOf(bytes);
          if (!digest.equals(manifestDescriptor.digest())
              || bytes.length != manifestDescriptor.size()) {
            throw new BackendException(
                BACKEND,
                false,
                "the manifest " + name + " is corrupt: its digest is " + digest + ".");
          }
          return HelmChartImage.artifactOf(name, bytes, chart, version);
        });
  }

  private static byte[] readLimited(Path file, long limit, String name) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes((int) limit + 1);
      if (bytes.length > limit) {
        throw new InvalidManifestException(name, 0, 0, "is larger than " + limit + " bytes");
      }
      return bytes;
    }
  }

  // ---- small pieces ----

  private Path tmp() {
    return root.resolve(".promotion").resolve("tmp");
  }

  private static Path blob(Path layout, String digest) {
    return layout.resolve("blobs").resolve("sha256").resolve(digest.substring("sha256:".length()));
  }

  private static ChartVersion versionOrNull(String tag) {
    try {
      return ChartVersion.parse(tag);
    } catch (InvalidVersionException e) {
      return null;
    }
  }

  private static Map<String, String> requireAnnotations(Map<String, String> annotations) {
    Objects.requireNonNull(annotations, "annotations");
    annotations.forEach(
        (key, value) -> {
          if (key == null || key.isBlank() || value == null) {
            throw new InvalidRequestException(
                "An annotation needs a non-blank key and a value: " + key + "=" + value);
          }
        });
    return Map.copyOf(annotations);
  }

  private static void write(
      OutputStream sink, byte[] buffer, int n, String chart, ChartVersion version) {
    try {
      sink.write(buffer, 0, n);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot write chart " + chart + " " + version + " to the sink", e);
    }
  }

  private static BackendException backend(String message, IOException e) {
    return new BackendException(BACKEND, false, message + ": " + e.getMessage(), e);
  }

  private interface IoAction<T> {
    T run() throws IOException;
  }

  private static <T> T io(IoAction<T> action) {
    try {
      return action.run();
    } catch (IOException e) {
      throw backend("the image layout cannot be read or written", e);
    }
  }

  /** Settings of an {@link OciLayoutChartRegistry}. Not thread-safe. */
  public static final class Builder {
    private Path root;
    private boolean immutableTags;
    private ChartLimits chartLimits = HelmChartImage.defaultLimits();

    private Builder() {}

    /** The directory that holds one image layout per chart; created on the first push. Required. */
    public Builder root(Path root) {
      this.root = Objects.requireNonNull(root, "root");
      return this;
    }

    /**
     * Whether pushing different content under an existing pre-release version fails with {@link
     * ImmutableArtifactException} instead of overwriting it. Release versions are never overwritten
     * either way. Default: {@code false}.
     */
    public Builder immutableTags(boolean immutableTags) {
      this.immutableTags = immutableTags;
      return this;
    }

    /**
     * The limits a pushed package is validated under. Default: 10 000 entries, 256 MiB per file, 1
     * GiB in total, a compression ratio of 100 and a 1 MiB {@code Chart.yaml} (a registry stores
     * packages larger than Helm's rendering defaults).
     */
    public Builder chartLimits(ChartLimits chartLimits) {
      this.chartLimits = Objects.requireNonNull(chartLimits, "chartLimits");
      return this;
    }

    /** A registry over the directory; nothing is written until the first push. */
    public OciLayoutChartRegistry build() {
      if (root == null) {
        throw new IllegalStateException("Set the root directory of the image layouts");
      }
      return new OciLayoutChartRegistry(this);
    }
  }
}
