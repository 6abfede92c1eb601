package dev.fastj.samples.bench;

import dev.fastj.data.Batch;
import dev.fastj.spi.Device;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The train-step benchmark ({@code ./fastj bench}): fastj against PyTorch on the cases of
 * {@link StepCase} (train steps of a small ResNet at 32 and 64 px and of an MLP at batch 64,
 * inference of the ResNet at batch 64 and 1, and a 2048^3 sgemm as the roof).
 *
 * <p>Each measurement runs in a child process of its own while the other side is idle: fastj in
 * a JVM ({@link FastjSide}), PyTorch in the bundled torch_baseline.py; this JVM only waits. The
 * sides alternate, fastj then PyTorch, {@code --pairs} times per case, and the report gives each
 * side's rate (the median over its runs), the work per step counted on fastj's compiled graph
 * ({@link FlopCounter}) with each side's achieved GFLOP/s, and the median of the pairwise speed
 * ratios with their min and max ({@link PairedRuns}): these machines are shared and noisy. Both
 * sides use {@code --threads} threads, neither side's idle threads spin (ONNX Runtime's
 * intra-op spinning is off; PyTorch runs with {@code torch.set_num_threads},
 * {@code OMP_WAIT_POLICY=PASSIVE} and OpenBLAS's spin shortened), and warm-up steps are not timed.
 * Without a Python that imports torch it reports fastj alone.
 *
 * <p>Run with {@code --help} for the options.
 */
public final class TrainStepBench {

  private TrainStepBench() {}

