package dev.fastj.onnx.autodiff;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fastj.onnx.graph.DataType;
import dev.fastj.onnx.graph.GraphBuilder;
import dev.fastj.onnx.graph.ShapeRules;
import dev.fastj.onnx.graph.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Configurations the neural-network rules do not differentiate fail naming the node and why. */
class NnRuleErrorsTest {

  private static final DataType F = DataType.FLOAT;

  private static void backward(GraphBuilder b, String y, String... wrt) {
    Autodiff.backward(b, y, List.of(wrt), GradientRules.defaults(), ShapeRules.defaults());
  }

  @Test
  void resize_cubic_isRejectedWithTheMode() {
    GraphBuilder b = new GraphBuilder("g");
    b.input("x", F, 1, 1, 4, 4);
    String y = b.op("Resize", List.of("x", "", b.constant(Tensor.ofFloats(new float[] {1, 1, 2, 2}, 4))),
        Map.of("mode", "cubic"));
    assertThatThrownBy(() -> backward(b, b.reduceSum(y, false), "x"))
        .hasStackTraceContaining("Resize")
        .hasStackTraceContaining("mode 'cubic' is not supported");
  }

  @Test
  void pad_reflectWithRuntimePads_isRejected() {
    GraphBuilder b = new GraphBuilder("g");
    b.input("x", F, 2, 3);
    b.input("pads", DataType.INT64, 4);
    String y = b.op("Pad", List.of("x", "pads"), Map.of("mode", "reflect"));
    assertThatThrownBy(() -> backward(b, b.reduceSum(y, false), "x"))
        .hasStackTraceContaining("Pad")
        .hasStackTraceContaining("needs constant pads");
  }

  @Test
  void batchNorm_gradientIntoRunningMean_isRejected() {
    GraphBuilder b = new GraphBuilder("g");
    b.input("x", F, 4, 2);
    String c = b.constant(Tensor.full(F, 1, 2));
    List<String> outs = b.op("BatchNormalization", List.of("x", c, c, c, c), Map.of("training_mode", 1L), 3);
    String loss = b.add(b.reduceSum(outs.get(0), false), b.reduceSum(outs.get(1), false));
    assertThatThrownBy(() -> backward(b, loss, "x"))
        .hasStackTraceContaining("the running mean")
        .hasStackTraceContaining("BatchNormalization");
  }

  @Test
  void conv_dynamicSpatialSize_isRejectedWithTheShapes() {
    GraphBuilder b = new GraphBuilder("g");
    b.input("x", F, 1, 2, -1, 5);
    b.input("w", F, 3, 2, 3, 3);
    String y = b.op("Conv", "x", "w");
    assertThatThrownBy(() -> backward(b, b.reduceSum(y, false), "x", "w"))
        .hasStackTraceContaining("needs static spatial sizes")
        .hasStackTraceContaining("Conv");
  }
}
