package dev.fastj.onnx.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;
import dev.fastj.onnx.graph.DataType;
import dev.fastj.onnx.graph.GraphBuilder;
import dev.fastj.onnx.graph.Model;
import dev.fastj.onnx.graph.Tensor;
import dev.fastj.spi.Device;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GraphRunnerTest {

  /** y = Relu(x W^T + b) with W [2,3], a symbolic batch. */
  static Model gemmRelu() {
    GraphBuilder b = new GraphBuilder("gemm_relu");
    String x = b.input("x", DataType.FLOAT, -1, 3);
    b.initializer("w", Tensor.ofFloats(new float[] {1, 2, 3, -1, -2, -3}, 2, 3));
    b.initializer("b", Tensor.ofFloats(new float[] {0.5f, 10}, 2));
    String g = b.op("Gemm", List.of(x, "w", "b"), Map.of("transB", 1L));
    String y = b.identityAs(b.op("Relu", g), "y");
    b.output(y, DataType.FLOAT, -1, 2);
    return Model.of(b.build());
  }

  @Test
  void run_gemmRelu_givesExpectedNumbers() {
    Tensor x = Tensor.ofFloats(new float[] {1, 1, 1, 0, 1, -1}, 2, 3);
    Map<String, Tensor> out = GraphRunner.run(gemmRelu(), Map.of("x", x));
    assertThat(out).containsOnlyKeys("y");
    assertThat(out.get("y").dims()).containsExactly(2, 2);
    // row 1: (6.5, -6+10=4); row 2: (2-3+0.5=-0.5 -> 0, -2+3+10=11)
    assertThat(out.get("y").toFloats()).containsExactly(new float[] {6.5f, 4f, 0f, 11f}, within(1e-6f));
  }

  @Test
  void compiledGraph_runsRepeatedlyWithOnnxTensors() {
    try (CompiledGraph g = CompiledGraph.compile(gemmRelu(), SessionConfig.defaults().withIntraOpThreads(1))) {
      assertThat(g.device()).isEqualTo(Device.Kind.CPU);
      assertThat(g.requiredInputs()).extracting(v -> v.name()).containsExactly("x");
      for (int i = 0; i < 3; i++) {
        try (OnnxTensor x = OrtTensors.toOnnx(Tensor.ofFloats(new float[] {i, 0, 0}, 1, 3));
            OrtSession.Result r = g.run(Map.of("x", x))) {
          Tensor y = OrtTensors.fromOnnx((OnnxTensor) r.get("y").orElseThrow());
          assertThat(y.toFloats()).containsExactly(new float[] {i + 0.5f, 10 - i}, within(1e-6f));
        }
      }
    }
  }

  @Test
  void run_missingInput_namesIt() {
    assertThatThrownBy(() -> GraphRunner.run(gemmRelu(), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("gemm_relu")
        .hasMessageContaining("x:FLOAT");
  }

  @Test
  void run_wrongShape_wrapsOrtErrorWithGraphName() {
    Tensor x = Tensor.ofFloats(new float[] {1, 2}, 1, 2);
    assertThatThrownBy(() -> GraphRunner.run(gemmRelu(), Map.of("x", x)))
        .isInstanceOf(OrtRunException.class)
        .hasMessageContaining("running graph 'gemm_relu'");
  }

  @Test
  void compile_cudaUnavailable_fallsBackToCpu() {
    // The test class path has the CPU package of ONNX Runtime, whose addCUDA always fails.
    try (CompiledGraph g = CompiledGraph.compile(gemmRelu(), SessionConfig.of(Device.cuda(0)))) {
      assertThat(g.device()).isEqualTo(Device.Kind.CPU);
      Map<String, Tensor> out = g.runTensors(Map.of("x", Tensor.ofFloats(new float[] {1, 0, 0}, 1, 3)));
      assertThat(out.get("y").toFloats()).containsExactly(new float[] {1.5f, 9f}, within(1e-6f));
    }
  }

  @Test
  void tensors_roundTripEveryTypeThroughOrt() {
    List<Tensor> tensors = List.of(
        Tensor.ofFloats(new float[] {1.5f, -2}, 2),
        Tensor.ofDoubles(new double[] {Math.PI, -1e300, 0}, 3, 1),
        Tensor.ofLongs(new long[] {Long.MIN_VALUE, 7}, 2),
        Tensor.ofInts(new int[] {-3, 4, 5, 6}, 2, 2),
        Tensor.ofBools(new boolean[] {true, false, true}, 3),
        Tensor.scalar(DataType.FLOAT, 3));
    for (Tensor t : tensors) {
      GraphBuilder b = new GraphBuilder("id");
      b.input("x", t.type(), t.dims());
      b.identityAs("x", "y");
      b.output("y", t.type(), t.dims());
      Map<String, Tensor> out = GraphRunner.run(Model.of(b.build()), Map.of("x", t));
      assertThat(out.get("y")).as(t.toString()).isEqualTo(t);
    }
  }

  /** w_next = w - 0.5 * x: a state update whose output is pinned into preallocated tensors. */
  @Test
  void runInto_pingPongsStateBetweenTwoPinnedTensors() {
    GraphBuilder b = new GraphBuilder("sgd");
    b.input("w", DataType.FLOAT, 3);
    b.input("g", DataType.FLOAT, 3);
    String next = b.identityAs(b.sub("w", b.mul(b.scalar(0.5), "g")), "w_next");
    b.output(next, DataType.FLOAT, 3);
    try (CompiledGraph step = CompiledGraph.compile(Model.of(b.build()));
        OnnxTensor g = OrtTensors.toOnnx(Tensor.ofFloats(new float[] {1, 2, -4}, 3));
        OnnxTensor a = OrtTensors.toOnnx(Tensor.ofFloats(new float[] {0, 0, 0}, 3));
        OnnxTensor c = OrtTensors.allocate(DataType.FLOAT, 3)) {
      OnnxTensor[] state = {a, c};
      for (int i = 0; i < 4; i++) {
        OnnxTensor in = state[i % 2];
        OnnxTensor out = state[(i + 1) % 2];
        try (OrtSession.Result r = step.runInto(Map.of("w", in, "g", g), Map.of("w_next", out))) {
          assertThat(r.get("w_next")).containsSame(out);
          assertThat(r.isResultOwner(0)).isFalse();
        }
      }
      assertThat(OrtTensors.fromOnnx(state[0]).toFloats()).containsExactly(new float[] {-2, -4, 8}, within(1e-6f));
      assertThatThrownBy(() -> step.runInto(Map.of("w", a, "g", g), Map.of("w_next", a)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("w_next")
          .hasMessageContaining("ping-pong");
    }
  }
}