  /**
   * The parsed options.
   *
   * @param side how each run is timed and where it runs
   * @param pairs fastj/PyTorch pairs per case
   * @param cases the cases to measure, in order
   * @param json print one JSON object last
   * @param torch compare with PyTorch where it is installed
   * @param profile print the kernel time per operator of the train steps afterwards
   * @param help print the usage and stop
   * @param versus the class path of another fastj build to measure as side B instead of PyTorch
   *     (before and after a change, alternating like PyTorch), or null
   */
  record Options(FastjSide.Settings side, int pairs, List<StepCase> cases, boolean json, boolean torch,
      boolean profile, boolean help, String versus) {

    /** Side B's name in the report and the JSON keys: {@code torch}, or {@code base} with {@link #versus}. */
    String bName() {
      return versus == null ? "torch" : "base";
    }

    /** Parses {@code args}; an unknown option or a bad value is an error that names it. */
    static Options parse(String[] args) {
      boolean json = false;
      boolean torch = true;
      boolean profile = false;
      boolean help = false;
      String versus = null;
      int threads = Runtime.getRuntime().availableProcessors();
      double seconds = 3;
      int steps = 0;
      int pairs = 3;
      boolean fp16 = false;
      boolean cuda = false;
      boolean deterministic = false;
      List<StepCase> cases = List.of(StepCase.values());
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--json" -> json = true;
          case "--fp16" -> fp16 = true;
          case "--cuda" -> cuda = true;
          case "--deterministic" -> deterministic = true;
          case "--no-torch" -> torch = false;
          case "--profile" -> profile = true;
          case "--help", "-h" -> help = true;
          case "--threads" -> threads = intValue(args, ++i, "--threads");
          case "--pairs" -> pairs = intValue(args, ++i, "--pairs");
          case "--versus" -> versus = value(args, ++i, "--versus");
          case "--steps" -> steps = intValue(args, ++i, "--steps");
          case "--seconds" -> {
            String v = value(args, ++i, "--seconds");
            try {
              seconds = Double.parseDouble(v);
            } catch (NumberFormatException e) {
              throw new IllegalArgumentException("--seconds takes a number, got " + v);
            }
          }
          case "--cases" -> cases = Arrays.stream(value(args, ++i, "--cases").split(",")).map(String::trim)
              .map(StepCase::of).toList();
          default -> throw new IllegalArgumentException("unknown option " + args[i] + "; run with --help for the options");
        }
      }
      if (steps < 0 || threads < 1 || !(seconds > 0) || pairs < 1) {
        throw new IllegalArgumentException("--steps must be 0 or more, --threads and --pairs 1 or more and --seconds "
            + "positive; got " + steps + ", " + threads + ", " + pairs + ", " + seconds);
      }
      return new Options(new FastjSide.Settings(threads, seconds, steps, fp16, cuda, deterministic), pairs, cases,
          json, torch, profile, help, versus);
    }

    /** The arguments a fastj worker for {@code c} gets. */
    List<String> workerArgs(StepCase c) {
      List<String> a = new ArrayList<>(List.of("--worker", c.key(), "--threads", str(side.threads()), "--seconds",
          String.valueOf(side.seconds()), "--steps", str(side.steps())));
      if (side.fp16()) {
        a.add("--fp16");
      }
      if (side.cuda()) {
        a.add("--cuda");
      }
      if (side.deterministic()) {
        a.add("--deterministic");
      }
      return a;
    }
  }

  /** The usage text of {@code --help}. */
  static String usage() {
    return String.join("\n",
        "./fastj bench [OPTIONS]: fastj against PyTorch, each side in its own process, alternating",
        "  cases: " + Arrays.stream(StepCase.values()).map(StepCase::key).collect(Collectors.joining(", ")),
        "  --pairs N        fastj/PyTorch pairs per case (default 3)",
        "  --threads N      threads of each side (default: the number of processors)",
        "  --seconds S      seconds per measurement, after 3 warm-up steps (default 3)",
        "  --steps N        time exactly N steps instead",
        "  --cases A,B      only these cases",
        "  --no-torch       fastj alone",
        "  --versus CP      side B is fastj from the class path CP (another build: before and after a change)",
        "  --fp16           mixed-precision train steps (loss scale 1024; PyTorch stays float32)",
        "  --cuda           the CUDA provider, falling back to the CPU (PyTorch stays on the CPU)",
        "  --deterministic  ONNX Runtime's deterministic compute",
        "  --profile        kernel time per operator type of the resnet_32 and mlp train steps, afterwards",
        "  --json           print the results as one JSON object last",
        "");
  }

  /** Runs the benchmark, or with {@code --worker CASE ...} one fastj measurement printed as JSON. */
  public static void main(String[] args) throws IOException, InterruptedException {
    if (args.length > 1 && args[0].equals("--worker")) {
      StepCase c = StepCase.of(args[1]);
      PairedRuns.Run r = FastjSide.run(c, Options.parse(Arrays.copyOfRange(args, 2, args.length)).side());
      System.out.printf(Locale.ROOT, "{\"step_ms\": %.6f, \"cpu_ms\": %.6f, \"steps\": %d}%n", r.stepMs(), r.cpuMs(),
          r.steps());
      return;
    }
    Options o = Options.parse(args);
    if (o.help()) {
      System.out.print(usage());
      return;
    }
    String loadBefore = loadAverage();
    // counted before any child runs, so that this JVM only waits while they do
    Map<StepCase, FlopCounter.Count> flops = new LinkedHashMap<>();
    for (StepCase c : o.cases()) {
      flops.put(c, c.flops(o.side().fp16()));
    }
    String python = o.torch() && o.versus() == null ? TorchBaseline.findPython() : null;
    if (o.torch() && o.versus() == null && python == null) {
      System.out.println("PyTorch not found (python3 and /usr/bin/python3 do not import torch); reporting fastj alone");
    }
    Path script = python == null ? null : BenchProcess.script(TrainStepBench.class, "torch_baseline.py");
    Map<StepCase, PairedRuns.Pairs> results = new LinkedHashMap<>();
    try {
      for (StepCase c : o.cases()) {
        PairedRuns.Side b = o.versus() != null ? () -> fastj(c, o, o.versus())
            : python == null ? null : () -> torch(c, o, python, script);
        results.put(c, PairedRuns.alternate(o.pairs(), () -> fastj(c, o, System.getProperty("java.class.path")), b));
      }
    } finally {
      BenchProcess.deleteScript(script);
    }
    String loadAfter = loadAverage();
    BenchReport report = new BenchReport(o, flops, results, loadBefore, loadAfter);
    System.out.print(report.table());
    if (o.profile()) {
      for (StepCase c : List.of(StepCase.RESNET_32, StepCase.MLP)) {
        Batch b = c.data();
        Map<String, Long> perOp = StepProfile.run(c.spec(Device.cpu(o.side().threads())), b.input(),
            b.target(), 5);
        System.out.print(StepProfile.table(c.key(), perOp, 5));
      }
    }
    if (o.json()) {
      System.out.println(report.json());
    }
  }

  private static PairedRuns.Run fastj(StepCase c, Options o, String classPath) throws IOException,
      InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(BenchProcess.javaBin(), "-cp", classPath,
        TrainStepBench.class.getName()));
    cmd.addAll(o.workerArgs(c));
    return parseRun(BenchProcess.output(cmd, Map.of()), cmd);
  }

  private static PairedRuns.Run torch(StepCase c, Options o, String python, Path script)
      throws IOException, InterruptedException {
    FastjSide.Settings s = o.side();
    List<String> cmd = List.of(python, script.toString(), "--case", c.key(), "--threads", str(s.threads()),
        "--seconds", String.valueOf(s.seconds()), "--steps", str(s.steps()));
    return parseRun(BenchProcess.output(cmd, Map.of("OPENBLAS_NUM_THREADS", str(s.threads()))), cmd);
  }

  /** The run a worker printed as {@code {"step_ms": ..., "cpu_ms": ..., "steps": ...}}. */
  static PairedRuns.Run parseRun(String out, List<String> cmd) {
    return new PairedRuns.Run(BenchProcess.number(out, "step_ms", cmd), BenchProcess.number(out, "cpu_ms", cmd),
        (int) BenchProcess.number(out, "steps", cmd));
  }

  /** The first line of /proc/loadavg (Linux), or "unknown": how busy the shared machine was. */
  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }

  private static int intValue(String[] args, int i, String option) {
    String v = value(args, i, option);
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " takes a whole number, got " + v);
    }
  }

  private static String str(int v) {
    return Integer.toString(v);
  }
}
