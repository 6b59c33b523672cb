package dev.promotion.chart;

import dev.promotion.error.InvalidChartException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The files of a chart directory that {@code helm package} would include: every regular file not
 * left out by {@code .helmignore}, symbolic links followed as Helm follows them, as long as they
 * stay inside the chart directory.
 */
final class ChartDirectory {
  /** A file to package: its path relative to the chart root, where to read it, its size. */
  record ChartFile(String relativePath, Path source, long size) {}

  private record Pending(Path directory, String relativePath, Set<Path> ancestors) {}

  private final Path root;
  private final HelmIgnore rules;
  private final ChartLimits limits;
  private final List<ChartFile> files = new ArrayList<>();
  private final Deque<Pending> pending = new ArrayDeque<>();
  private long total;

  private ChartDirectory(Path root, HelmIgnore rules, ChartLimits limits) {
    this.root = root;
    this.rules = rules;
    this.limits = limits;
  }

  /**
   * Lists the files of the chart at {@code root} (a real path), sorted by relative path.
   *
   * @throws InvalidChartException for a symbolic link leaving the chart directory, a link loop, a
   *     file that is not regular, a malformed {@code .helmignore} or a broken limit
   */
  static List<ChartFile> files(Path root, ChartLimits limits) {
    return new ChartDirectory(root, rulesOf(root), limits).files();
  }

  private static HelmIgnore rulesOf(Path root) {
    Path file = root.resolve(HelmIgnore.FILE_NAME);
    if (!Files.isRegularFile(file)) {
      return HelmIgnore.defaults();
    }
    try {
      return HelmIgnore.parse(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
  }

  private List<ChartFile> files() {
    pending.push(new Pending(root, "", Set.of(root)));
    while (!pending.isEmpty()) {
      Pending directory = pending.pop();
      for (Path child : children(directory.directory())) {
        visit(directory, child);
      }
    }
    files.sort(Comparator.comparing(ChartFile::relativePath));
    return files;
  }

  /** Applies Helm's rules to one directory entry, as Helm's walk does, in the same order. */
  private void visit(Pending parent, Path child) {
    String relative = parent.relativePath() + child.getFileName();
    Path target = resolved(child, relative);
    BasicFileAttributes attributes = attributes(target);
    boolean directory = attributes.isDirectory();
    if (rules.ignores(relative, directory)) {
      return;
    }
    requireInside(target, relative);
    if (directory) {
      enter(parent, target, relative);
    } else if (attributes.isRegularFile()) {
      add(new ChartFile(relative, target, attributes.size()));
    } else {
      throw new InvalidChartException(
          "the chart directory holds a file that is not a regular file", relative);
    }
  }

  private void enter(Pending parent, Path target, String relative) {
    if (parent.ancestors().contains(target)) {
      throw new InvalidChartException("a symbolic link loops back to a parent directory", relative);
    }
    Set<Path> ancestors = new HashSet<>(parent.ancestors());
    ancestors.add(target);
    pending.push(new Pending(target, relative + "/", ancestors));
  }

  private void add(ChartFile file) {
    files.add(file);
    total += file.size();
    requireWithinLimits(files.size(), file.size(), total, file.relativePath());
  }

  private void requireWithinLimits(int count, long size, long total, String relative) {
    if (count > limits.maxEntries()) {
      throw new InvalidChartException(
          "the chart directory holds more than " + limits.maxEntries() + " files", relative);
    }
    if (size > limits.maxEntryBytes()) {
      throw new InvalidChartException(
          "a file of " + size + " bytes is larger than " + limits.maxEntryBytes(), relative);
    }
    if (total > limits.maxTotalBytes()) {
      throw new InvalidChartException(
          "the chart's files add up to more than " + limits.maxTotalBytes() + " bytes", relative);
    }
  }

  private static List<Path> children(Path directory) {
    try (Stream<Path> list = Files.list(directory)) {
      return list.sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + directory, e);
    }
  }

  /**
   * The real file behind {@code child}. A dangling link is refused, as Helm refuses it; a link out
   * of the chart is refused only if its file is packaged ({@link #requireInside}).
   */
  private static Path resolved(Path child, String relative) {
    if (!Files.isSymbolicLink(child)) {
      return child;
    }
    try {
      return child.toRealPath();
    } catch (NoSuchFileException e) {
      throw new InvalidChartException("a symbolic link points to nothing", relative, e);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot resolve " + child, e);
    }
  }

  private void requireInside(Path target, String relative) {
    if (!target.startsWith(root)) {
      throw new InvalidChartException(
          "a symbolic link points outside the chart directory", relative);
    }
  }

  private static BasicFileAttributes attributes(Path path) {
    try {
      return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the attributes of " + path, e);
    }
  }
}
