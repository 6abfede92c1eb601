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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
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
 * <p>{@code [--pairs P] [--steps S] [--threads K] [--config small|awd|both]}: {@code awd} is
 * fastai's AWD-LSTM layer size (emb 400, hidden 1152), {@code small} emb 64, hidden 128; both at
 * seq_len 72, batch 64.
 */
public final class LstmBench {

  private record Config(String name, int emb, int hid, int seq, int bs) {}

  private static final List<Config> CONFIGS = List.of(new Config("small", 64, 128, 72, 64),
      new Config("awd", 400, 1152, 72, 64));

  private LstmBench() {}

  /** The comparison, or {@code --worker FORMULATION EMB HID SEQ BS STEPS THREADS} (one fastj measurement). */
  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("--worker")) {
      int[] v = Arrays.stream(args, 2, 8).mapToInt(Integer::parseInt).toArray();
      double ms = fastjMsPerStep(LSTM.Formulation.valueOf(args[1]), v[0], v[1], v[2], v[3], v[4], v[5]);
      System.out.println("{\"ms_per_step\": " + ms + "}");
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
    String which = "both";
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals("--config")) {
        which = args[i + 1];
      }
    }
    String python = TorchBaseline.findPython();
    Path script = python == null ? null : BenchProcess.script(LstmBench.class, "torch_lstm.py");
    System.out.printf("LSTM train step (1 layer, forward + backward + SGD), %d timed steps after 2 warm-up, "
        + "%d pairs, %d threads each%n", steps, pairs, threads);
    for (Config c : CONFIGS) {
      if (!which.equals("both") && !which.equals(c.name())) {
        continue;
      }
      List<Double> torch = new ArrayList<>();
      List<List<Double>> fj = new ArrayList<>();
      for (LSTM.Formulation f : LSTM.Formulation.values()) {
        fj.add(new ArrayList<>());
      }
      for (int i = 0; i < pairs; i++) {
        for (LSTM.Formulation f : LSTM.Formulation.values()) {
          fj.get(f.ordinal()).add(BenchProcess.number(List.of(BenchProcess.javaBin(), "-cp",
              System.getProperty("java.class.path"), LstmBench.class.getName(), "--worker", f.name(),
              str(c.emb()), str(c.hid()), str(c.seq()), str(c.bs()), str(steps), str(threads)), "ms_per_step"));
        }
        if (python != null) {
          torch.add(BenchProcess.number(List.of(python, script.toString(), "--emb", str(c.emb()), "--hid", str(c.hid()),
              "--seq", str(c.seq()), "--bs", str(c.bs()), "--steps", str(steps), "--threads", str(threads)),
              "ms_per_step"));
        }
      }
      System.out.printf("%s: emb %d, hidden %d, seq_len %d, batch %d; PyTorch ms/step %s%n", c.name(), c.emb(),
          c.hid(), c.seq(), c.bs(), join(torch));
      for (LSTM.Formulation f : LSTM.Formulation.values()) {
        List<Double> ms = fj.get(f.ordinal());
        String ratio = "no PyTorch (python3 with torch not found)";
        if (!torch.isEmpty()) {
          List<Double> speed = new ArrayList<>();
          for (int i = 0; i < ms.size(); i++) {
            speed.add(torch.get(i) / ms.get(i));
          }
          List<Double> s = speed.stream().sorted().toList();
          ratio = String.format(Locale.ROOT, "speed vs PyTorch %.2fx [%.2f, %.2f]", BenchProcess.median(s), s.get(0),
              s.get(s.size() - 1));
        }
        System.out.printf("  %-9s ms/step %-26s %s%n", f.name().toLowerCase(Locale.ROOT), join(ms), ratio);
      }
    }
    BenchProcess.deleteScript(script);
  }

  /** Milliseconds per train step of one LSTM layer in this process. */
  static double fastjMsPerStep(LSTM.Formulation f, int emb, int hid, int seq, int bs, int steps, int threads) {
    ModelSpec spec = spec(f, emb, hid, seq, threads);
    Batch batch = batch(emb, hid, seq, bs);
    try (OnnxTrainableModel m = new OnnxTrainableModel(spec, GradientRules.defaults(), ShapeRules.defaults())) {
      for (int i = 0; i < 2; i++) {
        m.trainStep(batch, Hyper.uniform(1, 1e-3, 0.9, 0, i + 1), false);
      }
      long t0 = System.nanoTime();
      for (int i = 0; i < steps; i++) {
        m.trainStep(batch, Hyper.uniform(1, 1e-3, 0.9, 0, i + 3), false);
      }
      return (System.nanoTime() - t0) / 1e6 / steps;
    }
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

  private static String join(List<Double> v) {
    return v.stream().map(d -> String.format(Locale.ROOT, "%.1f", d)).collect(Collectors.joining(" "));
  }
}
