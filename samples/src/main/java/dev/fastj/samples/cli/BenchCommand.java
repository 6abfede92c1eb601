package dev.fastj.samples.cli;

import dev.fastj.samples.bench.AugmentBench;
import dev.fastj.samples.bench.TrainStepBench;
import dev.fastj.samples.bench.LoaderBench;
import dev.fastj.samples.bench.MemoryBench;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./fastj bench}: the train-step benchmark of fastj-onnx-train; and the other benchmarks'
 * commands ({@code bench-loader}, {@code bench-memory}, {@code bench-augment}). Each takes typed
 * options here and hands the benchmark's own main the arguments it parses.
 */
@Command(name = "bench", sortOptions = false,
    description = "train-step throughput of a small ResNet at 32 and 64 px and of an MLP, inference of the ResNet at "
        + "batch 64 and 1, and a 2048^3 sgemm roof, against PyTorch where python3 with torch is installed: each side "
        + "in its own process, alternating, the median of the pairwise ratios with min and max, and each side's "
        + "GFLOP/s")
final class BenchCommand implements Callable<Integer> {

  @Option(names = "--json", description = "print the results as one JSON object last")
  boolean json;

  @Option(names = "--pairs", paramLabel = "N", description = "fastj/PyTorch pairs per case (default: 3)")
  Integer pairs;

  @Option(names = "--cases", paramLabel = "A,B", description = "only these cases (resnet_32, resnet_64, mlp, "
      + "infer_64, infer_1, sgemm_2048; default: all)")
  String cases;

  @Option(names = "--steps", paramLabel = "N", description = "time exactly N steps (default: --seconds per measurement)")
  Integer steps;

  @Option(names = "--seconds", paramLabel = "S", description = "seconds per measurement, after 3 untimed warm-up "
      + "steps (default: 3)")
  Double seconds;

  @Option(names = "--threads", paramLabel = "N", description = "threads of each side (default: the number of "
      + "processors)")
  Integer threads;

  @Option(names = "--fp16", description = "mixed-precision train steps (loss scale 1024)")
  boolean fp16;

  @Option(names = "--cuda", description = "the CUDA provider, falling back to the CPU")
  boolean cuda;

  @Option(names = "--deterministic", description = "ONNX Runtime's deterministic compute")
  boolean deterministic;

  @Option(names = "--no-torch", description = "skip the PyTorch baseline")
  boolean noTorch;

  @Option(names = "--versus", paramLabel = "CLASSPATH", description = "measure fastj from CLASSPATH (another build) "
      + "as the other side instead of PyTorch: before and after a change, alternating")
  String versus;

  @Option(names = "--profile", description = "kernel time per operator type of the resnet_32 and "
      + "mlp train steps, afterwards")
  boolean profile;

  @Override
  public Integer call() throws Exception {
    TrainStepBench.main(args());
    return 0;
  }

  /** The arguments TrainStepBench parses. */
  String[] args() {
    List<String> args = new ArrayList<>();
    flag(args, json, "--json");
    value(args, "--pairs", pairs);
    value(args, "--cases", cases);
    value(args, "--steps", steps);
    value(args, "--seconds", seconds);
    value(args, "--threads", threads);
    flag(args, fp16, "--fp16");
    flag(args, cuda, "--cuda");
    flag(args, deterministic, "--deterministic");
    flag(args, noTorch, "--no-torch");
    flag(args, profile, "--profile");
    value(args, "--versus", versus);
    return args.toArray(String[]::new);
  }

  static void flag(List<String> args, boolean on, String name) {
    if (on) {
      args.add(name);
    }
  }

  static void value(List<String> args, String name, Object v) {
    if (v != null) {
      args.add(name);
      args.add(v.toString());
    }
  }

