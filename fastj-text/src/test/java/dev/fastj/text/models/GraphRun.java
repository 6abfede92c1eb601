package dev.fastj.text.models;

import dev.fastj.nn.Var;
import dev.fastj.onnx.compile.GraphEmitter;
import dev.fastj.onnx.graph.DataType;
import dev.fastj.onnx.graph.GraphBuilder;
import dev.fastj.onnx.graph.Model;
import dev.fastj.onnx.graph.ShapeRules;
import dev.fastj.onnx.graph.Tensor;
import dev.fastj.onnx.graph.ValueInfo;
import dev.fastj.onnx.runtime.CompiledGraph;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Emits layers into a fresh graph, runs it once on ONNX Runtime and returns named values. */
final class GraphRun {

  final GraphBuilder builder = new GraphBuilder("test");
  final GraphEmitter emitter;
  private final Map<String, String> outputs = new LinkedHashMap<>();

  GraphRun(GraphEmitter.Mode mode) {
    emitter = new GraphEmitter(builder, mode, ShapeRules.defaults(), null);
  }

  Var input(String name, DataType type, long... dims) {
    return emitter.input(name, type, dims);
  }

  /** Asks for {@code value} under {@code key} in {@link #run}'s result. */
  GraphRun output(String key, String value) {
    outputs.put(key, value);
    return this;
  }

  Map<String, Tensor> run(Map<String, Tensor> feed) {
    for (Map.Entry<String, String> o : outputs.entrySet()) {
      builder.output(new ValueInfo(builder.identityAs(o.getValue(), "out_" + o.getKey()), null, null, null));
    }
    try (CompiledGraph g = CompiledGraph.compile(Model.of(builder.build()))) {
      Map<String, Tensor> r = g.runTensors(feed);
      Map<String, Tensor> out = new LinkedHashMap<>();
      outputs.keySet().forEach(k -> out.put(k, r.get("out_" + k)));
      return out;
    }
  }

  static Tensor normal(long seed, double scale, long... dims) {
    Random r = new Random(seed);
    float[] v = new float[(int) Tensor.numel(dims)];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (scale * r.nextGaussian());
    }
    return Tensor.ofFloats(v, dims);
  }

  static Tensor tokens(long seed, int vocab, long... dims) {
    Random r = new Random(seed);
    long[] v = new long[(int) Tensor.numel(dims)];
    for (int i = 0; i < v.length; i++) {
      v[i] = r.nextInt(vocab);
    }
    return Tensor.ofLongs(v, dims);
  }

  static List<String> opTypes(GraphBuilder b) {
    return b.nodes().stream().map(n -> n.opType()).toList();
  }
}
