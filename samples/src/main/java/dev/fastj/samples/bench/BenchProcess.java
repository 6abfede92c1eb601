package dev.fastj.samples.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the benchmarks that compare with PyTorch share: each measurement runs in a child process
 * of its own (a JVM or a Python script bundled beside the class), prints one JSON number, and
 * the parent takes the median of the pairwise ratios.
 */
final class BenchProcess {

  private BenchProcess() {}

  /**
   * Runs {@code cmd} and returns the number it printed as {@code "key": value}. Neither side's idle
   * threads spin: PyTorch's OpenMP threads spin while they wait and fastj's ONNX Runtime threads do
   * not, and on a busy machine spinning took a 2-thread PyTorch step from 2 ms to 130 ms.
   */
  static double number(List<String> cmd, String key) throws IOException, InterruptedException {
    return number(output(cmd, Map.of()), key, cmd);
  }

  /**
   * Runs {@code cmd} with {@code env} added to this process's environment and returns what it
   * printed (standard output and error), or throws with that output when it failed. Idle OpenMP
   * threads sleep ({@code OMP_WAIT_POLICY=PASSIVE}), and so do OpenBLAS's
   * ({@code OPENBLAS_THREAD_TIMEOUT=4}: they spin 2^4 cycles instead of 2^28 after each call;
   * Debian's PyTorch runs its Linear layers on OpenBLAS, and 50 512x512 products 10 ms apart took
   * 0.43 s of CPU time with OpenBLAS's default and 0.21 s with 4).
   */
  static String output(List<String> cmd, Map<String, String> env) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
    pb.environment().put("OPENBLAS_THREAD_TIMEOUT", "4");
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(20, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IllegalStateException("benchmark process " + cmd.get(0) + " failed:\n" + out);
    }
    return out;
  }

  /** The number {@code out} (what {@code cmd} printed) holds as {@code "key": value}. */
  static double number(String out, String key, List<String> cmd) {
    Matcher m = Pattern.compile("\"" + Pattern.quote(key) + "\":\\s*([0-9.eE+-]+)").matcher(out);
    if (!m.find()) {
      throw new IllegalStateException("benchmark process " + cmd.get(0) + " printed no " + key + ":\n" + out);
    }
    return Double.parseDouble(m.group(1));
  }

  /** The resource {@code name} next to {@code owner} written to a new temporary folder. */
  static Path script(Class<?> owner, String name) throws IOException {
    Path dir = Files.createTempDirectory("fastj-bench");
    Path script = dir.resolve(name);
    try (InputStream in = owner.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the samples jar");
      }
      Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
    }
    return script;
  }

  /** Deletes a script written by {@link #script} and its folder. */
  static void deleteScript(Path script) throws IOException {
    if (script != null) {
      Files.deleteIfExists(script);
      Files.deleteIfExists(script.getParent());
    }
  }

  /** Deletes {@code dir} and the files in it, if it exists; a folder left behind is harmless. */
  static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try (var files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Files.deleteIfExists(f);
      }
      Files.deleteIfExists(dir);
    } catch (IOException ignored) {
      // a temporary folder left behind is harmless
    }
  }

  /** This JVM's java launcher, for child JVMs. */
  static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** The integer after {@code name} in {@code args}, or {@code dflt}. */
  static int intArg(String[] args, String name, int dflt) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return Integer.parseInt(args[i + 1]);
      }
    }
    return dflt;
  }

  /** The median of sorted values. */
  static double median(List<Double> sorted) {
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
