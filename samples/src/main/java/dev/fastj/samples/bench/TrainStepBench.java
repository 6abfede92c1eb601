package dev.fastj.samples.bench;

import dev.fastj.data.Batch;
import dev.fastj.data.TensorData;
import dev.fastj.nn.AdaptiveAvgPool2d;
import dev.fastj.nn.BatchNorm2d;
import dev.fastj.nn.Conv2d;
import dev.fastj.nn.Emitter;
import dev.fastj.nn.Flatten;
import dev.fastj.nn.Linear;
import dev.fastj.nn.Loss;
import dev.fastj.nn.Module;
import dev.fastj.nn.ReLU;
import dev.fastj.nn.ResBlock;
import dev.fastj.nn.Sequential;
import dev.fastj.nn.Var;
import dev.fastj.onnx.runtime.OnnxBackend;
import dev.fastj.optim.OptimizerSpec;
import dev.fastj.spi.Device;
import dev.fastj.spi.Hyper;
import dev.fastj.spi.ModelSpec;
import dev.fastj.spi.TrainableModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The train-step benchmark ({@code ./fastj bench [--json]}): images per second of a full train
 * step (forward, backward, Adam update) of a small ResNet at 32x32 and 64x64 with batch 64, and
 * steps per second of an MLP, on the CPU. Where a Python with PyTorch is found it times the same
 * networks in PyTorch in the same run ({@link TorchBaseline}) and prints the ratio.
 *
 * <p>Each number is the median time of the measured steps. It also times an evaluation step on
 * the same batch (weights as constants once they stop changing); {@code --profile} shows where a
 * train step's time goes.
 *
 * <p>Options: {@code --json} (last line one JSON object), {@code --threads N} (default: the
 * number of processors), {@code --seconds S} per measurement (default 3), {@code --steps N}
 * (time exactly N steps instead), {@code --no-torch}, {@code --fp16} (mixed-precision train steps,
 * loss scale 1024), {@code --cuda} (the CUDA provider, falling back to the CPU),
 * {@code --deterministic} (ONNX Runtime's deterministic compute, {@link Device#withDeterministic}),
 * {@code --profile} (kernel time per operator type of the ResNet's and the MLP's train step,
 * from ONNX Runtime's profiler).
 */
public final class TrainStepBench {

  private static final int BATCH = 64;

  private TrainStepBench() {}

  /** One measured case. */
  record Result(String name, int batch, double stepMs, double evalMs, double itemsPerSecond, double cpuMs) {}

  /** Runs the benchmark; see the class comment for the options. */
  public static void main(String[] args) {
    boolean json = false;
    boolean torch = true;
    boolean profile = false;
    int threads = Runtime.getRuntime().availableProcessors();
    double seconds = 3;
    int steps = 0;
    boolean fp16 = false;
    boolean cuda = false;
    boolean deterministic = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--json" -> json = true;
        case "--fp16" -> fp16 = true;
        case "--cuda" -> cuda = true;
        case "--deterministic" -> deterministic = true;
        case "--no-torch" -> torch = false;
        case "--profile" -> profile = true;
        case "--threads" -> threads = Integer.parseInt(value(args, ++i, "--threads"));
        case "--seconds" -> seconds = Double.parseDouble(value(args, ++i, "--seconds"));
        case "--steps" -> steps = Integer.parseInt(value(args, ++i, "--steps"));
        default -> throw new IllegalArgumentException("unknown option " + args[i]
            + "; use --json, --threads N, --seconds S, --steps N, --no-torch, --profile, --fp16, --cuda, --deterministic");
      }
    }
    if (steps < 0 || threads < 1 || seconds <= 0) {
      throw new IllegalArgumentException("--steps must be 0 or more, --threads 1 or more and --seconds positive; got "
          + steps + ", " + threads + ", " + seconds);
    }
    List<Result> results = new ArrayList<>();
    Device device = (cuda ? Device.cuda(0) : Device.cpu(threads)).withDeterministic(deterministic);
    results.add(measure("resnet_32", resnet(), new long[] {3, 32, 32}, device, fp16, seconds, steps));
    results.add(measure("resnet_64", resnet(), new long[] {3, 64, 64}, device, fp16, seconds, steps));
    results.add(measure("mlp", mlp(), new long[] {784}, device, fp16, seconds, steps));
    Map<String, Double> torchIps = torch ? TorchBaseline.run(threads, seconds, steps) : Map.of();

    System.out.printf(Locale.ROOT, "%-10s %6s %10s %10s %12s %12s %12s %8s%n", "net", "batch", "step ms", "cpu ms",
        "eval ms", "items/s", "torch it/s", "ratio");
    for (Result r : results) {
      Double t = torchIps.get(r.name());
      System.out.printf(Locale.ROOT, "%-10s %6d %10.2f %10.2f %12.2f %12.1f %12s %8s%n", r.name(), r.batch(),
          r.stepMs(), r.cpuMs(), r.evalMs(), r.itemsPerSecond(), t == null ? "-" : String.format(Locale.ROOT, "%.1f", t),
          t == null ? "-" : String.format(Locale.ROOT, "%.2f", r.itemsPerSecond() / t));
    }
    System.out.printf(Locale.ROOT, "%s train steps%s; ", fp16 ? "mixed-precision (float16)" : "float32",
        deterministic ? ", deterministic compute" : "");
    System.out.printf(Locale.ROOT, "threads %d; eval = an evaluation step on the same batch (weights as constants"
        + " once they stop changing); --profile shows where a train step's time goes%n", threads);
    if (profile) {
      for (Object[] c : new Object[][] {{"resnet_32", resnet(), new long[] {3, 32, 32}}, {"mlp", mlp(), new long[] {784}}}) {
        Batch b = batch((long[]) c[2]);
        Map<String, Long> perOp = StepProfile.run(spec((Module) c[1], (long[]) c[2], threads), b.input(), b.target(), 5);
        System.out.print(StepProfile.table((String) c[0], perOp, 5));
      }
    }
    if (json) {
      System.out.println(toJson(results, torchIps, threads, fp16, deterministic));
    }
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }

  /** The small ResNet: a 3x3 stem, three basic blocks (32, 64, 128 channels), pooling, a linear head. */
  static Module resnet() {
    return Sequential.of(
        Conv2d.of(3, 32, 3).withPadding(1).withBias(false), BatchNorm2d.of(32), ReLU.create(),
        ResBlock.of(32, 32, 1), ResBlock.of(32, 64, 2), ResBlock.of(64, 128, 2),
        AdaptiveAvgPool2d.of(1), Flatten.create(), Linear.of(128, 10));
  }

  /** The MLP: 784 -> 1000 -> 1000 -> 10 with ReLUs (1.8M parameters). */
  static Module mlp() {
    return Sequential.of(Linear.of(784, 1000), ReLU.create(), Linear.of(1000, 1000), ReLU.create(),
        Linear.of(1000, 10));
  }

  private static ModelSpec spec(Module net, long[] item, int threads) {
    return spec(net, item, Device.cpu(threads));
  }

  private static ModelSpec spec(Module net, long[] item, Device device) {
    return new ModelSpec(net, item, new SoftmaxCrossEntropy(), OptimizerSpec.Adam.defaults(), 1, device);
  }

  /** A batch of 64 Gaussian items of shape {@code item} with labels 0-9, the same each run. */
  private static Batch batch(long[] item) {
    Random rnd = new Random(0);
    long[] shape = new long[item.length + 1];
    shape[0] = BATCH;
    System.arraycopy(item, 0, shape, 1, item.length);
    float[] x = new float[(int) TensorData.numel(shape)];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rnd.nextGaussian();
    }
    long[] y = new long[BATCH];
    for (int i = 0; i < BATCH; i++) {
      y[i] = rnd.nextInt(10);
    }
    return new Batch(List.of(TensorData.ofFloats(x, shape)), List.of(TensorData.ofLongs(y, BATCH)), new int[BATCH]);
  }

  /** Times {@code steps} train steps, or as many as fit in {@code seconds} (at least 5) when 0. */
  private static Result measure(String name, Module net, long[] item, Device device, boolean fp16, double seconds,
      int steps) {
    ModelSpec spec = spec(net, item, device);
    Batch batch = batch(item);
    double scale = fp16 ? 1024 : 1;
    try (TrainableModel m = new OnnxBackend().compile(spec)) {
      m.setMixedPrecision(fp16);
      long step = 1;
      for (int i = 0; i < 3; i++) {
        m.trainStep(batch, Hyper.uniform(1, 1e-3, 0.9, 0.01, step++).withLossScale(scale), false);
      }
      List<Long> times = new ArrayList<>();
      long deadline = System.nanoTime() + (long) (seconds * 1e9);
      long c0 = processCpuNanos();
      while (steps > 0 ? times.size() < steps : times.size() < 5 || System.nanoTime() < deadline) {
        long t0 = System.nanoTime();
        m.trainStep(batch, Hyper.uniform(1, 1e-3, 0.9, 0.01, step++).withLossScale(scale), false);
        times.add(System.nanoTime() - t0);
      }
      double stepMs = median(times) / 1e6;
      // the mean: the process CPU clock ticks too coarsely (10 ms) for a per-step median
      double cpuMs = (processCpuNanos() - c0) / 1e6 / times.size();
      m.evalStep(batch);
      times.clear();
      deadline = System.nanoTime() + (long) (seconds / 3 * 1e9);
      while (steps > 0 ? times.size() < steps : times.size() < 5 || System.nanoTime() < deadline) {
        long t0 = System.nanoTime();
        m.evalStep(batch);
        times.add(System.nanoTime() - t0);
      }
      double evalMs = median(times) / 1e6;
      return new Result(name, BATCH, stepMs, evalMs, BATCH * 1000.0 / stepMs, cpuMs);
    }
  }

  /**
   * CPU time of this process (all threads, ONNX Runtime's pool included): on a shared machine a
   * step's CPU time varies much less than its wall time, so changes are compared on it.
   */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
        .getOperatingSystemMXBean()).getProcessCpuTime();
  }

  /** The median: robust to the other processes of a shared machine stealing a few steps. */
  private static double median(List<Long> nanos) {
    List<Long> sorted = new ArrayList<>(nanos);
    java.util.Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
  }

  private static String toJson(List<Result> results, Map<String, Double> torch, int threads, boolean fp16,
      boolean deterministic) {
    StringBuilder s = new StringBuilder("{\"threads\":").append(threads).append(",\"batch\":").append(BATCH)
        .append(",\"precision\":\"").append(fp16 ? "mixed_fp16" : "fp32").append("\",\"deterministic\":")
        .append(deterministic);
    for (Result r : results) {
      s.append(String.format(Locale.ROOT,
          ",\"%s_items_per_s\":%.2f,\"%s_step_ms\":%.3f,\"%s_step_cpu_ms\":%.3f,\"%s_eval_ms\":%.3f",
          r.name(), r.itemsPerSecond(), r.name(), r.stepMs(), r.name(), r.cpuMs(), r.name(), r.evalMs()));
      if (r.name().equals("mlp")) {
        s.append(String.format(Locale.ROOT, ",\"mlp_steps_per_s\":%.2f", 1000.0 / r.stepMs()));
      }
    }
    Map<String, Double> ratios = new LinkedHashMap<>();
    for (Result r : results) {
      Double t = torch.get(r.name());
      if (t != null) {
        s.append(String.format(Locale.ROOT, ",\"torch_%s_items_per_s\":%.2f", r.name(), t));
        ratios.put(r.name(), r.itemsPerSecond() / t);
      }
    }
    if (ratios.containsKey("resnet_32")) {
      s.append(String.format(Locale.ROOT, ",\"ratio_vs_torch\":%.3f", ratios.get("resnet_32")));
    }
    ratios.forEach((k, v) -> s.append(String.format(Locale.ROOT, ",\"ratio_%s\":%.3f", k, v)));
    return s.append('}').toString();
  }

  /**
   * Softmax cross-entropy on class indices for the benchmark: mean over rows of
   * -log_softmax(output)[target] with a one-hot product (fastai's CrossEntropyLossFlat computes
   * the same; the benchmark keeps its own so it depends on nothing but the layers).
   */
  static final class SoftmaxCrossEntropy implements Loss {
    @Override
    public Var forward(Emitter e, Var output, Var target) {
      Var logp = e.op("LogSoftmax", List.of(output), Map.of("axis", 1L));
      Var oneHot = e.op("OneHot", List.of(target, e.constantLongs(new long[] {10}, 1),
          e.constant(new float[] {0f, 1f}, 2)), Map.of("axis", 1L));
      Var rows = e.op("ReduceSum", List.of(e.op("Mul", logp, oneHot), e.constantLongs(new long[] {1}, 1)),
          Map.of("keepdims", 0L));
      return e.op("Neg", e.op("ReduceMean", List.of(rows), Map.of("keepdims", 0L)));
    }

    @Override
    public TensorData.DType targetType() {
      return TensorData.DType.INT64;
    }
  }
}
