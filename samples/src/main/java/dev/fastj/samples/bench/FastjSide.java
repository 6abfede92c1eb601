package dev.fastj.samples.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.fastj.data.Batch;
import dev.fastj.data.TensorData;
import dev.fastj.onnx.graph.DataType;
import dev.fastj.onnx.graph.GraphBuilder;
import dev.fastj.onnx.graph.Model;
import dev.fastj.onnx.runtime.CompiledGraph;
import dev.fastj.onnx.runtime.OnnxBackend;
import dev.fastj.onnx.runtime.OnnxInferenceModel;
import dev.fastj.onnx.runtime.OrtRunException;
import dev.fastj.onnx.runtime.OrtTensors;
import dev.fastj.onnx.runtime.SessionConfig;
import dev.fastj.spi.Device;
import dev.fastj.spi.Hyper;
import dev.fastj.spi.TrainableModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * fastj's side of {@link TrainStepBench}, run in a child JVM of its own ({@code TrainStepBench
 * --worker CASE ...}): one {@link StepCase} measured on ONNX Runtime with {@code threads}
 * intra-op threads that sleep when idle (fastj's default, {@link SessionConfig#spinning}).
 * Train cases time {@link TrainableModel#trainStep}; inference cases export the model, load the
 * file as {@code Learner.load} does ({@link OnnxInferenceModel}) and time {@code predict}; the
 * roof times ONNX Runtime's MatMul on two 2048x2048 inputs.
 */
final class FastjSide {

  /** Untimed steps first: the first builds the session, the next ones fill its caches. */
  static final int WARMUP = 3;

  private FastjSide() {}

  /**
   * How a run is timed: {@code steps} steps, or as many as fit in {@code seconds} (at least 5)
   * when {@code steps} is 0; with mixed-precision train steps, the CUDA provider, or ONNX
   * Runtime's deterministic compute.
   */
  record Settings(int threads, double seconds, int steps, boolean fp16, boolean cuda, boolean deterministic) {
    Device device() {
      return (cuda ? Device.cuda(0) : Device.cpu(threads)).withDeterministic(deterministic);
    }
  }

  /** Measures {@code c} in this process. */
  static PairedRuns.Run run(StepCase c, Settings s) {
    return switch (c.kind()) {
      case TRAIN -> train(c, s);
      case INFER -> infer(c, s);
      case GEMM -> gemm(s);
    };
  }

  private static PairedRuns.Run train(StepCase c, Settings s) {
    Batch batch = c.data();
    double scale = s.fp16() ? 1024 : 1;
    try (TrainableModel m = new OnnxBackend().compile(c.spec(s.device()))) {
      m.setMixedPrecision(s.fp16());
      long[] step = {1};
      return time(() -> m.trainStep(batch, Hyper.uniform(1, 1e-3, 0.9, 0.01, step[0]++).withLossScale(scale), false),
          s);
    }
  }

  private static PairedRuns.Run infer(StepCase c, Settings s) {
    Path dir = null;
    try {
      dir = Files.createTempDirectory("fastj-bench");
      Path file = dir.resolve(c.key() + ".onnx");
      try (TrainableModel m = new OnnxBackend().compile(c.spec(s.device()))) {
        m.exportOnnx(file, Map.of());
      }
      List<TensorData> x = c.data().inputs();
      try (OnnxInferenceModel model = OnnxInferenceModel.load(file, SessionConfig.of(s.device()))) {
        return time(() -> model.predict(x), s);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the exported model for " + c.key() + ": " + e.getMessage(), e);
    } finally {
      BenchProcess.deleteQuietly(dir);
    }
  }

  private static PairedRuns.Run gemm(Settings s) {
    int n = StepCase.GEMM_SIZE;
    GraphBuilder b = new GraphBuilder("sgemm");
    String y = b.matMul(b.input("a", DataType.FLOAT, n, n), b.input("b", DataType.FLOAT, n, n));
    b.output(b.identityAs(y, "y"), DataType.FLOAT, n, n);
    try (CompiledGraph g = CompiledGraph.compile(Model.of(b.build()), SessionConfig.of(s.device()));
        OnnxTensor a = square(n, 1);
        OnnxTensor bt = square(n, 2)) {
      Map<String, OnnxTensor> feed = Map.of("a", a, "b", bt);
      return time(() -> {
        try (OrtSession.Result r = g.run(feed)) {
          r.get(0);
        }
      }, s);
    } catch (OrtException e) {
      throw new OrtRunException("could not make the sgemm inputs: " + e.getMessage(), e);
    }
  }

  private static OnnxTensor square(int n, long seed) throws OrtException {
    FloatBuffer fb = ByteBuffer.allocateDirect(n * n * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
    Random r = new Random(seed);
    for (int i = 0; i < n * n; i++) {
      fb.put(i, (float) r.nextGaussian());
    }
    return OnnxTensor.createTensor(OrtTensors.env(), fb, new long[] {n, n});
  }

  /** A step that may throw what ONNX Runtime throws. */
  @FunctionalInterface
  interface Step {
    void run() throws OrtException;
  }

  /**
   * {@link #WARMUP} untimed steps, then the timed ones: the median wall time (robust to the other
   * processes of a shared machine stealing a few steps) and the mean process CPU time (the CPU
   * clock ticks too coarsely for a per-step median).
   */
  static PairedRuns.Run time(Step step, Settings s) {
    try {
      for (int i = 0; i < WARMUP; i++) {
        step.run();
      }
      List<Long> times = new ArrayList<>();
      long deadline = System.nanoTime() + (long) (s.seconds() * 1e9);
      long c0 = processCpuNanos();
      while (s.steps() > 0 ? times.size() < s.steps() : times.size() < 5 || System.nanoTime() < deadline) {
        long t0 = System.nanoTime();
        step.run();
        times.add(System.nanoTime() - t0);
      }
      double cpuMs = (processCpuNanos() - c0) / 1e6 / times.size();
      Collections.sort(times);
      double medianMs = BenchProcess.median(times.stream().map(t -> t / 1e6).toList());
      return new PairedRuns.Run(medianMs, cpuMs, times.size());
    } catch (OrtException e) {
      throw new OrtRunException("a benchmark step failed: " + e.getMessage(), e);
    }
  }

  /** CPU time of this process, all threads (ONNX Runtime's pool included). */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