  /** {@code ./fastj bench-loader [WORKERS] [IMAGES]}. */
  @Command(name = "bench-loader",
      description = "data loader throughput: decode, Resize, aug_transforms and Normalize at 28, 64, 128 px")
  static final class Loader implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "WORKERS", defaultValue = "2",
        description = "loader threads (default: ${DEFAULT-VALUE})")
    int workers;

    @Parameters(index = "1", arity = "0..1", paramLabel = "IMAGES", defaultValue = "640",
        description = "images per set (default: ${DEFAULT-VALUE})")
    int images;

    @Override
    public Integer call() throws Exception {
      LoaderBench.main(new String[] {Integer.toString(workers), Integer.toString(images)});
      return 0;
    }
  }

  /** {@code ./fastj bench-tabular [--pairs N] [--epochs E] [--rows R] [--json]}. */
  @Command(name = "bench-tabular",
      description = "training rows/s of the default tabular model (embeddings, BatchNorm, layers 200 and 100) on a "
          + "table of 20,000 rows at batch 64 and 1024, against the same model in PyTorch where python3 with torch "
          + "is installed: each side in its own process, alternating, the median of the pairwise ratios")
  static final class Tabular implements Callable<Integer> {

    @Option(names = "--pairs", paramLabel = "N", description = "fastj/PyTorch pairs per batch size (default: 3)")
    Integer pairs;

    @Option(names = "--epochs", paramLabel = "E", description = "timed epochs, after one warm-up (default: 2)")
    Integer epochs;

    @Option(names = "--rows", paramLabel = "R", description = "training rows (default: 20,000)")
    Integer rows;

    @Option(names = "--threads", paramLabel = "T", description = "threads of each side (default: 2)")
    Integer threads;

    @Option(names = "--json", description = "print the results as one JSON object last")
    boolean json;

    @Override
    public Integer call() throws Exception {
      List<String> args = new ArrayList<>();
      value(args, "--pairs", pairs);
      value(args, "--epochs", epochs);
      value(args, "--rows", rows);
      value(args, "--threads", threads);
      flag(args, json, "--json");
      dev.fastj.samples.bench.TabularBench.main(args.toArray(String[]::new));
      return 0;
    }
  }

  /**
   * {@code ./fastj bench-lstm [--pairs N] [--steps S] [--threads T] [--config small|awd|both]
   * [--formulation F] [--versus CP]}.
   */
  @Command(name = "bench-lstm",
      description = "the train step of one LSTM layer in each ONNX formulation (unrolled, ONNX's LSTM operator) "
          + "against PyTorch's nn.LSTM where python3 with torch is installed, at emb 64 / hidden 128 and at AWD-LSTM's "
          + "emb 400 / hidden 1152 (seq_len 72, batch 64): each side in its own process, alternating, the median of "
          + "the pairwise ratios")
  static final class Lstm implements Callable<Integer> {

    @Option(names = "--pairs", paramLabel = "N", description = "rounds of each side (default: 3)")
    Integer pairs;

    @Option(names = "--steps", paramLabel = "S", description = "timed steps, after two warm-up (default: 3)")
    Integer steps;

    @Option(names = "--threads", paramLabel = "T", description = "threads of each side (default: 2)")
    Integer threads;

    @Option(names = "--config", paramLabel = "C", description = "small, awd or both (default: both)")
    String config;

    @Option(names = "--formulation", paramLabel = "F", description = "all, unrolled or onnx_op (default: all)")
    String formulation;

    @Option(names = "--versus", paramLabel = "CP", description = "side B is fastj from the class path CP (another "
        + "build: before and after a change) instead of PyTorch; both sides are timed by this build's worker")
    String versus;

    @Override
    public Integer call() throws Exception {
      List<String> args = new ArrayList<>();
      value(args, "--pairs", pairs);
      value(args, "--steps", steps);
      value(args, "--threads", threads);
      if (config != null) {
        args.addAll(List.of("--config", config));
      }
      if (formulation != null) {
        args.addAll(List.of("--formulation", formulation));
      }
      if (versus != null) {
        args.addAll(List.of("--versus", versus));
      }
      dev.fastj.samples.bench.LstmBench.main(args.toArray(String[]::new));
      return 0;
    }
  }

  /** {@code ./fastj bench-memory [--steps N] [--json] [--no-inference]}. */
  @Command(name = "bench-memory",
      description = "resident memory (/proc/self/status, Linux) over N train steps of a small CNN (goal: under 5% "
          + "growth) and of an exported model loaded for inference in a child JVM, against its file size (goal: "
          + "under 3x)")
  static final class Memory implements Callable<Integer> {

    @Option(names = "--steps", paramLabel = "N", description = "train steps (default: 10,000)")
    Integer steps;

    @Option(names = "--json", description = "print the results as one JSON object last")
    boolean json;

    @Option(names = "--no-inference", description = "skip the loaded-model measurement")
    boolean noInference;

    @Override
    public Integer call() throws Exception {
      MemoryBench.main(args());
      return 0;
    }

    String[] args() {
      List<String> args = new ArrayList<>();
      value(args, "--steps", steps);
      flag(args, json, "--json");
      flag(args, noInference, "--no-inference");
      return args.toArray(String[]::new);
    }
  }

  /** {@code ./fastj bench-augment [--seconds S] [--threads N] [--json]}. */
  @Command(name = "bench-augment",
      description = "batch augmentation (flip, rotate, zoom; bilinear, reflection) of 64 images at 28, 64 and 128 "
          + "px: in Java (Augment, loader pool) against AffineGrid + GridSample in ONNX Runtime, both on N threads")
  static final class Augment implements Callable<Integer> {

    @Option(names = "--seconds", paramLabel = "S", description = "seconds per measurement (default: 4)")
    Double seconds;

    @Option(names = "--threads", paramLabel = "N", description = "threads (default: 2)")
    Integer threads;

    @Option(names = "--json", description = "print the results as one JSON object last")
    boolean json;

    @Override
    public Integer call() throws Exception {
      AugmentBench.main(args());
      return 0;
    }

    String[] args() {
      List<String> args = new ArrayList<>();
      value(args, "--seconds", seconds);
      value(args, "--threads", threads);
      flag(args, json, "--json");
      return args.toArray(String[]::new);
    }
  }
}
