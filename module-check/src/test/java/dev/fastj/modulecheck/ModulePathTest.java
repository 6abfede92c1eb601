package dev.fastj.modulecheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * fastj as an application with a module-info.java sees it: the JDK's compiler and launcher, the
 * published modules and their runtime dependencies on the module path (Maven's list of them, in
 * {@code target/module-path.txt}), nothing on the class path. The programs are in
 * {@code src/test/jpms}, outside Maven's source folders.
 */
class ModulePathTest {

  private static final Path SOURCES = Path.of(System.getProperty("fastj.checkSources", "src/test/jpms"));

  @TempDir Path work;

  private static String modulePath() throws IOException {
    Path file = Path.of(System.getProperty("fastj.modulePathFile", "target/module-path.txt"));
    return Files.readString(file).strip();
  }

  /** Compiles the module in {@code dir} into {@code out}; returns the compiler's diagnostics. */
  private static List<Diagnostic<? extends JavaFileObject>> compile(Path dir, Path out) throws IOException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    List<File> files;
    try (Stream<Path> s = Files.walk(dir)) {
      files = s.filter(p -> p.toString().endsWith(".java")).map(Path::toFile).toList();
    }
    try (StandardJavaFileManager fm = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
      // the in-process compiler's class path defaults to this JVM's, which holds fastj too
      fm.setLocation(StandardLocation.CLASS_PATH, List.of());
      List<String> options = List.of("--release", "17", "--module-path", modulePath(), "-d", out.toString());
      StringWriter log = new StringWriter();
      javac.getTask(log, fm, diagnostics, options, null, fm.getJavaFileObjectsFromFiles(files)).call();
    }
    return diagnostics.getDiagnostics();
  }

  private static String errors(List<Diagnostic<? extends JavaFileObject>> diagnostics) {
    return diagnostics.stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
        .map(d -> d.getMessage(Locale.ROOT)).collect(Collectors.joining("\n"));
  }

  @Test
  void anApplicationModule_predictsThroughTheServiceLoadedBackend_andReadsTheBundledData() throws Exception {
    Path classes = work.resolve("app");
    assertThat(errors(compile(SOURCES.resolve("app"), classes))).isEmpty();

    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p = new ProcessBuilder(java.toString(), "-Xmx512m", "-Dfastj.home=" + work.resolve("home"),
        "--module-path", modulePath() + File.pathSeparator + classes,
        "--module", "fastj.check/dev.fastj.check.ModulePathCheck", work.toString())
        .redirectErrorStream(true)
        .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("finished").isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("ok: backend onnxruntime from dev.fastj.onnx.train", "ok: bundled data: 1797 digits",
        "the exported model agrees", "module path check passed");
  }

  @Test
  void codeImportingAnInternalPackage_doesNotCompile() throws Exception {
    String errors = errors(compile(SOURCES.resolve("internal"), work.resolve("internal")));
    for (String pkg : List.of("dev.fastj.internal", "dev.fastj.data.internal", "dev.fastj.vision.internal")) {
      // "... which does not export it", or for dev.fastj.internal "... to module fastj.check.internal"
      assertThat(errors).contains("package " + pkg + " is not visible",
          "package " + pkg + " is declared in module dev.fastj.api, which does not export it");
    }
  }
}
