package dev.fastj.onnx.runtime;

import dev.fastj.onnx.graph.Model;
import dev.fastj.onnx.graph.Tensor;
import java.util.Map;

/**
 * Runs a model once on ONNX Runtime, from fastj tensors to fastj tensors: for tests, checks
 * and one-off inference. Repeated runs should keep a {@link CompiledGraph} open instead.
 *
 * <pre>{@code
 * Map<String, Tensor> out = GraphRunner.run(model, Map.of("x", Tensor.ofFloats(xs, 2, 3)));
 * }</pre>
 */
public final class GraphRunner {

  private GraphRunner() {
  }

  /** Runs {@code model} on the CPU with default settings and returns every output. */
  public static Map<String, Tensor> run(Model model, Map<String, Tensor> inputs) {
    return run(model, inputs, SessionConfig.defaults());
  }

  /** Runs {@code model} with {@code config} and returns every output. */
  public static Map<String, Tensor> run(Model model, Map<String, Tensor> inputs, SessionConfig config) {
    try (CompiledGraph g = CompiledGraph.compile(model, config)) {
      return g.runTensors(inputs);
    }
  }
}
