package dev.fastj.samples.bench;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Finds the Python that runs the benchmarks' PyTorch sides (Debian's python3-torch, say): the
 * bundled scripts (torch_baseline.py, torch_lstm.py, torch_tabular.py) are written to a temporary
 * folder at run time ({@link BenchProcess#script}) and run with it. PyTorch is never a
 * dependency: without it each benchmark reports fastj's numbers alone.
 */
public final class TorchBaseline {

  private static final List<String> PYTHONS = List.of("python3", "/usr/bin/python3");

  private TorchBaseline() {}

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
}
