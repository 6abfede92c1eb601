package dev.fastj.onnx.autodiff;

import static dev.fastj.onnx.autodiff.GradCheck.awayFromZero;
import static dev.fastj.onnx.autodiff.GradCheck.randn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fastj.onnx.graph.DataType;
import dev.fastj.onnx.graph.GraphBuilder;
import dev.fastj.onnx.graph.ShapeRules;
import dev.fastj.onnx.graph.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Finite-difference checks of the further activations and Tile. */
class ActivationRulesTest {

  @Test
  void activations() {
    for (String op : List.of("Elu", "Selu", "Softsign")) {
      GradCheck.of(b -> b.op(op, "x")).label(op).input("x", awayFromZero(1, 0.05, 3, 4)).check();
    }
    GradCheck.of(b -> b.op("Elu", List.of("x"), Map.of("alpha", 0.5f))).label("Elu alpha")
        .input("x", awayFromZero(2, 0.05, 3, 4)).check();
  }

  @Test
  void hardSigmoidAndHardSwish_awayFromTheirKinks() {
    Tensor x = Tensor.ofDoubles(new double[] {-4.1, -2.9, -1.3, -0.4, 0.2, 1.1, 2.2, 2.8, 3.4, 5.0}, 2, 5);
    GradCheck.of(b -> b.op("HardSigmoid", "x")).label("HardSigmoid").input("x", x).check();
    GradCheck.of(b -> b.op("HardSwish", "x")).label("HardSwish").input("x", x).check();
  }

  @Test
  void prelu_withBroadcastSlope() {
    GradCheck.of(b -> b.op("PRelu", "x", "s")).label("PRelu").input("x", awayFromZero(3, 0.05, 2, 3, 2))
        .input("s", Tensor.ofDoubles(new double[] {0.1, 0.2, 0.3}, 3, 1)).check();
  }

  @Test
  void piecewiseConstantOps_passNoGradient() {
    GraphBuilder b = new GraphBuilder("g");
    b.input("x", DataType.DOUBLE, 3);
    String loss = b.reduceSum(b.op("Floor", "x"), false);
    Autodiff.Result r = Autodiff.backward(b, loss, List.of("x"), GradientRules.defaults(), ShapeRules.defaults());
    assertThat(r.unreached()).containsExactly("x");
    GradCheck.of(g -> g.add(g.op("Round", "x"), g.mul("x", "x"))).label("Round + x^2").input("x",
        Tensor.ofDoubles(new double[] {0.2, 1.3, -0.7}, 3)).check();
  }

  @Test
  void tile_staticAndSymbolic() {
    GradCheck.of(b -> b.op("Tile", "x", b.longs(2, 3))).label("Tile").input("x", randn(7, 2, 3)).check();
    GradCheck.of(b -> b.op("Tile", "x", b.longs(1, 2))).label("Tile symbolic").input("x", randn(8, 2, 3))
        .batch("x").check();
  }
}
