package dev.fastj.samples.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What {@link TrainStepBench} prints: the table (each side's rate and achieved GFLOP/s, the
 * median pairwise ratio with its min and max, each run's times) and the JSON object of
 * {@code --json}.
 *
 * <p>A side's rate is {@code batch * 1000 / ms}, where ms is the median over its runs of each
 * run's median step time; GFLOP/s divides the work fastj's graph does per step by that time. The
 * ratio is fastj's speed over PyTorch's, per pair: above 1 is fastj faster. GFLOP per CPU-second
 * divides the same work by the median CPU time per step (all the process's threads): on a shared
 * machine a side's wall time also counts the time other processes held the cores, its CPU time
 * does not, so the share of the sgemm roof is taken on CPU time.
 */
final class BenchReport {

  private final TrainStepBench.Options options;
  private final Map<StepCase, FlopCounter.Count> flops;
  private final Map<StepCase, PairedRuns.Pairs> results;
  private final String loadBefore;
  private final String loadAfter;

  BenchReport(TrainStepBench.Options options, Map<StepCase, FlopCounter.Count> flops,
      Map<StepCase, PairedRuns.Pairs> results, String loadBefore, String loadAfter) {
    this.options = options;
    this.flops = Map.copyOf(flops);
    this.results = new java.util.LinkedHashMap<>(results);
    this.loadBefore = loadBefore;
    this.loadAfter = loadAfter;
  }

  /** The report's table and notes, one line each. */
  String table() {
    String b = options.bName();
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "%-22s %5s %10s | %9s %10s %8s | %9s %10s %8s | %s%n", "case", "batch",
        "GFLOP/step", "fastj ms", "items/s", "GFLOP/s", b + " ms", "items/s", "GFLOP/s", "fastj/" + b + " [min, max]"));
    results.forEach((c, p) -> {
      double gflop = flops.get(c).flops() / 1e9;
      double fm = p.aMs().median();
      PairedRuns.Spread tm = p.bMs();
      PairedRuns.Spread r = p.ratio();
      s.append(String.format(Locale.ROOT, "%-22s %5d %10.3f | %9.2f %10s %8.1f | %9s %10s %8s | %s%n", c.label(),
          c.batch(), gflop, fm, rate(c, fm), gflop / fm * 1e3,
          tm == null ? "-" : String.format(Locale.ROOT, "%.2f", tm.median()), tm == null ? "-" : rate(c, tm.median()),
          tm == null ? "-" : String.format(Locale.ROOT, "%.1f", gflop / tm.median() * 1e3),
          r == null ? "-" : String.format(Locale.ROOT, "%.2fx [%.2f, %.2f]", r.median(), r.min(), r.max())));
    });
    s.append("each run, ms per step (CPU ms per step), in the order they ran:\n");
    results.forEach((c, p) -> s.append(String.format(Locale.ROOT, "  %-20s fastj %s%s%n", c.key(), runs(p.a()),
        p.b().isEmpty() ? "" : " | " + b + " " + runs(p.b()))));
    s.append("GFLOP/s by wall time, and per CPU-second (steadier on a shared machine) with its share of the side's "
        + "own sgemm roof per CPU-second:\n");
    PairedRuns.Pairs roof = results.get(StepCase.SGEMM);
    results.forEach((c, p) -> {
      s.append(String.format(Locale.ROOT, "  %-20s fastj %6.1f %6.1f %s", c.key(), gflops(c, p.aMs().median()),
          perCpuSecond(c, p.a()), share(c, p.a(), roof == null ? null : roof.a())));
      if (!p.b().isEmpty()) {
        s.append(String.format(Locale.ROOT, " | %s %6.1f %6.1f %s", b, gflops(c, p.bMs().median()),
            perCpuSecond(c, p.b()), share(c, p.b(), roof == null || roof.b().isEmpty() ? null : roof.b())));
        PairedRuns.Spread cr = p.cpuRatio();
        if (cr != null) {
          s.append(String.format(Locale.ROOT, " | on CPU time fastj/%s %.2fx [%.2f, %.2f]", b, cr.median(), cr.min(),
              cr.max()));
        }
      }
      s.append('\n');
    });
    long uncounted = flops.values().stream().mapToLong(f -> f.uncounted().size()).sum();
    FastjSide.Settings side = options.side();
    s.append(String.format(Locale.ROOT, "%s train steps%s; %d threads each side; %d pairs per case, each run its own "
        + "process (fastj first), %d warm-up steps untimed, then %s%n", side.fp16() ? "mixed-precision (float16)"
        : "float32", side.deterministic() ? ", deterministic compute" : "", side.threads(), options.pairs(),
        FastjSide.WARMUP, side.steps() > 0 ? side.steps() + " steps" : "at least 5 steps and " + side.seconds() + " s"));
    s.append("GFLOP/step: 2 x the multiply-accumulates of Conv, ConvTranspose, Gemm and MatMul in fastj's compiled graph"
        + (uncounted == 0 ? "" : " (" + uncounted + " nodes of unknown shape not counted)") + "\n");
    s.append("load average before: ").append(loadBefore).append("; after: ").append(loadAfter).append('\n');
    return s.toString();
  }

  /** The {@code --json} object, one line. */
  String json() {
    FastjSide.Settings side = options.side();
    StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
        "{\"side_b\":\"%s\",\"threads\":%d,\"batch\":64,\"pairs\":%d,\"precision\":\"%s\",\"deterministic\":%b,\"load_before\":\"%s\","
            + "\"load_after\":\"%s\"", options.bName(), side.threads(), options.pairs(), side.fp16() ? "mixed_fp16" : "fp32",
        side.deterministic(), loadBefore, loadAfter));
    results.forEach((c, p) -> {
      String k = c.key();
      double fm = p.aMs().median();
      s.append(String.format(Locale.ROOT, ",\"%s_gflop_per_step\":%.4f,\"%s_step_ms\":%.3f,\"%s_step_cpu_ms\":%.3f,"
          + "\"%s_items_per_s\":%.2f,\"%s_gflops\":%.2f", k, flops.get(c).flops() / 1e9, k, fm, k,
          median(p.a().stream().map(PairedRuns.Run::cpuMs).toList()), k, c.batch() * 1e3 / fm, k, gflops(c, fm)));
      s.append(String.format(Locale.ROOT, ",\"%s_gflop_per_cpu_s\":%s", k, jsonNumber(perCpuSecond(c, p.a()))));
      if (c == StepCase.MLP) {
        s.append(String.format(Locale.ROOT, ",\"mlp_steps_per_s\":%.2f", 1e3 / fm));
      }
      if (!p.b().isEmpty()) {
        double tm = p.bMs().median();
        PairedRuns.Spread r = p.ratio();
        String b = options.bName() + "_" + k;
        s.append(String.format(Locale.ROOT, ",\"%s_step_ms\":%.3f,\"%s_step_cpu_ms\":%.3f,\"%s_items_per_s\":%.2f,"
            + "\"%s_gflops\":%.2f,\"%s_gflop_per_cpu_s\":%s,\"ratio_%s\":%.3f,\"ratio_%s_min\":%.3f,\"ratio_%s_max\":%.3f",
            b, tm, b, median(p.b().stream().map(PairedRuns.Run::cpuMs).toList()), b, c.batch() * 1e3 / tm, b,
            gflops(c, tm), b, jsonNumber(perCpuSecond(c, p.b())), k, r.median(), k, r.min(), k, r.max()));
        PairedRuns.Spread cr = p.cpuRatio();
        if (cr != null) {
          s.append(String.format(Locale.ROOT, ",\"ratio_%s_cpu\":%.3f", k, cr.median()));
        }
      }
    });
    if (options.versus() == null) {
      ratio(s, StepCase.RESNET_32, "ratio_vs_torch", true);
      ratio(s, StepCase.INFER_64, "inference_ratio_vs_torch", false);
      ratio(s, StepCase.INFER_1, "inference_ratio_batch1", false);
    }
    return s.append('}').toString();
  }

  /** The headline keys: a case's median ratio under another name (and, for resnet_32, its min and max). */
  private void ratio(StringBuilder s, StepCase c, String key, boolean spread) {
    PairedRuns.Pairs p = results.get(c);
    PairedRuns.Spread r = p == null ? null : p.ratio();
    if (r != null) {
      s.append(String.format(Locale.ROOT, ",\"%s\":%.3f", key, r.median()));
      if (spread) {
        s.append(String.format(Locale.ROOT, ",\"ratio_min\":%.3f,\"ratio_max\":%.3f", r.min(), r.max()));
      }
    }
  }

  private double gflops(StepCase c, double ms) {
    return flops.get(c).flops() / 1e9 / ms * 1e3;
  }

  /** GFLOP per CPU-second: the case's work over the median of its runs' CPU time per step. */
  private double perCpuSecond(StepCase c, List<PairedRuns.Run> runs) {
    double cpuMs = median(runs.stream().map(PairedRuns.Run::cpuMs).toList());
    // a few short steps can read 0 on the process CPU clock, which ticks every 10 ms
    return cpuMs > 0 ? gflops(c, cpuMs) : Double.NaN;
  }

  private String share(StepCase c, List<PairedRuns.Run> runs, List<PairedRuns.Run> roof) {
    return roof == null ? "" : String.format(Locale.ROOT, "%4.0f%%",
        100 * perCpuSecond(c, runs) / perCpuSecond(StepCase.SGEMM, roof));
  }

  /** Two decimals, or JSON's null for a value that could not be measured. */
  private static String jsonNumber(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.2f", v) : "null";
  }

  private static String rate(StepCase c, double ms) {
    return c.kind() == StepCase.Kind.GEMM ? "-" : String.format(Locale.ROOT, "%.1f", c.batch() * 1e3 / ms);
  }

  private static double median(List<Double> v) {
    return PairedRuns.Spread.of(v).median();
  }

  private static String runs(List<PairedRuns.Run> runs) {
    return runs.stream().map(r -> String.format(Locale.ROOT, "%.2f (%.2f)", r.stepMs(), r.cpuMs()))
        .collect(Collectors.joining(" "));
  }
}
