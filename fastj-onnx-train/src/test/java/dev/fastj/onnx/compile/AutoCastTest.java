package dev.fastj.onnx.compile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fastj.onnx.graph.DataType;
import dev.fastj.onnx.graph.Graph;
import dev.fastj.onnx.graph.GraphBuilder;
import dev.fastj.onnx.graph.Node;
import dev.fastj.onnx.graph.ShapeInference;
import dev.fastj.onnx.graph.ShapeRules;
import dev.fastj.onnx.graph.Tensor;
import dev.fastj.onnx.graph.ValueInfo;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AutoCastTest {

  @Test
  void apply_halvesConvs_followsThroughPoolsAndConstants_promotesMixedAdds_andKeepsSoftmaxFloat() {
    GraphBuilder b = new GraphBuilder("g");
    String x = b.input("x", DataType.FLOAT, -1, 3, 8, 8);
    String w = b.input("w", DataType.FLOAT, 4, 3, 3, 3);
    String y = b.input("y", DataType.FLOAT, -1, 4, 3, 3);
    String conv = b.op("Conv", x, w);
    List<String> pool = b.op("MaxPool", List.of(conv), Map.of("kernel_shape", new long[] {2, 2}), 2);
    String scaled = b.mul(pool.get(0), b.scalar(0.5));
    String relu = b.op("Relu", scaled);
    String sum = b.add(relu, y);
    String soft = b.op("Softmax", sum);

    AutoCast.Result r = AutoCast.apply(b, ShapeRules.defaults(), List.of(relu, soft));
    Graph g = r.builder().build();
    Map<String, ValueInfo> t = ShapeInference.infer(g, ShapeRules.defaults());
    Map<String, Node> producers = g.producers();

    assertThat(type(t, producers.get(conv).input(0))).isEqualTo(DataType.FLOAT16);
    assertThat(type(t, producers.get(conv).input(1))).isEqualTo(DataType.FLOAT16);
    assertThat(type(t, conv)).isEqualTo(DataType.FLOAT16);
    assertThat(type(t, pool.get(0))).isEqualTo(DataType.FLOAT16);
    assertThat(type(t, pool.get(1))).as("MaxPool's indices").isEqualTo(DataType.INT64);
    // a constant follows the variable it meets
    assertThat(type(t, scaled)).isEqualTo(DataType.FLOAT16);
    assertThat(type(t, relu)).isEqualTo(DataType.FLOAT16);
    // float16 meeting a float32 variable runs in float32
    assertThat(type(t, sum)).isEqualTo(DataType.FLOAT);
    assertThat(type(t, producers.get(sum).input(0))).isEqualTo(DataType.FLOAT);
    assertThat(type(t, soft)).isEqualTo(DataType.FLOAT);
    // the caller reads relu as float32 under its new name; soft was float32 already
    assertThat(r.floatName(soft)).isEqualTo(soft);
    assertThat(r.floatName(relu)).isNotEqualTo(relu);
    assertThat(type(t, r.floatName(relu))).isEqualTo(DataType.FLOAT);
    // every value is cast at most once per precision: x, w, 0.5 to float16, relu to float32
    // (shared by the Add and the caller)
    assertThat(producers.get(sum).input(0)).isEqualTo(r.floatName(relu));
    long casts = g.nodes().stream().filter(n -> n.opType().equals("Cast")).count();
    assertThat(casts).isEqualTo(4);
    assertThat(r.halfNodes()).isEqualTo(4);
  }

  @Test
  void apply_leavesIntegerShapeArithmeticAlone() {
    GraphBuilder b = new GraphBuilder("g");
    String x = b.input("x", DataType.FLOAT, -1, 6);
    String w = b.input("w", DataType.FLOAT, 6, 4);
    String mm = b.matMul(x, w);
    String shape = b.op("Shape", mm);
    String doubled = b.mul(shape, b.constant(Tensor.ofLongs(new long[] {1, 1}, 2)));
    String back = b.op("Reshape", mm, doubled);

    AutoCast.Result r = AutoCast.apply(b, ShapeRules.defaults(), List.of(back));
    Map<String, ValueInfo> t = ShapeInference.infer(r.builder().build(), ShapeRules.defaults());
    assertThat(type(t, doubled)).isEqualTo(DataType.INT64);
    assertThat(type(t, back)).isEqualTo(DataType.FLOAT16);
    assertThat(type(t, r.floatName(back))).isEqualTo(DataType.FLOAT);
  }

  private static DataType type(Map<String, ValueInfo> t, String v) {
    return t.get(v) == null ? null : t.get(v).type();
  }
}
