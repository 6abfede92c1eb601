package dev.fastj.samples.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.fastj.data.TensorData;
import dev.fastj.onnx.autodiff.GradientRules;
import dev.fastj.onnx.compile.ModelCompiler;
import dev.fastj.onnx.compile.StepGraph;
import dev.fastj.onnx.graph.Model;
import dev.fastj.onnx.graph.ShapeRules;
import dev.fastj.onnx.graph.Tensor;
import dev.fastj.onnx.proto.OnnxWriter;
import dev.fastj.onnx.runtime.NchwcConvs;
import dev.fastj.onnx.runtime.OrtRunException;
import dev.fastj.onnx.runtime.OrtTensors;
import dev.fastj.onnx.runtime.Providers;
import dev.fastj.onnx.runtime.SessionConfig;
import dev.fastj.spi.Hyper;
import dev.fastj.spi.ModelSpec;
import dev.fastj.spi.ParamInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a train step's time goes: runs the train-step graph of a spec a few times with ONNX
 * Runtime's profiler on and sums the kernel time per operator type ({@code --profile} of
 * {@link TrainStepBench}).
 */
final class StepProfile {

  private static final Pattern DUR = Pattern.compile("\"dur\"\\s*:\\s*(\\d+)");
  private static final Pattern OP = Pattern.compile("\"op_name\"\\s*:\\s*\"([^\"]+)\"");

  private StepProfile() {}

  /** Microseconds of kernel time per operator type over {@code steps} runs, largest first. */
  static Map<String, Long> run(ModelSpec spec, TensorData x, TensorData y, int steps) {
    ModelCompiler c = new ModelCompiler(spec, GradientRules.defaults(), ShapeRules.defaults());
    boolean[] all = new boolean[c.parameters().size()];
    Arrays.fill(all, true);
    StepGraph step = c.trainStep(all);
    // the graph the train step runs: OnnxTrainableModel's CPU sessions use the blocked convolutions
    byte[] bytes = OnnxWriter.toBytes(NchwcConvs.apply(Model.of(step.graph()), NchwcConvs.blockSize()));
    Map<String, OnnxTensor> feed = new HashMap<>();
    Path dir = null;
    try (OrtSession.SessionOptions opts = Providers.cpuOptions(SessionConfig.of(spec.device()))) {
      dir = Files.createTempDirectory("fastj-profile");
      opts.enableProfiling(dir.resolve("step").toString());
      c.initialValues().forEach((k, v) -> feed.put(k, OrtTensors.toOnnx(v)));
      for (ParamInfo p : c.parameters()) {
        for (String n : c.optimizerStateNames(p.name())) {
          feed.put(n, OrtTensors.toOnnx(Tensor.full(dev.fastj.onnx.graph.DataType.FLOAT, 0, p.shape())));
        }
      }
      feed.put(StepGraph.INPUT, OnnxTensor.createTensor(OrtTensors.env(), x.floats(), x.shape()));
      feed.put(StepGraph.TARGET, y.dtype() == TensorData.DType.INT64
          ? OnnxTensor.createTensor(OrtTensors.env(), y.longs(), y.shape())
          : OnnxTensor.createTensor(OrtTensors.env(), y.floats(), y.shape()));
      int[] groups = new int[Math.max(step.trained().length, 1)];
      for (Map.Entry<String, float[]> h : c.optimizer().feed(Hyper.uniform(1, 1e-3, 0.9, 0.01, 1), groups).entrySet()) {
        feed.put(h.getKey(), OrtTensors.toOnnx(Tensor.ofFloats(h.getValue(), h.getValue().length)));
      }
      String file;
      try (OrtSession s = OrtTensors.env().createSession(bytes, opts)) {
        for (int i = 0; i < steps; i++) {
          try (OrtSession.Result r = s.run(feed)) {
            for (Map.Entry<String, OnnxValue> ignored : r) {
              // outputs are only produced to be timed
            }
          }
        }
        file = s.endProfiling();
      }
      return aggregate(Path.of(file));
    } catch (OrtException e) {
      throw new OrtRunException("profiling the train step of " + spec.model().describe() + " failed: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write or read the ONNX Runtime profile: " + e.getMessage(), e);
    } finally {
      feed.values().forEach(OnnxTensor::close);
      BenchProcess.deleteQuietly(dir);
    }
  }

  private static Map<String, Long> aggregate(Path profile) throws IOException {
    Map<String, Long> perOp = new HashMap<>();
    for (String line : Files.readAllLines(profile)) {
      if (!line.contains("\"Node\"") || !line.contains("_kernel_time")) {
        continue;
      }
      Matcher d = DUR.matcher(line);
      Matcher o = OP.matcher(line);
      if (d.find() && o.find()) {
        perOp.merge(o.group(1), Long.parseLong(d.group(1)), Long::sum);
      }
    }
    List<Map.Entry<String, Long>> sorted = new ArrayList<>(perOp.entrySet());
    sorted.sort(Map.Entry.<String, Long>comparingByValue().reversed());
    Map<String, Long> out = new LinkedHashMap<>();
    sorted.forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  /** The table printed by the benchmark: the top operator types and their share of kernel time. */
  static String table(String name, Map<String, Long> perOp, int steps) {
    long total = perOp.values().stream().mapToLong(Long::longValue).sum();
    StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%s: kernel time per step %.1f ms by operator%n",
        name, total / 1000.0 / steps));
    perOp.entrySet().stream().limit(12).forEach(e -> s.append(String.format(Locale.ROOT, "  %-22s %8.2f ms %5.1f%%%n",
        e.getKey(), e.getValue() / 1000.0 / steps, 100.0 * e.getValue() / Math.max(total, 1))));
    return s.toString();
  }
}
