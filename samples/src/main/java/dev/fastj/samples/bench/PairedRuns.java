package dev.fastj.samples.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Two sides measured in turn, A B A B..., each run a process of its own while the other side is
 * idle, and what their pairwise ratios say. On a shared machine the load moves between one
 * minute and the next: a ratio of two runs taken one after the other sees about the same load,
 * where two averages taken minutes apart do not, so the report is the median of the per-pair
 * ratios, with their min and max as the spread.
 */
final class PairedRuns {

  private PairedRuns() {}

  /**
   * One run's measurement.
   *
   * @param stepMs median wall-clock milliseconds per timed step
   * @param cpuMs mean process CPU milliseconds per timed step (all threads)
   * @param steps how many steps were timed (after the warm-up)
   */
  record Run(double stepMs, double cpuMs, int steps) {
    Run {
      if (!(stepMs > 0) || Double.isInfinite(stepMs)) {
        throw new IllegalArgumentException("a run's time per step must be positive and finite, got " + stepMs);
      }
    }
  }

  /** One side's measurement, run once per pair. */
  @FunctionalInterface
  interface Side {
    /** Runs one measurement (in a child process) and returns it. */
    Run run() throws IOException, InterruptedException;
  }

  /**
   * Both sides' runs in the order they ran ({@code b} empty when there was no B side).
   *
   * @param a runs of side A (fastj), one per pair
   * @param b runs of side B (PyTorch), one per pair, or none
   */
  record Pairs(List<Run> a, List<Run> b) {
    Pairs {
      a = List.copyOf(a);
      b = List.copyOf(b);
      if (!b.isEmpty() && b.size() != a.size()) {
        throw new IllegalArgumentException("side B has " + b.size() + " runs for side A's " + a.size());
      }
    }

    /**
     * Per pair, A's speed over B's ({@code b.stepMs / a.stepMs}: above 1 is A faster); empty
     * without a B side.
     */
    List<Double> ratios() {
      List<Double> r = new ArrayList<>();
      for (int i = 0; i < b.size(); i++) {
        r.add(b.get(i).stepMs() / a.get(i).stepMs());
      }
      return r;
    }

    /**
     * Per pair, B's CPU time per step over A's: the ratio a shared machine disturbs least, since a
     * side's CPU time leaves out the time other processes held the cores; empty without a B side
     * or when a run's CPU time read 0 (a few short steps on a 10 ms clock).
     */
    List<Double> cpuRatios() {
      List<Double> r = new ArrayList<>();
      for (int i = 0; i < b.size(); i++) {
        if (a.get(i).cpuMs() <= 0 || b.get(i).cpuMs() <= 0) {
          return List.of();
        }
        r.add(b.get(i).cpuMs() / a.get(i).cpuMs());
      }
      return r;
    }

    /** The spread of {@link #cpuRatios()}, or null when there are none. */
    Spread cpuRatio() {
      List<Double> r = cpuRatios();
      return r.isEmpty() ? null : Spread.of(r);
    }

    /** The spread of {@link #ratios()}, or null without a B side. */
    Spread ratio() {
      return b.isEmpty() ? null : Spread.of(ratios());
    }

    /** The spread of A's milliseconds per step. */
    Spread aMs() {
      return Spread.of(a.stream().map(Run::stepMs).toList());
    }

    /** The spread of B's milliseconds per step, or null without a B side. */
    Spread bMs() {
      return b.isEmpty() ? null : Spread.of(b.stream().map(Run::stepMs).toList());
    }
  }

  /**
   * The median, min and max of some values.
   *
   * @param median the middle value (the mean of the two middle ones for an even count)
   * @param min the smallest
   * @param max the largest
   */
  record Spread(double median, double min, double max) {
    /** The spread of {@code values}, which must not be empty. */
    static Spread of(List<Double> values) {
      if (values.isEmpty()) {
        throw new IllegalArgumentException("no values to take a median of");
      }
      List<Double> sorted = values.stream().sorted().toList();
      return new Spread(BenchProcess.median(sorted), sorted.get(0), sorted.get(sorted.size() - 1));
    }
  }

  /**
   * Runs {@code a} then {@code b}, {@code pairs} times (A B A B...); {@code b} may be null (only
   * A runs). Each call returns before the next starts, so the sides never overlap.
   */
  static Pairs alternate(int pairs, Side a, Side b) throws IOException, InterruptedException {
    if (pairs < 1) {
      throw new IllegalArgumentException("--pairs must be at least 1, got " + pairs);
    }
    List<Run> ra = new ArrayList<>();
    List<Run> rb = new ArrayList<>();
    for (int i = 0; i < pairs; i++) {
      ra.add(a.run());
      if (b != null) {
        rb.add(b.run());
      }
    }
    return new Pairs(ra, rb);
  }
}
