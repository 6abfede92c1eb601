package dev.fastj.onnx.autodiff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.fastj.onnx.graph.DataType;
import dev.fastj.onnx.graph.GraphBuilder;
import dev.fastj.onnx.graph.Model;
import dev.fastj.onnx.graph.ShapeRules;
import dev.fastj.onnx.graph.Tensor;
import dev.fastj.onnx.graph.ValueInfo;
import dev.fastj.onnx.runtime.CompiledGraph;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Dropout in training mode draws a new mask on every run, so finite differences (which need
 * repeated runs of the same function) cannot check it; instead one run's outputs are checked
 * against each other: Y = X * mask / (1 - ratio) and dX = dY * mask / (1 - ratio), with the
 * mask the node output and dY a known seed. The inference form is checked by finite
 * differences in {@link NormRulesTest}.
 */
class DropoutRuleTest {

  private static final DataType D = DataType.DOUBLE;

  private static double[][] run(boolean dynamicTraining, boolean training) {
    GraphBuilder b = new GraphBuilder("dropout");
    b.input("x", D, 4, 50);
    String mode;
    if (dynamicTraining) {
      mode = b.input("training", DataType.BOOL);
    } else {
      mode = b.constant(Tensor.ofBools(new boolean[] {true}));
    }
    List<String> outs = b.op("Dropout", List.of("x", b.scalar(D, 0.25), mode), Map.of("seed", 3L), 2);
    Tensor seed = GradCheck.randn(9, 4, 50);
    String dy = b.constant(seed);
    Autodiff.Result r = Autodiff.backward(b, outs.get(0), List.of("x"), GradientRules.defaults(),
        ShapeRules.defaults(), Autodiff.Options.defaults().withSeed(dy));
    b.output(new ValueInfo(outs.get(0), D, null, null));
    b.output(new ValueInfo(b.cast(outs.get(1), D), D, null, null));
    b.output(new ValueInfo(r.gradient("x"), D, null, null));
    Tensor x = GradCheck.randn(8, 4, 50);
    Map<String, Tensor> feed = dynamicTraining
        ? Map.of("x", x, "training", Tensor.ofBools(new boolean[] {training}))
        : Map.of("x", x);
    try (CompiledGraph g = CompiledGraph.compile(Model.of(b.build()))) {
      Map<String, Tensor> out = g.runTensors(feed);
      List<Tensor> values = List.copyOf(out.values());
      return new double[][] {x.toDoubles(), seed.toDoubles(), values.get(0).toDoubles(),
          values.get(1).toDoubles(), values.get(2).toDoubles()};
    }
  }

  private static void assertMasked(double[][] r, double scale) {
    double[] x = r[0];
    double[] dy = r[1];
    double[] y = r[2];
    double[] mask = r[3];
    double[] dx = r[4];
    int dropped = 0;
    for (int i = 0; i < x.length; i++) {
      assertThat(y[i]).isCloseTo(x[i] * mask[i] * scale, within(1e-12));
      assertThat(dx[i]).isCloseTo(dy[i] * mask[i] * scale, within(1e-12));
      dropped += mask[i] == 0 ? 1 : 0;
    }
    // a mask that drops nothing (or everything) would not test the rule
    assertThat(dropped).isBetween(20, 80);
  }

  @Test
  void trainingMode_gradientIsMaskedAndScaled() {
    assertMasked(run(false, true), 1 / 0.75);
  }

  @Test
  void trainingModeInput_true_masks_false_passesThrough() {
    assertMasked(run(true, true), 1 / 0.75);
    double[][] r = run(true, false);
    assertThat(r[4]).containsExactly(r[1], within(1e-12));
  }

  @Test
  void trainingMode_withoutMaskOutput_failsNamingTheNode() {
    GraphBuilder b = new GraphBuilder("dropout");
    b.input("x", D, 2, 3);
    String y = b.op("Dropout", List.of("x", b.scalar(D, 0.5), b.constant(Tensor.ofBools(new boolean[] {true}))),
        Map.of());
    assertThatThrownBy(() -> Autodiff.backward(b, y, List.of("x"), GradientRules.defaults(), ShapeRules.defaults()))
        .hasStackTraceContaining("needs its mask output")
        .hasStackTraceContaining("Dropout");
  }
}
