package dev.promotion.cli;

import dev.promotion.spi.ChartArtifact;
import dev.promotion.spi.ChartContent;
import dev.promotion.spi.ChartRegistry;
import dev.promotion.spi.PushResult;
import dev.promotion.version.ChartVersion;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A registry that reports the bytes of every push (read from the content) and pull (written to the
 * sink) to a {@link TransferProgress}; everything else is passed through unchanged.
 */
final class ProgressChartRegistry implements ChartRegistry {
  private final ChartRegistry registry;
  private final TransferProgress progress;

  ProgressChartRegistry(ChartRegistry registry, TransferProgress progress) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.progress = Objects.requireNonNull(progress, "progress");
  }

  @Override
  public Optional<ChartArtifact> resolve(String chart, ChartVersion version) {
    return registry.resolve(chart, version);
  }

  @Override
  public ChartArtifact pull(String chart, ChartVersion version, OutputStream sink) {
    TransferProgress.Transfer transfer =
        progress.start("pull", chart, version, OptionalLong.empty());
    try {
      ChartArtifact pulled =
          registry.pull(chart, version, new CountingOutputStream(sink, transfer));
      transfer.finish("pulled");
      return pulled;
    } catch (RuntimeException | Error e) {
      transfer.abandon();
      throw e;
    }
  }

  @Override
  public PushResult push(
      String chart, ChartVersion version, ChartContent content, Map<String, String> annotations) {
    TransferProgress.Transfer transfer =
        progress.start("push", chart, version, OptionalLong.of(content.size()));
    try {
      PushResult result =
          registry.push(chart, version, content.observed(transfer::advance), annotations);
      transfer.finish(result instanceof PushResult.Pushed ? "pushed" : "already pushed");
      return result;
    } catch (RuntimeException | Error e) {
      transfer.abandon();
      throw e;
    }
  }

  @Override
  public List<ChartVersion> versions(String chart) {
    return registry.versions(chart);
  }

  /** Counts what is written; never closes the sink (the port leaves that to the caller). */
  private static final class CountingOutputStream extends FilterOutputStream {
    private final TransferProgress.Transfer transfer;

    CountingOutputStream(OutputStream sink, TransferProgress.Transfer transfer) {
      super(sink);
      this.transfer = transfer;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      transfer.advance(1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      out.write(bytes, offset, length);
      transfer.advance(length);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
