package dev.promotion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/promotion, the launcher, run by sh on a jar that reports how it was started. */
@DisplayName("the bin/promotion launcher")
class LauncherTest {
  private static final Path SCRIPT = Path.of("bin", "promotion").toAbsolutePath();

  @TempDir Path dir;
  private Path jar;

  @BeforeEach
  void probeJar() throws Exception {
    jar = dir.resolve("promotion.jar");
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
    }
  }

  private record Run(int exit, List<String> lines) {}

  private Run launch(Map<String, String> env, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("sh", SCRIPT.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().remove("JAVA_OPTS");
    builder.environment().remove("PROMOTION_CDS");
    builder
        .environment()
        .put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
    builder.environment().putAll(env);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(process.exitValue(), output.lines().toList());
  }

  @Test
  @DisplayName("runs the jar with the quick JIT tier and the serial collector, arguments intact")
  void settingsAndArguments() throws Exception {
    Run run = launch(Map.of("PROMOTION_JAR", jar.toString()), "promote", "--to", "a b", "$HOME");

    assertThat(run.exit()).as(String.join("\n", run.lines())).isZero();
    assertThat(run.lines())
        .contains("jvm -XX:TieredStopAtLevel=1", "jvm -XX:+UseSerialGC")
        .containsSubsequence("arg promote", "arg --to", "arg a b", "arg $HOME");
  }

  @Test
  @DisplayName("JAVA_OPTS come after its settings, so they can override them")
  void javaOpts() throws Exception {
    Run run =
        launch(
            Map.of("PROMOTION_JAR", jar.toString(), "JAVA_OPTS", "-XX:TieredStopAtLevel=4 -Dx=1"));

    assertThat(run.lines())
        .containsSubsequence(
            "jvm -XX:TieredStopAtLevel=1", "jvm -XX:TieredStopAtLevel=4", "jvm -Dx=1");
  }

  @Test
  @DisplayName("PROMOTION_CDS asks for a class-data-sharing archive, and Java 17 runs regardless")
  void classDataSharing() throws Exception {
    Path archive = dir.resolve("promotion.jsa");

    Run run = launch(Map.of("PROMOTION_JAR", jar.toString(), "PROMOTION_CDS", archive.toString()));

    assertThat(run.exit()).as(String.join("\n", run.lines())).isZero();
    assertThat(run.lines())
        .contains("jvm -XX:+AutoCreateSharedArchive", "jvm -XX:SharedArchiveFile=" + archive);
  }

  @Test
  @DisplayName("passes the command's exit code on, and says how to get the jar when it is missing")
  void exitCodes() throws Exception {
    Run failed = launch(Map.of("PROMOTION_JAR", jar.toString()), "exit=3");
    Run missing = launch(Map.of("PROMOTION_JAR", dir.resolve("nowhere.jar").toString()));

    assertThat(failed.exit()).isEqualTo(3);
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.lines()).singleElement().asString().contains("PROMOTION_JAR");
  }
}
