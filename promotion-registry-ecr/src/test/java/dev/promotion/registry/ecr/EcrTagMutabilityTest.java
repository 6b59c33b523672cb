package dev.promotion.registry.ecr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promotion.error.ImmutableArtifactException;
import dev.promotion.spi.ChartContent;
import dev.promotion.spi.PushResult;
import dev.promotion.testkit.fixture.ChartFixture;
import dev.promotion.version.ChartVersion;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ECR tag mutability with exclusion filters is decided per tag")
class EcrTagMutabilityTest {
  private static final String REPOSITORY = "charts/api";
  private static final ChartVersion RC = ChartVersion.parse("0.2.0-rc.abc1234");
  private static final ChartVersion RELEASE = ChartVersion.parse("0.2.0");

  private FakeEcr fake;
  private EcrChartRegistry registry;

  @BeforeEach
  void startFake() {
    fake = FakeEcr.launch();
    registry = EcrChartRegistryContractTest.ecrRegistry(fake);
  }

  @AfterEach
  void stopFake() {
    registry.close();
    fake.close();
  }

  @Test
  @DisplayName(
      "IMMUTABLE_WITH_EXCLUSION: a pre-release matching an exclusion filter is mutable and is"
          + " overwritten")
  void immutableWithExclusionMatchingTagIsMutable() {
    fake.createRepository(REPOSITORY, "IMMUTABLE_WITH_EXCLUSION", "*-rc.*");
    registry.push("api", RC, first(RC), Map.of());
    ChartContent second = second(RC);

    PushResult result = registry.push("api", RC, second, Map.of());

    assertThat(result).isInstanceOf(PushResult.Pushed.class);
    assertThat(registry.resolve("api", RC).orElseThrow().digest()).isEqualTo(second.digest());
  }

  @Test
  @DisplayName(
      "IMMUTABLE_WITH_EXCLUSION: a pre-release no filter matches is immutable, and a release is"
          + " never overwritten even when a filter matches it")
  void immutableWithExclusionOtherTagsStayImmutable() {
    fake.createRepository(REPOSITORY, "IMMUTABLE_WITH_EXCLUSION", "0.3.*", "0.2.0");
    registry.push("api", RC, first(RC), Map.of());
    registry.push("api", RELEASE, first(RELEASE), Map.of());
    String rcDigest = fake.tags(REPOSITORY).get(RC.toString());
    String releaseDigest = fake.tags(REPOSITORY).get(RELEASE.toString());

    assertThatThrownBy(() -> registry.push("api", RC, second(RC), Map.of()))
        .isInstanceOf(ImmutableArtifactException.class);
    assertThatThrownBy(() -> registry.push("api", RELEASE, second(RELEASE), Map.of()))
        .isInstanceOf(ImmutableArtifactException.class);
    assertThat(fake.tags(REPOSITORY))
        .containsEntry(RC.toString(), rcDigest)
        .containsEntry(RELEASE.toString(), releaseDigest);
  }

  @Test
  @DisplayName(
      "MUTABLE_WITH_EXCLUSION: a pre-release matching an exclusion filter is immutable: refused"
          + " before anything is uploaded")
  void mutableWithExclusionMatchingTagIsImmutable() {
    fake.createRepository(REPOSITORY, "MUTABLE_WITH_EXCLUSION", "*-rc.*");
    registry.push("api", RC, first(RC), Map.of());
    String held = fake.tags(REPOSITORY).get(RC.toString());
    fake.resetCounters();

    assertThatThrownBy(() -> registry.push("api", RC, second(RC), Map.of()))
        .isInstanceOf(ImmutableArtifactException.class);
    assertThat(fake.tags(REPOSITORY)).containsEntry(RC.toString(), held);
    assertThat(fake.calls("InitiateLayerUpload")).as("layer uploads").isZero();
    assertThat(fake.calls("PutImage")).as("PutImage calls").isZero();
  }

  @Test
  @DisplayName("MUTABLE_WITH_EXCLUSION: a pre-release no filter matches is mutable")
  void mutableWithExclusionOtherTagsStayMutable() {
    fake.createRepository(REPOSITORY, "MUTABLE_WITH_EXCLUSION", "latest", "0.2.0");
    registry.push("api", RC, first(RC), Map.of());
    ChartContent second = second(RC);

    assertThat(registry.push("api", RC, second, Map.of())).isInstanceOf(PushResult.Pushed.class);
    assertThat(registry.resolve("api", RC).orElseThrow().digest()).isEqualTo(second.digest());
  }

  @Test
  @DisplayName(
      "a wildcard filter matches the whole tag, * standing for any run of characters, the rest"
          + " literally")
  void wildcardMatching() {
    assertThat(EcrChartRegistry.wildcard("0.2.0").matcher("0.2.0").matches()).isTrue();
    assertThat(EcrChartRegistry.wildcard("0.2.0").matcher("0.2.0-rc.abc1234").matches()).isFalse();
    assertThat(EcrChartRegistry.wildcard("0.2.0").matcher("0x2y0").matches()).isFalse();
    assertThat(EcrChartRegistry.wildcard("*-rc.*").matcher("0.2.0-rc.abc1234").matches()).isTrue();
    assertThat(EcrChartRegistry.wildcard("*-rc.*").matcher("0.2.0").matches()).isFalse();
    assertThat(EcrChartRegistry.wildcard("0.*").matcher("0.").matches()).isTrue();
    assertThat(EcrChartRegistry.wildcard("*").matcher("anything").matches()).isTrue();
  }

  private static ChartContent first(ChartVersion version) {
    return ChartFixture.chart("api", version).content();
  }

  private static ChartContent second(ChartVersion version) {
    return ChartFixture.chart("api", version).file("templates/extra.yaml", "x: 1\n").content();
  }
}
