package dev.promotion.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.promotion.error.ArtifactNotFoundException;
import dev.promotion.error.ImmutableArtifactException;
import dev.promotion.spi.ChartArtifact;
import dev.promotion.spi.ChartContent;
import dev.promotion.spi.ChartRegistry;
import dev.promotion.spi.PushResult;
import dev.promotion.testkit.fixture.ChartFixture;
import dev.promotion.version.ChartVersion;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rules every {@link ChartRegistry} follows, as tests. Extend it and implement {@link
 * #createRegistry()}; override {@link #hasImmutableTags()} when the registry under test refuses to
 * overwrite pre-release versions too:
 *
 * <pre>{@code
 * class EcrChartRegistryContractTest extends ChartRegistryContract {
 *   @Override
 *   protected ChartRegistry createRegistry() {
 *     return EcrChartRegistry.builder().client(clientForFreshWireMock()).build();
 *   }
 * }
 * }</pre>
 *
 * <p>The tests push real Helm chart packages ({@link ChartFixture}) of the charts {@value #API} and
 * {@value #WEB}; a registry that needs its repositories to exist beforehand (ECR) creates them in
 * {@link #createRegistry()}. One test pushes a package of several megabytes from a file.
 */
public abstract class ChartRegistryContract {
  /** A chart the tests push. */
  protected static final String API = "api";

  /** A second chart. */
  protected static final String WEB = "web";

  /** The size of the large package, in bytes, before compression. */
  protected static final int LARGE_PAYLOAD = 6 * 1024 * 1024;

  private static final ChartVersion RC = ChartVersion.parse("0.2.0-rc.abc1234");
  private static final ChartVersion RELEASE = ChartVersion.parse("0.2.0");

  private ChartRegistry registry;

  /**
   * Creates the registry under test. Called before each test; the registry holds no version of the
   * charts {@value #API} and {@value #WEB}.
   */
  protected abstract ChartRegistry createRegistry();

  /**
   * Whether the registry under test refuses to overwrite a pre-release version with different
   * content (ECR tag immutability). Release versions are never overwritten either way. Default:
   * {@code false}, the registry overwrites pre-releases.
   */
  protected boolean hasImmutableTags() {
    return false;
  }

  @BeforeEach
  void createFreshRegistry() {
    registry = createRegistry();
  }

  @Nested
  @DisplayName("resolving a version")
  class Resolving {
    @Test
    @DisplayName("a chart the registry has never held resolves to nothing")
    void unknownChart() {
      assertThat(registry.resolve(API, RC)).isEmpty();
    }

    @Test
    @DisplayName("a version the registry does not hold resolves to nothing")
    void unknownVersion() {
      push(API, RC, ChartFixture.chart(API, RC).content());

      assertThat(registry.resolve(API, RELEASE)).isEmpty();
      assertThat(registry.resolve(API, ChartVersion.parse("0.2.0-rc.def5678"))).isEmpty();
    }

    @Test
    @DisplayName("a pushed version resolves to its chart, version, digest and size")
    void resolvesPushed() {
      ChartContent content = ChartFixture.chart(API, RC).content();
      push(API, RC, content);

      ChartArtifact artifact = registry.resolve(API, RC).orElseThrow();

      assertThat(artifact.chart()).isEqualTo(API);
      assertThat(artifact.version()).isEqualTo(RC);
      assertThat(artifact.digest()).isEqualTo(content.digest());
      assertThat(artifact.size()).isEqualTo(content.size());
    }

    @Test
    @DisplayName("the digest is the SHA-256 of the package bytes")
    void digestIsSha256OfBytes() {
      byte[] bytes = ChartFixture.packageChart(API, RC.toString());
      push(API, RC, ChartContent.of(bytes));

      assertThat(registry.resolve(API, RC).orElseThrow().digest())
          .matches(ChartArtifact.DIGEST)
          .isEqualTo("sha256:" + sha256Hex(bytes));
    }
  }

  @Nested
  @DisplayName("pulling")
  class Pulling {
    @Test
    @DisplayName("pull streams exactly the pushed bytes into the sink")
    void pullsPushedBytes() {
      byte[] bytes = ChartFixture.packageChart(API, RC.toString());
      push(API, RC, ChartContent.of(bytes));
      ByteArrayOutputStream sink = new ByteArrayOutputStream();

      ChartArtifact pulled = registry.pull(API, RC, sink);

      assertThat(sink.toByteArray()).isEqualTo(bytes);
      assertThat(pulled.chart()).isEqualTo(API);
      assertThat(pulled.version()).isEqualTo(RC);
      assertThat(pulled.digest()).isEqualTo("sha256:" + sha256Hex(bytes));
      assertThat(pulled.size()).isEqualTo(bytes.length);
    }

    @Test
    @DisplayName("pull leaves the sink open")
    void leavesSinkOpen() {
      push(API, RC, ChartFixture.chart(API, RC).content());
      ClosingTrackingStream sink = new ClosingTrackingStream();

      registry.pull(API, RC, sink);

      assertThat(sink.closed).as("sink closed by pull").isFalse();
      assertThat(sink.size()).isPositive();
    }

    @Test
    @DisplayName(
        "pulling a version the registry does not hold throws ArtifactNotFoundException naming it")
    void pullUnknown() {
      push(API, RC, ChartFixture.chart(API, RC).content());
      ByteArrayOutputStream sink = new ByteArrayOutputStream();

      ArtifactNotFoundException e =
          catchThrowableOfType(
              ArtifactNotFoundException.class, () -> registry.pull(API, RELEASE, sink));

      assertThat(e).as("pulling a missing version").isNotNull();
      assertThat(e.chart()).isEqualTo(API);
      assertThat(e.version()).isEqualTo(RELEASE);
      assertThat(sink.size()).isZero();
    }

    @Test
    @DisplayName("a chart the registry has never held cannot be pulled")
    void pullUnknownChart() {
      assertThatThrownBy(() -> registry.pull(WEB, RC, new ByteArrayOutputStream()))
          .isInstanceOf(ArtifactNotFoundException.class);
    }

    @Test
    @DisplayName("a multi-megabyte package pushed from a file is pulled back intact")
    void largePackage(@TempDir Path dir) throws IOException {
      byte[] payload = new byte[LARGE_PAYLOAD];
      new Random(42).nextBytes(payload);
      Path file = ChartFixture.chart(API, RC).file("files/payload.bin", payload).writePackage(dir);
      ChartContent content = ChartContent.of(file);
      push(API, RC, content);
      DigestingStream sink = new DigestingStream();

      ChartArtifact pulled = registry.pull(API, RC, sink);

      assertThat(sink.count).isEqualTo(Files.size(file)).isGreaterThan(LARGE_PAYLOAD);
      assertThat(sink.digest()).isEqualTo(content.digest());
      assertThat(pulled.digest()).isEqualTo(content.digest());
      assertThat(pulled.size()).isEqualTo(Files.size(file));
    }
  }

  @Nested
  @DisplayName("pushing")
  class Pushing {
    @Test
    @DisplayName("a new version is pushed")
    void pushesNew() {
      ChartContent content = ChartFixture.chart(API, RC).content();

      PushResult result = registry.push(API, RC, content, Map.of());

      assertThat(result).isInstanceOf(PushResult.Pushed.class);
      assertThat(result.artifact().chart()).isEqualTo(API);
      assertThat(result.artifact().version()).isEqualTo(RC);
      assertThat(result.artifact().digest()).isEqualTo(content.digest());
      assertThat(result.artifact().size()).isEqualTo(content.size());
    }

    @Test
    @DisplayName("pushing the same content again is AlreadyPresent and changes nothing")
    void idempotent() {
      ChartContent content = ChartFixture.chart(API, RELEASE).content();
      push(API, RELEASE, content);

      PushResult again =
          registry.push(API, RELEASE, ChartFixture.chart(API, RELEASE).content(), Map.of());

      assertThat(again).isInstanceOf(PushResult.AlreadyPresent.class);
      assertThat(again.artifact().digest()).isEqualTo(content.digest());
      assertThat(registry.versions(API)).containsExactly(RELEASE);
    }

    @Test
    @DisplayName("a release version is never overwritten with different content")
    void releaseIsImmutable() {
      byte[] original = ChartFixture.packageChart(API, RELEASE.toString());
      push(API, RELEASE, ChartContent.of(original));
      ChartContent different = ChartFixture.chart(API, RELEASE).description("changed").content();

      ImmutableArtifactException e =
          catchThrowableOfType(
              ImmutableArtifactException.class,
              () -> registry.push(API, RELEASE, different, Map.of()));

      assertThat(e).as("overwriting a release").isNotNull();
      assertThat(e.chart()).isEqualTo(API);
      assertThat(e.version()).isEqualTo(RELEASE);
      assertThat(e.existingDigest()).isEqualTo("sha256:" + sha256Hex(original));
      assertThat(e.newDigest()).isEqualTo(different.digest());
      assertThat(pull(API, RELEASE)).isEqualTo(original);
    }

    @Test
    @DisplayName("a pre-release with different content is overwritten only where tags are mutable")
    void preReleaseMutability() {
      byte[] original = ChartFixture.packageChart(API, RC.toString());
      push(API, RC, ChartContent.of(original));
      ChartContent rebuilt = ChartFixture.chart(API, RC).description("rebuilt").content();

      if (hasImmutableTags()) {
        assertThatThrownBy(() -> registry.push(API, RC, rebuilt, Map.of()))
            .isInstanceOf(ImmutableArtifactException.class);
        assertThat(registry.resolve(API, RC).orElseThrow().digest())
            .isEqualTo("sha256:" + sha256Hex(original));
      } else {
        assertThat(registry.push(API, RC, rebuilt, Map.of())).isInstanceOf(PushResult.Pushed.class);
        assertThat(registry.resolve(API, RC).orElseThrow().digest()).isEqualTo(rebuilt.digest());
        assertThat(pull(API, RC)).isEqualTo(pull(rebuilt));
      }
    }

    @Test
    @DisplayName("annotations are kept with the version")
    void keepsAnnotations() {
      Map<String, String> annotations =
          Map.of(
              ChartArtifact.SOURCE_COMMIT,
              "abc1234def5678abc1234def5678abc1234def56",
              ChartArtifact.RELEASE_CANDIDATE,
              RC.toString());

      PushResult result =
          registry.push(API, RELEASE, ChartFixture.chart(API, RELEASE).content(), annotations);

      assertThat(result.artifact().annotations()).containsAllEntriesOf(annotations);
      assertThat(registry.resolve(API, RELEASE).orElseThrow().annotations())
          .containsAllEntriesOf(annotations);
    }

    @Test
    @DisplayName("the same version of different charts does not interfere")
    void chartsAreIndependent() {
      ChartContent api = ChartFixture.chart(API, RELEASE).content();
      ChartContent web = ChartFixture.chart(WEB, RELEASE).content();

      assertThat(registry.push(API, RELEASE, api, Map.of())).isInstanceOf(PushResult.Pushed.class);
      assertThat(registry.push(WEB, RELEASE, web, Map.of())).isInstanceOf(PushResult.Pushed.class);

      assertThat(registry.resolve(API, RELEASE).orElseThrow().digest()).isEqualTo(api.digest());
      assertThat(registry.resolve(WEB, RELEASE).orElseThrow().digest()).isEqualTo(web.digest());
    }

    @Test
    @DisplayName("concurrent pushes of the same content all succeed and store it once")
    void concurrentIdenticalPushes() throws Exception {
      ChartContent content = ChartFixture.chart(API, RELEASE).content();
      List<Callable<PushResult>> pushes = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        pushes.add(() -> registry.push(API, RELEASE, content, Map.of()));
      }

      List<Object> outcomes = Concurrently.run(pushes);

      assertThat(outcomes).allSatisfy(o -> assertThat(o).isInstanceOf(PushResult.class));
      assertThat(outcomes).anySatisfy(o -> assertThat(o).isInstanceOf(PushResult.Pushed.class));
      assertThat(registry.versions(API)).containsExactly(RELEASE);
      assertThat(registry.resolve(API, RELEASE).orElseThrow().digest()).isEqualTo(content.digest());
    }
  }

  @Nested
  @DisplayName("listing versions")
  class Listing {
    @Test
    @DisplayName("a chart the registry has never held has no versions")
    void unknownChart() {
      assertThat(registry.versions(API)).isEmpty();
    }

    @Test
    @DisplayName("versions are listed in ascending SemVer order")
    void semverOrder() {
      List<String> pushed =
          List.of("0.10.0", "0.2.0", "0.2.0-rc.abc1234", "1.0.0", "0.2.0-rc.1a2b3c4", "0.9.1");
      for (String version : pushed) {
        push(API, ChartVersion.parse(version), ChartFixture.packageChartContent(API, version));
      }

      assertThat(registry.versions(API))
          .extracting(ChartVersion::toString)
          .containsExactly(
              "0.2.0-rc.1a2b3c4", "0.2.0-rc.abc1234", "0.2.0", "0.9.1", "0.10.0", "1.0.0");
    }

    @Test
    @DisplayName("lists only the chart asked for")
    void onlyThatChart() {
      push(API, RC, ChartFixture.chart(API, RC).content());
      push(WEB, RELEASE, ChartFixture.chart(WEB, RELEASE).content());

      assertThat(registry.versions(API)).containsExactly(RC);
      assertThat(registry.versions(WEB)).containsExactly(RELEASE);
    }
  }

  /** The registry of the running test, as {@link #createRegistry()} made it. */
  protected final ChartRegistry registry() {
    return registry;
  }

  private void push(String chart, ChartVersion version, ChartContent content) {
    assertThat(registry.push(chart, version, content, Map.of()))
        .as("pushing %s %s", chart, version)
        .isInstanceOf(PushResult.Pushed.class);
  }

  private byte[] pull(String chart, ChartVersion version) {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    registry.pull(chart, version, sink);
    return sink.toByteArray();
  }

  private static byte[] pull(ChartContent content) {
    try (var in = content.open()) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static final class ClosingTrackingStream extends ByteArrayOutputStream {
    private boolean closed;

    @Override
    public void close() {
      closed = true;
    }
  }

  private static final class DigestingStream extends OutputStream {
    private final MessageDigest sha = ChartContent.sha256();
    private long count;

    @Override
    public void write(int b) {
      sha.update((byte) b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      sha.update(b, off, len);
      count += len;
    }

    String digest() {
      return "sha256:" + HexFormat.of().formatHex(sha.digest());
    }
  }
}
