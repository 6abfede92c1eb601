package dev.fastj.onnx.autodiff;

import static dev.fastj.onnx.autodiff.GradCheck.randn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.fastj.onnx.graph.DataType;
import dev.fastj.onnx.graph.Model;
import dev.fastj.onnx.graph.Tensor;
import dev.fastj.onnx.graph.ValueInfo;
import dev.fastj.onnx.runtime.CompiledGraph;
import dev.fastj.onnx.graph.GraphBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Finite-difference checks of the LSTM operator's gradient in float64: every input (X, W, R, B
 * and the initial state) through every output (all steps' Y, the final Y_h and Y_c), which
 * the loss of {@link GradCheck} weighs with one random tensor. ONNX Runtime's LSTM kernel is
 * float32 only, so the forward node is replaced by its float64 recurrence ({@link LstmUnroll})
 * after the rule has emitted the backward; {@link #unrollMatchesOnnxRuntimesKernel} checks that
 * the replacement computes what the kernel does.
 */
class LstmRuleTest {

  private static final long T = 4;
  private static final long N = 3;
  private static final long C = 5;
  private static final long H = 2;

  private static String lstm(GraphBuilder b, boolean withBias, boolean withState, int outputsUsed) {
    List<String> in = new ArrayList<>(List.of("x", "w", "r", withBias ? "b" : ""));
    if (withState) {
      in.addAll(List.of("", "h0", "c0"));
    }
    List<String> out = b.op("LSTM", in, Map.of("hidden_size", H), 3);
    List<String> flat = new ArrayList<>();
    for (int i = 0; i < outputsUsed; i++) {
      flat.add(b.reshape(out.get(i), -1));
    }
    return flat.size() == 1 ? flat.get(0) : b.op("Concat", flat, Map.of("axis", 0L));
  }

  private static GradCheck inputs(GradCheck g, boolean withBias, boolean withState) {
    // values of about 0.5 keep the gates away from saturation, where the check would test nothing
    g.input("x", randn(1, T, N, C)).input("w", scaled(randn(2, 1, 4 * H, C))).input("r", scaled(randn(3, 1, 4 * H, H)));
    if (withBias) {
      g.input("b", scaled(randn(4, 1, 8 * H)));
    }
    if (withState) {
      g.input("h0", randn(5, 1, N, H)).input("c0", randn(6, 1, N, H));
    }
    return g;
  }

  private static Tensor scaled(Tensor t) {
    double[] v = t.toDoubles();
    for (int i = 0; i < v.length; i++) {
      v[i] *= 0.5;
    }
    return Tensor.ofDoubles(v, t.dims());
  }

  @Test
  void allInputs_throughAllOutputs_float64() {
    GradCheck.Report r = inputs(GradCheck.of(b -> lstm(b, true, true, 3)).label("LSTM Y,Y_h,Y_c"), true, true)
        .rewrite(LstmUnroll::apply).check();
    assertThat(r.precision()).isEqualTo(DataType.DOUBLE);
  }

  @Test
  void onlyY_noBias_zeroState() {
    inputs(GradCheck.of(b -> lstm(b, false, false, 1)).label("LSTM Y only"), false, false).rewrite(LstmUnroll::apply).check();
  }

  @Test
  void onlyFinalState_throughANonlinearLoss() {
    inputs(GradCheck.of(b -> {
      List<String> out = b.op("LSTM", List.of("x", "w", "r", "b", "", "h0", "c0"), Map.of("hidden_size", H), 3);
      return b.add(out.get(1), b.mul(out.get(2), out.get(2)));
    }).label("LSTM Y_h + Y_c^2"), true, true).rewrite(LstmUnroll::apply).check();
  }

  @Test
  void oneStep() {
    GradCheck.of(b -> lstm(b, true, true, 3)).label("LSTM T=1").input("x", randn(7, 1, N, C))
        .input("w", scaled(randn(2, 1, 4 * H, C))).input("r", scaled(randn(3, 1, 4 * H, H)))
        .input("b", scaled(randn(4, 1, 8 * H))).input("h0", randn(5, 1, N, H)).input("c0", randn(6, 1, N, H))
        .rewrite(LstmUnroll::apply).check();
  }

  @Test
  void unrollMatchesOnnxRuntimesKernel() {
    GraphBuilder b = new GraphBuilder("lstm");
    b.input("x", DataType.FLOAT, T, N, C);
    b.input("w", DataType.FLOAT, 1, 4 * H, C);
    b.input("r", DataType.FLOAT, 1, 4 * H, H);
    b.input("b", DataType.FLOAT, 1, 8 * H);
    b.input("h0", DataType.FLOAT, 1, N, H);
    b.input("c0", DataType.FLOAT, 1, N, H);
    String y = lstm(b, true, true, 3);
    b.output(new ValueInfo(y, DataType.FLOAT, null, null));
    Map<String, Tensor> feed = new java.util.LinkedHashMap<>();
    feed.put("x", randn(1, T, N, C).cast(DataType.FLOAT));
    feed.put("w", scaled(randn(2, 1, 4 * H, C)).cast(DataType.FLOAT));
    feed.put("r", scaled(randn(3, 1, 4 * H, H)).cast(DataType.FLOAT));
    feed.put("b", scaled(randn(4, 1, 8 * H)).cast(DataType.FLOAT));
    feed.put("h0", randn(5, 1, N, H).cast(DataType.FLOAT));
    feed.put("c0", randn(6, 1, N, H).cast(DataType.FLOAT));
    double[] kernel;
    double[] unrolled;
    try (CompiledGraph g = CompiledGraph.compile(Model.of(b.build()))) {
      kernel = g.runTensors(feed).values().iterator().next().toDoubles();
    }
    try (CompiledGraph g = CompiledGraph.compile(Model.of(LstmUnroll.apply(b.build())))) {
      unrolled = g.runTensors(feed).values().iterator().next().toDoubles();
    }
    assertThat(kernel).hasSize((int) (T * N * H + 2 * N * H));
    for (int i = 0; i < kernel.length; i++) {
      assertThat(unrolled[i]).as("element %d", i).isCloseTo(kernel[i], within(1e-5));
    }
  }

  @Test
  void bidirectional_isRefusedWithWhatToDo() {
    assertThatThrownBy(() -> inputs(GradCheck.of(b -> b.reshape(b.op("LSTM", List.of("x", "w", "r"),
        Map.of("hidden_size", H, "direction", "bidirectional"), 3).get(0), -1)), false, false).check())
        .hasMessageContaining("runs bidirectional").hasMessageContaining("direction forward");
  }
}
