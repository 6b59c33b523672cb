package dev.promotion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/promotion, the launcher, run by sh on a jar that reports how it was started. */
@DisplayName("the bin/promotion launcher")
class LauncherTest {
  private static final Path SCRIPT = Path.of("bin", "promotion").toAbsolutePath();

  /** Where the probe's class comes from when the JVM maps it from an archive. */
  private static final String FROM_ARCHIVE =
      LauncherProbe.class.getName() + " source: shared objects file";

  @TempDir Path dir;
  private Path jar;

  @BeforeEach
  void probeJar() throws Exception {
    jar = dir.resolve("promotion.jar");
    writeProbeJar(jar, Map.of());
  }

  /** The probe jar, with {@code extra} entries (another build of the "same" jar). */
  static void writeProbeJar(Path jar, Map<String, String> extra) throws IOException {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, LauncherProbe.class.getName());
    String entry = LauncherProbe.class.getName().replace('.', '/') + ".class";
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file, manifest);
        InputStream in = LauncherProbe.class.getClassLoader().getResourceAsStream(entry)) {
      out.putNextEntry(new JarEntry(entry));
      in.transferTo(out);
      out.closeEntry();
      for (Map.Entry<String, String> e : extra.entrySet()) {
        out.putNextEntry(new JarEntry(e.getKey()));
        out.write(e.getValue().getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
      }
    }
  }

  /** A Java installation the launcher is tested on: its java command and feature release. */
  record Java(Path command, int major) {
    boolean aot() {
      return major >= 24;
    }

    String extension() {
      return aot() ? ".aot" : ".jsa";
    }

    @Override
    public String toString() {
      return "Java " + major;
    }
  }

  /**
   * The Java that runs the build (17) and, when one is installed under /usr/lib/jvm (or named by
   * PROMOTION_TEST_JAVA25_HOME), a Java 24 or later for the AOT cache. A fresh CI machine may have
   * no Java 25: then the tests run on the build's Java alone, with the same assertions.
   */
  static List<Java> javas() throws IOException {
    List<Java> javas = new ArrayList<>();
    Path home = Path.of(System.getProperty("java.home"));
    javas.add(new Java(home.resolve("bin/java"), Runtime.version().feature()));
    List<Path> homes = new ArrayList<>();
    Optional.ofNullable(System.getenv("PROMOTION_TEST_JAVA25_HOME"))
        .map(Path::of)
        .ifPresent(homes::add);
    Path jvms = Path.of("/usr/lib/jvm");
    if (Files.isDirectory(jvms)) {
      try (Stream<Path> list = Files.list(jvms)) {
        list.sorted().forEach(homes::add);
      }
    }
    for (Path candidate : homes) {
      int major = feature(candidate);
      if (major >= 24 && Files.isExecutable(candidate.resolve("bin/java"))) {
        javas.add(new Java(candidate.resolve("bin/java"), major));
        break;
      }
    }
    return javas;
  }

  private static int feature(Path home) throws IOException {
    Path release = home.resolve("release");
    if (!Files.isRegularFile(release)) {
      return 0;
    }
    for (String line : Files.readAllLines(release, StandardCharsets.UTF_8)) {
      if (line.startsWith("JAVA_VERSION=")) {
        String version = line.substring("JAVA_VERSION=".length()).replace("\"", "");
        return Integer.parseInt(version.split("[.+-]")[0]);
      }
    }
    return 0;
  }

  private record Run(int exit, List<String> lines, String err) {
    /** Only what the probe printed: no JVM or archive message reached stdout. */
    boolean stdoutClean() {
      return !lines.isEmpty()
          && lines.stream().allMatch(l -> l.startsWith("jvm ") || l.startsWith("arg "));
    }

    String describe() {
      return String.join("\n", lines) + "\n--- stderr\n" + err;
    }
  }

  private Run launch(Map<String, String> env, String... args) throws Exception {
    Map<String, String> all = new HashMap<>();
    all.put("PROMOTION_CDS", "off");
    all.putAll(env);
    return launch(Path.of(System.getProperty("java.home"), "bin", "java"), all, args);
  }

  private Run launch(Path java, Map<String, String> env, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("sh", SCRIPT.toString()));
    command.addAll(List.of(args));
    Path err = Files.createTempFile(dir, "stderr", ".txt");
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(err.toFile());
    builder.environment().remove("JAVA_OPTS");
    builder.environment().remove("PROMOTION_CDS");
    builder.environment().remove("CI");
    builder.environment().remove("XDG_CACHE_HOME");
    builder.environment().put("HOME", dir.resolve("home").toString());
    builder.environment().put("PROMOTION_JAR", jar.toString());
    builder.environment().put("JAVA", java.toString());
    env.forEach(
        (name, value) -> {
          if (value == null) {
            builder.environment().remove(name);
          } else {
            builder.environment().put(name, value);
          }
        });
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Run(
        process.exitValue(),
        output.lines().toList(),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  private static List<String> files(Path directory) throws IOException {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    try (Stream<Path> list = Files.list(directory)) {
      return list.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static Path onlyArchive(Path directory, Java java) throws IOException {
    List<String> names = files(directory);
    assertThat(names)
        .as("the archive directory holds one archive and no temporary file")
        .singleElement()
        .asString()
        .startsWith("promotion-" + java.major() + "-")
        .endsWith(java.extension());
    return directory.resolve(names.get(0));
  }

  /** Runs once more with class-load logging: the probe's class comes from the archive. */
  private void assertMapped(Java java, Path cds, Path archive) throws Exception {
    Run run =
        launch(
            java.command(),
            Map.of("PROMOTION_CDS", cds.toString(), "JAVA_OPTS", "-Xlog:class+load=info:stderr"));
    assertThat(run.exit()).as(run.describe()).isZero();
    assertThat(run.stdoutClean()).as(run.describe()).isTrue();
    assertThat(run.lines())
        .as(java + " maps the archive")
        .contains(
            java.aot() ? "jvm -XX:AOTCache=" + archive : "jvm -XX:SharedArchiveFile=" + archive);
    assertThat(run.err())
        .as(java + ": the probe's class is loaded from the archive")
        .contains(FROM_ARCHIVE);
  }

  @Test
  @DisplayName(
      "runs the jar with the quick JIT tier, the serial collector and JVM output on stderr,"
          + " arguments intact")
  void settingsAndArguments() throws Exception {
    Run run = launch(Map.of(), "promote", "--to", "a b", "$HOME");

    assertThat(run.exit()).as(run.describe()).isZero();
    assertThat(run.lines())
        .contains(
            "jvm -XX:TieredStopAtLevel=1",
            "jvm -XX:+UseSerialGC",
            "jvm -XX:+DisplayVMOutputToStderr",
            "jvm -Xlog:all=warning:stderr")
        .containsSubsequence("arg promote", "arg --to", "arg a b", "arg $HOME");
    assertThat(run.lines()).noneMatch(l -> l.contains("Archive") || l.contains("AOT"));
  }

  @Test
  @DisplayName("JAVA_OPTS come after its settings, so they can override them")
  void javaOpts() throws Exception {
    Run run = launch(Map.of("JAVA_OPTS", "-XX:TieredStopAtLevel=4 -Dx=1"));

    assertThat(run.lines())
        .containsSubsequence(
            "jvm -XX:TieredStopAtLevel=1", "jvm -XX:TieredStopAtLevel=4", "jvm -Dx=1");
  }

  @Test
  @DisplayName(
      "with PROMOTION_CDS the first run writes the start-up archive (dynamic AppCDS on Java 17,"
          + " the AOT cache on Java 24+) and the second maps it, stdout clean; on Java 17 and, only"
          + " where one is installed, Java 25")
  void archiveWrittenThenMapped() throws Exception {
    for (Java java : javas()) {
      Path cds = dir.resolve("cds-" + java.major());

      Run first = launch(java.command(), Map.of("PROMOTION_CDS", cds.toString()), "status");

      assertThat(first.exit()).as(first.describe()).isZero();
      assertThat(first.stdoutClean()).as(java + ": " + first.describe()).isTrue();
      assertThat(first.lines())
          .as(java + " writes the archive on the first run")
          .anyMatch(
              java.aot()
                  ? l -> l.equals("jvm -XX:AOTMode=record")
                  : l -> l.startsWith("jvm -XX:ArchiveClassesAtExit=" + cds + "/.tmp-"))
          .contains("arg status");
      Path archive = onlyArchive(cds, java);
      assertMapped(java, cds, archive);
    }
  }

  @Test
  @DisplayName(
      "another build of the jar finds no archive under its name: it writes a new one, which"
          + " replaces the stale one; on Java 17 and, only where one is installed, Java 25")
  void staleArchiveReplaced() throws Exception {
    for (Java java : javas()) {
      writeProbeJar(jar, Map.of());
      Path cds = dir.resolve("stale-" + java.major());
      launch(java.command(), Map.of("PROMOTION_CDS", cds.toString()));
      Path old = onlyArchive(cds, java);

      writeProbeJar(jar, Map.of("build.txt", "second build"));
      Files.setLastModifiedTime(
          jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 10_000));
      Run rebuilt = launch(java.command(), Map.of("PROMOTION_CDS", cds.toString()));

      assertThat(rebuilt.exit()).as(rebuilt.describe()).isZero();
      assertThat(rebuilt.stdoutClean()).as(rebuilt.describe()).isTrue();
      Path fresh = onlyArchive(cds, java);
      assertThat(fresh).as(java + ": a new archive replaced the stale one").isNotEqualTo(old);
      assertMapped(java, cds, fresh);
    }
  }

  @Test
  @DisplayName(
      "a damaged archive is ignored without a word and the command succeeds; on Java 17 and,"
          + " only where one is installed, Java 25")
  void damagedArchive() throws Exception {
    for (Java java : javas()) {
      Path cds = dir.resolve("damaged-" + java.major());
      launch(java.command(), Map.of("PROMOTION_CDS", cds.toString()));
      Path archive = onlyArchive(cds, java);
      archive.toFile().setWritable(true);
      Files.writeString(archive, "not an archive");

      Run run = launch(java.command(), Map.of("PROMOTION_CDS", cds.toString()), "status");

      assertThat(run.exit()).as(run.describe()).isZero();
      assertThat(run.stdoutClean()).as(run.describe()).isTrue();
      assertThat(run.lines()).contains("arg status");
      assertThat(run.err()).as(java + ": no archive warning").isEmpty();
    }
  }

  @Test
  @DisplayName(
      "an archive directory that cannot be created does not fail the command; on Java 17 and,"
          + " only where one is installed, Java 25")
  void unwritableLocation() throws Exception {
    Path file = Files.writeString(dir.resolve("a-file"), "x");
    for (Java java : javas()) {
      Path cds = file.resolve("cds");

      Run run = launch(java.command(), Map.of("PROMOTION_CDS", cds.toString()), "status");

      assertThat(run.exit()).as(run.describe()).isZero();
      assertThat(run.stdoutClean()).as(run.describe()).isTrue();
      assertThat(run.lines()).contains("arg status").noneMatch(l -> l.contains("Archive"));
      assertThat(Files.readString(file)).isEqualTo("x");
    }
  }

  @Test
  @DisplayName(
      "JAVA_OPTS that choose class-data sharing themselves (-Xshare:off) win: no archive flag, none"
          + " written, the command runs; on Java 17 and, only where one is installed, Java 25")
  void javaOptsChooseSharing() throws Exception {
    for (Java java : javas()) {
      Path cds = dir.resolve("xshare-" + java.major());

      Run run =
          launch(
              java.command(),
              Map.of("PROMOTION_CDS", cds.toString(), "JAVA_OPTS", "-Xshare:off"),
              "status");

      assertThat(run.exit()).as(run.describe()).isZero();
      assertThat(run.lines())
          .contains("jvm -Xshare:off", "arg status")
          .noneMatch(l -> l.contains("Archive") || l.contains("AOT"));
      assertThat(files(cds)).isEmpty();
    }
  }

  @Test
  @DisplayName(
      "four first runs at once each write their own temporary file and rename it: one archive"
          + " remains, no temporary file, every command succeeds")
  void concurrentFirstRuns() throws Exception {
    Path cds = dir.resolve("concurrent");
    List<Process> processes = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      ProcessBuilder builder =
          new ProcessBuilder("sh", SCRIPT.toString(), "run=" + i)
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .redirectOutput(dir.resolve("out-" + i).toFile());
      builder.environment().remove("JAVA_OPTS");
      builder.environment().remove("CI");
      builder.environment().put("PROMOTION_JAR", jar.toString());
      builder.environment().put("PROMOTION_CDS", cds.toString());
      builder
          .environment()
          .put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
      processes.add(builder.start());
    }
    for (Process process : processes) {
      assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).isZero();
    }

    Java java = javas().get(0);
    Path archive = onlyArchive(cds, java);
    assertMapped(java, cds, archive);
  }

  @Test
  @DisplayName(
      "a command that fails keeps no archive (it may have stopped before loading most classes)"
          + " and its exit code passes on")
  void failedFirstRun() throws Exception {
    Path cds = dir.resolve("failed");

    Run run = launch(Map.of("PROMOTION_CDS", cds.toString()), "exit=3");

    assertThat(run.exit()).isEqualTo(3);
    assertThat(files(cds)).isEmpty();
  }

  @Test
  @DisplayName(
      "without PROMOTION_CDS the archive goes to $XDG_CACHE_HOME/promotion, except under"
          + " CI=true, where a fresh runner would pay for it and never use it")
  void defaultLocation() throws Exception {
    Path cache = dir.resolve("xdg");
    Map<String, String> local = new HashMap<>(Map.of("XDG_CACHE_HOME", cache.toString()));
    local.put("PROMOTION_CDS", null);
    Map<String, String> ci = new HashMap<>(local);
    ci.put("CI", "true");
    Path home = dir.resolve("home");

    Run onCi = launch(ci);
    Run onLaptop = launch(local);

    assertThat(onCi.exit()).isZero();
    assertThat(onCi.lines()).noneMatch(l -> l.contains("Archive") || l.contains("AOT"));
    assertThat(onLaptop.exit()).as(onLaptop.describe()).isZero();
    onlyArchive(cache.resolve("promotion"), javas().get(0));
    assertThat(files(home)).isEmpty();
  }

  @Test
  @DisplayName("a java command outside a Java home (no release file) runs without an archive")
  void javaWithoutRelease() throws Exception {
    Path wrapper = dir.resolve("bin").resolve("java");
    Files.createDirectories(wrapper.getParent());
    Files.writeString(
        wrapper,
        "#!/bin/sh\nexec '"
            + Path.of(System.getProperty("java.home"), "bin", "java")
            + "' \"$@\"\n");
    wrapper.toFile().setExecutable(true);
    Path cds = dir.resolve("wrapped");

    Run run = launch(wrapper, Map.of("PROMOTION_CDS", cds.toString()), "status");

    assertThat(run.exit()).as(run.describe()).isZero();
    assertThat(run.lines()).contains("arg status", "jvm -XX:TieredStopAtLevel=1");
    assertThat(files(cds)).isEmpty();
  }

  @Test
  @DisplayName("passes the command's exit code on, and says how to get the jar when it is missing")
  void exitCodes() throws Exception {
    Run failed = launch(Map.of(), "exit=3");
    Run missing = launch(Map.of("PROMOTION_JAR", dir.resolve("nowhere.jar").toString()));

    assertThat(failed.exit()).isEqualTo(3);
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.lines()).isEmpty();
    assertThat(missing.err()).contains("PROMOTION_JAR");
  }
}
