package dev.promotion.testkit;

import dev.promotion.error.ArtifactNotFoundException;
import dev.promotion.error.BackendException;
import dev.promotion.error.ImmutableArtifactException;
import dev.promotion.pipeline.Names;
import dev.promotion.spi.ChartArtifact;
import dev.promotion.spi.ChartContent;
import dev.promotion.spi.ChartRegistry;
import dev.promotion.spi.PushResult;
import dev.promotion.version.ChartVersion;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A {@link ChartRegistry} held in memory: the real bytes of every chart package, with their real
 * SHA-256 digest and their annotations.
 *
 * <p>Push follows the SPI: the same digest again is {@link PushResult.AlreadyPresent}; a release
 * version is never overwritten; a pre-release is overwritten unless the registry was built with
 * {@link Builder#immutableTags(boolean) immutable tags}, like an ECR repository with tag
 * immutability. Pull streams the stored bytes in chunks and checks them against their digest.
 *
 * <p>Thread-safe; a new instance holds no chart.
 */
public final class InMemoryChartRegistry implements ChartRegistry {
  private static final String BACKEND = "in-memory registry";
  private static final int CHUNK = 64 * 1024;

  private final boolean immutableTags;
  private final Map<String, NavigableMap<ChartVersion, Stored>> charts = new HashMap<>();
  private int writes;

  /** An empty registry with mutable tags: pre-releases may be overwritten. */
  public InMemoryChartRegistry() {
    this(false);
  }

  private InMemoryChartRegistry(boolean immutableTags) {
    this.immutableTags = immutableTags;
  }

  /** A builder for a registry with non-default settings. */
  public static Builder builder() {
    return new Builder();
  }

  /** {@inheritDoc} */
  @Override
  public synchronized Optional<ChartArtifact> resolve(String chart, ChartVersion version) {
    return stored(chart, version).map(Stored::artifact);
  }

  /**
   * {@inheritDoc}
   *
   * @throws UncheckedIOException when the sink fails
   */
  @Override
  public ChartArtifact pull(String chart, ChartVersion version, OutputStream sink) {
    Objects.requireNonNull(sink, "sink");
    Stored stored;
    synchronized (this) {
      stored =
          stored(chart, version).orElseThrow(() -> new ArtifactNotFoundException(chart, version));
    }
    MessageDigest sha = ChartContent.sha256();
    byte[] bytes = stored.bytes();
    try {
      for (int offset = 0; offset < bytes.length; offset += CHUNK) {
        int length = Math.min(CHUNK, bytes.length - offset);
        sha.update(bytes, offset, length);
        sink.write(bytes, offset, length);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot write chart " + chart + " " + version + " to the sink", e);
    }
    String digest = "sha256:" + HexFormat.of().formatHex(sha.digest());
    if (!digest.equals(stored.artifact().digest())) {
      throw new BackendException(
          BACKEND,
          false,
          "chart "
              + chart
              + " "
              + version
              + " has digest "
              + digest
              + ", not "
              + stored.artifact().digest());
    }
    return stored.artifact();
  }

  /** {@inheritDoc} */
  @Override
  public PushResult push(
      String chart, ChartVersion version, ChartContent content, Map<String, String> annotations) {
    Names.requireSafe("chart", chart);
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(annotations, "annotations");
    byte[] bytes = readAll(content);
    String digest = ChartContent.digestOf(new ByteArrayInputStream(bytes));
    if (!digest.equals(content.digest())) {
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
    ChartArtifact artifact = new ChartArtifact(chart, version, digest, bytes.length, annotations);
    synchronized (this) {
      Optional<Stored> existing = stored(chart, version);
      if (existing.isPresent()) {
        ChartArtifact held = existing.get().artifact();
        if (held.digest().equals(digest)) {
          return new PushResult.AlreadyPresent(held);
        }
        if (version.isRelease() || immutableTags) {
          throw new ImmutableArtifactException(chart, version, held.digest(), digest);
        }
      }
      charts.computeIfAbsent(chart, c -> new TreeMap<>()).put(version, new Stored(bytes, artifact));
      writes++;
      return new PushResult.Pushed(artifact);
    }
  }

  /** {@inheritDoc} */
  @Override
  public synchronized List<ChartVersion> versions(String chart) {
    Names.requireSafe("chart", chart);
    NavigableMap<ChartVersion, Stored> versions = charts.get(chart);
    return versions == null ? List.of() : List.copyOf(versions.keySet());
  }

  /**
   * How many pushes wrote a package ({@link PushResult.Pushed}); idempotent pushes do not count.
   */
  public synchronized int writes() {
    return writes;
  }

  /** Whether pre-release versions are protected from being overwritten. */
  public boolean immutableTags() {
    return immutableTags;
  }

  private Optional<Stored> stored(String chart, ChartVersion version) {
    Names.requireSafe("chart", chart);
    Objects.requireNonNull(version, "version");
    NavigableMap<ChartVersion, Stored> versions = charts.get(chart);
    return versions == null ? Optional.empty() : Optional.ofNullable(versions.get(version));
  }

  private static byte[] readAll(ChartContent content) {
    try (InputStream in = content.open()) {
      ByteArrayOutputStream out =
          new ByteArrayOutputStream((int) Math.min(content.size(), 1 << 20));
      in.transferTo(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the chart package " + content, e);
    }
  }

  @Override
  public synchronized String toString() {
    Map<String, List<ChartVersion>> held = new TreeMap<>();
    charts.forEach((chart, versions) -> held.put(chart, List.copyOf(versions.keySet())));
    return "InMemoryChartRegistry" + held;
  }

  private record Stored(byte[] bytes, ChartArtifact artifact) {}

  /** Settings of an {@link InMemoryChartRegistry}. Not thread-safe. */
  public static final class Builder {
    private boolean immutableTags;

    private Builder() {}

    /**
     * Whether pushing different content under an existing pre-release version fails with {@link
     * ImmutableArtifactException} instead of overwriting it. Release versions are never overwritten
     * either way. Default: {@code false}.
     */
    public Builder immutableTags(boolean immutableTags) {
      this.immutableTags = immutableTags;
      return this;
    }

    /** A new, empty registry with these settings. */
    public InMemoryChartRegistry build() {
      return new InMemoryChartRegistry(immutableTags);
    }
  }
}
