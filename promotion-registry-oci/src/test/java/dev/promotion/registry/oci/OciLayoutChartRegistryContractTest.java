package dev.promotion.registry.oci;

import dev.promotion.spi.ChartRegistry;
import dev.promotion.testkit.contract.ChartRegistryContract;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("an OCI image-layout directory")
class OciLayoutChartRegistryContractTest extends ChartRegistryContract {
  @TempDir Path root;

  @Override
  protected ChartRegistry createRegistry() {
    return OciLayoutChartRegistry.builder().root(root).build();
  }

  @Nested
  @DisplayName("with immutable tags")
  class WithImmutableTags extends ChartRegistryContract {
    @TempDir Path immutableRoot;

    @Override
    protected ChartRegistry createRegistry() {
      return OciLayoutChartRegistry.builder().root(immutableRoot).immutableTags(true).build();
    }

    @Override
    protected boolean hasImmutableTags() {
      return true;
    }
  }
}
