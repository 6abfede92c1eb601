package dev.fastj.samples.bench;

import dev.fastj.data.Batch;
import dev.fastj.data.InputSpec;
import dev.fastj.data.TensorData;
import dev.fastj.nn.LSTM;
import dev.fastj.nn.MSELossFlat;
import dev.fastj.onnx.autodiff.GradientRules;
import dev.fastj.onnx.graph.ShapeRules;
import dev.fastj.onnx.runtime.OnnxTrainableModel;
import dev.fastj.optim.OptimizerSpec;
import dev.fastj.spi.Device;
import dev.fastj.spi.Hyper;
import dev.fastj.spi.ModelSpec;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * The train step of one LSTM layer (batch-first [N, T, C] input, zero initial state, MSE of every
 * step's hidden state against zeros, SGD with momentum) in each of fastj's ONNX formulations
 * ({@link LSTM.Formulation}: the recurrence unrolled from element-wise operators, or ONNX's
 * LSTM operator with fastj's gradient rule) against PyTorch's {@code nn.LSTM} doing the same
 * (the bundled torch_lstm.py). Each measurement runs in its own process, one after the other
 * (unrolled, operator, PyTorch, and again), times {@code --steps} steps after two warm-up steps
 * (the first also compiles the graph), and the report gives each formulation's median of the
 * pairwise ratios to PyTorch with their spread: these machines are shared and noisy.
 *
 * <p>{@code --profile FORMULATION EMB HID SEQ BS} prints the kernel time per operator type instead.
 *
 * <p>{@code [--pairs P] [--steps S] [--threads K] [--config small|awd|both]
 * [--formulation all|unrolled|onnx_op] [--versus CLASSPATH]}: {@code awd} is fastai's AWD-LSTM
 * layer size (emb 400, hidden 1152), {@code small} emb 64, hidden 128; both at seq_len 72, batch
 * 64. With {@code --versus}, side B is another fastj build instead of PyTorch (before and after a
 * change): its library comes from CLASSPATH and its worker is this class, so both sides time
 * alike. Each run reports wall and process CPU time per step; CPU time leaves out the time other
 * processes held the cores, so on a shared machine its ratios are the steadier ones.
 */
public final class LstmBench {

  private record Config(String name, int emb, int hid, int seq, int bs) {}

  private static final List<Config> CONFIGS = List.of(new Config("small", 64, 128, 72, 64),
      new Config("awd", 400, 1152, 72, 64));

  private LstmBench() {}

  /**
   * The comparison, or {@code --worker FORMULATION EMB HID SEQ BS STEPS THREADS} (one fastj
   * measurement, printed as {@code {"ms_per_step": ..., "cpu_ms_per_step": ...}}).
   */
  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("--worker")) {
      int[] v = Arrays.stream(args, 2, 8).mapToInt(Integer::parseInt).toArray();
      PairedRuns.Run r = fastjRun(LSTM.Formulation.valueOf(args[1]), v[0], v[1], v[2], v[3], v[4], v[5]);
      System.out.printf(Locale.ROOT, "{\"ms_per_step\": %.6f, \"cpu_ms_per_step\": %.6f}%n", r.stepMs(), r.cpuMs());
      return;
    }
    if (args.length > 0 && args[0].equals("--profile")) {
      int[] v = Arrays.stream(args, 2, 6).mapToInt(Integer::parseInt).toArray();
      LSTM.Formulation f = LSTM.Formulation.valueOf(args[1]);
      ModelSpec spec = spec(f, v[0], v[1], v[2], 2);
      Batch b = batch(v[0], v[1], v[2], v[3]);
      System.out.print(StepProfile.table(f.name(), StepProfile.run(spec, b.input(), b.target(), 3), 3));
      return;
    }
    int pairs = BenchProcess.intArg(args, "--pairs", 3);
    int steps = BenchProcess.intArg(args, "--steps", 3);
    int threads = BenchProcess.intArg(args, "--threads", 2);
    String which = stringArg(args, "--config", "both");
    String versus = stringArg(args, "--versus", null);
    List<LSTM.Formulation> forms = formulations(stringArg(args, "--formulation", "all"));
    String python = versus == null ? TorchBaseline.findPython() : null;
    Path script = python == null ? null : BenchProcess.script(LstmBench.class, "torch_lstm.py");
    String own = System.getProperty("java.class.path");
    // side B's library from the other build, timed by this build's worker, so both sides time alike
    String other = versus == null ? null : harness() + File.pathSeparator + versus;
    System.out.printf("LSTM train step (1 layer, forward + backward + SGD), %d timed steps after 2 warm-up, "
        + "%d pairs, %d threads each%s%n", steps, pairs, threads,
        versus == null ? "" : "; side B: fastj from " + versus);
    for (Config c : CONFIGS) {
      if (!which.equals("both") && !which.equals(c.name())) {
        continue;
      }
      Map<LSTM.Formulation, List<PairedRuns.Run>> a = new EnumMap<>(LSTM.Formulation.class);
      Map<LSTM.Formulation, List<PairedRuns.Run>> b = new EnumMap<>(LSTM.Formulation.class);
      List<PairedRuns.Run> torch = new ArrayList<>();
      List<String> loads = new ArrayList<>();
      for (int i = 0; i < pairs; i++) {
        loads.add(TrainStepBench.loadAverage());
        for (LSTM.Formulation f : forms) {
          a.computeIfAbsent(f, k -> new ArrayList<>()).add(worker(own, f, c, steps, threads));
          if (other != null) {
            b.computeIfAbsent(f, k -> new ArrayList<>()).add(worker(other, f, c, steps, threads));
          }
        }
        if (python != null) {
          String out = BenchProcess.output(List.of(python, script.toString(), "--emb", str(c.emb()), "--hid",
              str(c.hid()), "--seq", str(c.seq()), "--bs", str(c.bs()), "--steps", str(steps), "--threads",
              str(threads)), Map.of());
          torch.add(new PairedRuns.Run(BenchProcess.number(out, "ms_per_step", List.of(python)),
              BenchProcess.number(out, "cpu_ms_per_step", List.of(python)), steps));
        }
      }
      System.out.printf("%s: emb %d, hidden %d, seq_len %d, batch %d; load average before each pair: %s%n", c.name(),
          c.emb(), c.hid(), c.seq(), c.bs(), String.join(" | ", loads));
      if (versus == null) {
        System.out.printf("  %-9s ms/step %-26s cpu ms/step %s%n", "pytorch", join(torch, PairedRuns.Run::stepMs),
            join(torch, PairedRuns.Run::cpuMs));
      }
      for (LSTM.Formulation f : forms) {
        List<PairedRuns.Run> ms = a.get(f);
        String name = f.name().toLowerCase(Locale.ROOT);
        System.out.printf("  %-9s ms/step %-26s cpu ms/step %s%n", name, join(ms, PairedRuns.Run::stepMs),
            join(ms, PairedRuns.Run::cpuMs));
        if (versus != null) {
          List<PairedRuns.Run> base = b.get(f);
          System.out.printf("  %-9s ms/step %-26s cpu ms/step %s%n", "  base", join(base, PairedRuns.Run::stepMs),
              join(base, PairedRuns.Run::cpuMs));
          System.out.println("    this build's speed over base: " + ratios(new PairedRuns.Pairs(ms, base)));
        } else if (!torch.isEmpty()) {
          System.out.println("    speed vs PyTorch: " + ratios(new PairedRuns.Pairs(ms, torch)));
        } else {
          System.out.println("    no PyTorch (python3 with torch not found)");
        }
      }
    }
    BenchProcess.deleteScript(script);
  }

  static List<LSTM.Formulation> formulations(String name) {
    if (name.equals("all")) {
      return List.of(LSTM.Formulation.values());
    }
    for (LSTM.Formulation f : LSTM.Formulation.values()) {
      if (f.name().equalsIgnoreCase(name)) {
        return List.of(f);
      }
    }
    throw new IllegalArgumentException("--formulation must be all or one of "
        + Arrays.toString(LSTM.Formulation.values()).toLowerCase(Locale.ROOT) + ", got " + name);
  }

  /** Where this class was loaded from (the samples jar or classes folder). */
  private static String harness() throws Exception {
    return Path.of(LstmBench.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }

  private static PairedRuns.Run worker(String classPath, LSTM.Formulation f, Config c, int steps, int threads)
      throws Exception {
    List<String> cmd = List.of(BenchProcess.javaBin(), "-cp", classPath, LstmBench.class.getName(), "--worker",
        f.name(), str(c.emb()), str(c.hid()), str(c.seq()), str(c.bs()), str(steps), str(threads));
    String out = BenchProcess.output(cmd, Map.of());
    return new PairedRuns.Run(BenchProcess.number(out, "ms_per_step", cmd),
        BenchProcess.number(out, "cpu_ms_per_step", cmd), steps);
  }

  private static String ratios(PairedRuns.Pairs p) {
    PairedRuns.Spread w = p.ratio();
    PairedRuns.Spread cpu = p.cpuRatio();
    return String.format(Locale.ROOT, "wall %.2fx [%.2f, %.2f]", w.median(), w.min(), w.max())
        + (cpu == null ? "" : String.format(Locale.ROOT, ", cpu %.2fx [%.2f, %.2f]", cpu.median(), cpu.min(),
            cpu.max()));
  }

  private static String stringArg(String[] args, String name, String dflt) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return dflt;
  }

  /** Wall milliseconds and process CPU milliseconds (all threads) per train step of one LSTM layer, in this process. */
  static PairedRuns.Run fastjRun(LSTM.Formulation f, int emb, int hid, int seq, int bs, int steps, int threads) {
    ModelSpec spec = spec(f, emb, hid, seq, threads);
    Batch batch = batch(emb, hid, seq, bs);
    try (OnnxTrainableModel m = new OnnxTrainableModel(spec, GradientRules.defaults(), ShapeRules.defaults())) {
      for (int i = 0; i < 2; i++) {
        m.trainStep(batch, Hyper.uniform(1, 1e-3, 0.9, 0, i + 1), false);
      }
      long t0 = System.nanoTime();
      long c0 = processCpuNanos();
      for (int i = 0; i < steps; i++) {
        m.trainStep(batch, Hyper.uniform(1, 1e-3, 0.9, 0, i + 3), false);
      }
      return new PairedRuns.Run((System.nanoTime() - t0) / 1e6 / steps, (processCpuNanos() - c0) / 1e6 / steps, steps);
    }
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static ModelSpec spec(LSTM.Formulation f, int emb, int hid, int seq, int threads) {
    return new ModelSpec(LSTM.of(emb, hid).withFormulation(f), List.of(InputSpec.of(seq, emb)),
        MSELossFlat.create(), new OptimizerSpec.Sgd(0.9, 0, false, false), 0, Device.cpu(threads));
  }

  private static Batch batch(int emb, int hid, int seq, int bs) {
    Random r = new Random(0);
    float[] x = new float[bs * seq * emb];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextGaussian();
    }
    return new Batch(List.of(TensorData.ofFloats(x, bs, seq, emb)),
        List.of(TensorData.zeros(TensorData.DType.FLOAT32, bs, seq, hid)), new int[bs]);
  }

  private static String str(int v) {
    return Integer.toString(v);
  }

  private static String join(List<PairedRuns.Run> runs, ToDoubleFunction<PairedRuns.Run> f) {
    return runs.stream().map(r -> String.format(Locale.ROOT, "%.1f", f.applyAsDouble(r)))
        .collect(Collectors.joining(" "));
  }
}
