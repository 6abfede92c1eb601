package dev.fastj.samples.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Times the benchmark's networks in PyTorch when a Python with torch is installed (Debian's
 * python3-torch, say): writes the bundled script to a temporary folder at run time and runs it.
 * PyTorch is never a dependency: without it the benchmark reports fastj's numbers alone.
 */
public final class TorchBaseline {

  private static final List<String> PYTHONS = List.of("python3", "/usr/bin/python3");

  private TorchBaseline() {}

  /**
   * Items per second by case name, timing {@code steps} steps per case or, when 0, as many as
   * fit in {@code seconds}; an empty map (with one line saying why) when torch is missing.
   */
  static Map<String, Double> run(int threads, double seconds, int steps) {
    String python = findPython();
    if (python == null) {
      System.out.println("PyTorch not found (tried " + PYTHONS + "); reporting fastj alone");
      return Map.of();
    }
    Path dir = null;
    try {
      dir = Files.createTempDirectory("fastj-bench");
      Path script = dir.resolve("torch_baseline.py");
      try (InputStream in = TorchBaseline.class.getResourceAsStream("torch_baseline.py")) {
        if (in == null) {
          throw new IllegalStateException("torch_baseline.py is missing from the fastj-samples jar");
        }
        Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
      }
      Process p = new ProcessBuilder(python, script.toString(), String.valueOf(threads),
          String.format(Locale.ROOT, "%.2f", seconds), String.valueOf(steps)).redirectErrorStream(true).start();
      Map<String, Double> out = new LinkedHashMap<>();
      StringBuilder log = new StringBuilder();
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          log.append(line).append('\n');
          String[] f = line.trim().split("\\s+");
          if (f.length == 2 && f[0].matches("[a-z_0-9]+")) {
            try {
              out.put(f[0], Double.parseDouble(f[1]));
            } catch (NumberFormatException ignored) {
              // a warning line of PyTorch's, not a result
            }
          }
        }
      }
      if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
        System.out.println("the PyTorch baseline failed; its output:\n" + log);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("could not run the PyTorch baseline with " + python + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Map.of();
    } finally {
      deleteQuietly(dir);
    }
  }

  /**
   * The first of {@code python3} and {@code /usr/bin/python3} that imports torch, or null: the
   * PyTorch baselines run with it.
   */
  public static String findPython() {
    for (String py : PYTHONS) {
      try {
        Process p = new ProcessBuilder(py, "-c", "import torch").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) {
          return py;
        }
      } catch (IOException e) {
        // not installed under this name: try the next
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
    return null;
  }

  private static void deleteQuietly(Path dir) {
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
}
