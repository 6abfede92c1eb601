package dev.fastj.onnx.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Static shape inference with the built-in rules. */
class ShapeInferenceTest {

  private static ValueInfo infer(GraphBuilder b, String value) {
    return ShapeInference.infer(b.build(), ShapeRules.defaults()).get(value);
  }

  private static long[] dims(GraphBuilder b, String value) {
    return infer(b, value).dims();
  }

  @Test
  void broadcasting_keepsTheBatchName() {
    GraphBuilder b = new GraphBuilder("g");
    b.input("x", DataType.FLOAT, -1, 1, 3);
    b.input("y", DataType.FLOAT, 4, 1);
    String z = b.add("x", "y");
    ValueInfo v = infer(b, z);
    assertThat(v.dims()).containsExactly(-1, 4, 3);
    assertThat(v.dimNames()[0]).isEqualTo("N");
    assertThat(v.type()).isEqualTo(DataType.FLOAT);
  }

  @Test
  void comparisonsGiveBool_castChangesType_whereBroadcasts() {
    GraphBuilder b = new GraphBuilder("g");
    b.input("x", DataType.FLOAT, 2, 3);
    b.input("y", DataType.FLOAT, 3);
    String c = b.op("Less", "x", "y");
    String w = b.op("Where", c, "x", "y");
    String k = b.cast("x", DataType.INT64);
    assertThat(infer(b, c).type()).isEqualTo(DataType.BOOL);
    assertThat(dims(b, w)).containsExactly(2, 3);
    assertThat(infer(b, k).type()).isEqualTo(DataType.INT64);
  }

  @Test
  void matMul_batchedBroadcastAndVectors() {
    GraphBuilder b = new GraphBuilder("g");
    b.input("a", DataType.FLOAT, -1, 1, 3, 4);
    b.input("w", DataType.FLOAT, 5, 4, 2);
    b.input("v", DataType.FLOAT, 4);
    assertThat(dims(b, b.matMul("a", "w"))).containsExactly(-1, 5, 3, 2);
    assertThat(dims(b, b.matMul("a", "v"))).containsExactly(-1, 1, 3);
    assertThat(dims(b, b.matMul("v", "w"))).containsExactly(5, 2);
  }

  @Test
  void gemm_transposes() {
    GraphBuilder b = new GraphBuilder("g");
    b.input("a", DataType.FLOAT, 4, 3);
    b.input("w", DataType.FLOAT, 5, 4);
    String y = b.op("Gemm", List.of("a", "w"), Map.of("transA", 1L, "transB", 1L));
    assertThat(dims(b, y)).containsExactly(3, 5);
  }

  @Test
  void reshape_zeroCopiesAndMinusOneInfers_evenWithASymbolicBatch() {
    GraphBuilder b = new GraphBuilder("g");
    b.input("x", DataType.FLOAT, -1, 3, 4);
    b.input("s", DataType.FLOAT, 2, 3, 4);
    ValueInfo v = infer(b, b.reshape("x", 0, -1));
    assertThat(v.dims()).containsExactly(-1, 12);
    assertThat(v.dimNames()[0]).isEqualTo("N");
    ValueInfo v2 = infer(b, b.reshape("x", -1, 12));
    assertThat(v2.dims()).containsExactly(-1, 12);
    assertThat(v2.dimNames()[0]).isEqualTo("N");
    assertThat(dims(b, b.reshape("s", 4, -1))).containsExactly(4, 6);
  }

  @Test
  void exporterStyleShapeArithmetic_isFolded() {
    // PyTorch's x.view(x.size(0), -1): Shape -> Gather -> Unsqueeze -> Concat -> Reshape
    GraphBuilder b = new GraphBuilder("g");
    b.input("x", DataType.FLOAT, 2, 3, 4);
    String shape = b.op("Shape", "x");
    String n = b.op("Gather", shape, b.constant(Tensor.scalar(DataType.INT64, 0)));
    String n1 = b.op("Unsqueeze", n, b.longs(0));
    String target = b.op("Concat", List.of(n1, b.longs(-1)), Map.of("axis", 0L));
    String y = b.op("Reshape", "x", target);
    assertThat(dims(b, y)).containsExactly(2, 12);
  }

  @Test
  void exporterStyleShapeArithmetic_keepsTheSymbolicBatch() {
    // x.view(x.size(0), -1) with a dynamic batch: the target holds the batch symbol
    GraphBuilder b = new GraphBuilder("g");
    b.input("x", DataType.FLOAT, -1, 3, 4);
    String n = b.op("Gather", b.op("Shape", "x"), b.constant(Tensor.scalar(DataType.INT64, 0)));
    String target = b.op("Concat", List.of(b.op("Unsqueeze", n, b.longs(0)), b.longs(-1)), Map.of("axis", 0L));
    ValueInfo y = infer(b, b.op("Reshape", "x", target));
    assertThat(y.dims()).containsExactly(-1, 12);
    assertThat(y.dimNames()[0]).isEqualTo("N");
    ValueInfo z = infer(b, b.op("ConstantOfShape", b.op("Shape", "x")));
    assertThat(z.dims()).containsExactly(-1, 3, 4);
    assertThat(z.dimNames()[0]).isEqualTo("N");
  }

  @Test
  void pytorchPadArithmetic_isFoldedToConstantPads() {
    Model m = dev.fastj.onnx.proto.OpsetUpgrade.to18(dev.fastj.onnx.proto.OnnxReader.read(
        java.nio.file.Path.of("src/test/resources/dev/fastj/onnx/torch/mixed_op17_train.onnx")));
    Map<String, ValueInfo> all = ShapeInference.infer(m.graph(), ShapeRules.defaults());
    Node pad = m.graph().nodes().stream().filter(n -> n.opType().equals("Pad")).findFirst().orElseThrow();
    ValueInfo out = all.get(pad.output(0));
    assertThat(out.dims()).containsExactly(-1, 3, 10, 10);
    assertThat(out.dimNames()[0]).isEqualTo("batch");
  }

  @Test
  void flattenTransposeSqueezeUnsqueeze() {
    GraphBuilder b = new GraphBuilder("g");
    b.input("x", DataType.FLOAT, -1, 1, 3, 4);
    ValueInfo f = infer(b, b.op("Flatten", "x"));
    assertThat(f.dims()).containsExactly(-1, 12);
    assertThat(f.dimNames()[0]).isEqualTo("N");
    assertThat(dims(b, b.transpose("x", 0, 2, 3, 1))).containsExactly(-1, 3, 4, 1);
    assertThat(dims(b, b.op("Transpose", "x"))).containsExactly(4, 3, 1, -1);
    assertThat(dims(b, b.op("Squeeze", "x", b.longs(1)))).containsExactly(-1, 3, 4);
    assertThat(dims(b, b.op("Unsqueeze", "x", b.longs(-1, 1)))).containsExactly(-1, 1, 1, 3, 4, 1);
  }

  @Test
  void concatSplitSlice() {
    GraphBuilder b = new GraphBuilder("g");
    b.input("x", DataType.FLOAT, 2, 3);
    b.input("y", DataType.FLOAT, 2, 5);
    assertThat(dims(b, b.op("Concat", List.of("x", "y"), Map.of("axis", -1L)))).containsExactly(2, 8);
    List<String> parts = b.op("Split", List.of("y", b.longs(1, 4)), Map.of("axis", 1L), 2);
    assertThat(dims(b, parts.get(1))).containsExactly(2, 4);
    List<String> even = b.op("Split", List.of("y"), Map.of("axis", 1L, "num_outputs", 2L), 2);
    assertThat(dims(b, even.get(0))).containsExactly(2, 3);
    assertThat(dims(b, even.get(1))).containsExactly(2, 2);
    String s = b.op("Slice", "y", b.longs(-1), b.longs(Long.MIN_VALUE), b.longs(1), b.longs(-2));
    assertThat(dims(b, s)).containsExactly(2, 3);
    String s2 = b.op("Slice", "y", b.longs(1), b.longs(100), b.longs(1));
    assertThat(dims(b, s2)).containsExactly(2, 4);
  }

  @Test
  void gatherExpandTilePadShape() {
    GraphBuilder b = new GraphBuilder("g");
    b.input("emb", DataType.FLOAT, 10, 4);
    b.input("idx", DataType.INT64, -1, 7);
    b.input("x", DataType.FLOAT, 3, 1);
    assertThat(dims(b, b.op("Gather", "emb", "idx"))).containsExactly(-1, 7, 4);
    assertThat(dims(b, b.op("Gather", List.of("emb", "idx"), Map.of("axis", 1L)))).containsExactly(10, -1, 7);
    assertThat(dims(b, b.op("Expand", "x", b.longs(2, 1, 5)))).containsExactly(2, 3, 5);
    assertThat(dims(b, b.op("Tile", "x", b.longs(2, 3)))).containsExactly(6, 3);
    assertThat(dims(b, b.op("Pad", "x", b.longs(1, 0, 2, 1)))).containsExactly(6, 2);
    String shape = b.op("Shape", "idx");
    assertThat(dims(b, shape)).containsExactly(2);
    assertThat(infer(b, shape).type()).isEqualTo(DataType.INT64);
  }

  @Test
  void reductionsWithAxesKeepdimsAndNoop() {
    GraphBuilder b = new GraphBuilder("g");
    b.input("x", DataType.FLOAT, -1, 3, 4);
    assertThat(dims(b, b.reduceSum("x", false, -1))).containsExactly(-1, 3);
    assertThat(dims(b, b.reduceMean("x", true, 1, 2))).containsExactly(-1, 1, 1);
    assertThat(dims(b, b.reduceSum("x", false))).isEmpty();
    String noop = b.op("ReduceMax", List.of("x"), Map.of("noop_with_empty_axes", 1L));
    assertThat(dims(b, noop)).containsExactly(-1, 3, 4);
    String am = b.op("ArgMax", List.of("x"), Map.of("axis", 2L, "keepdims", 0L));
    assertThat(infer(b, am).type()).isEqualTo(DataType.INT64);
    assertThat(dims(b, am)).containsExactly(-1, 3);
  }

  @Test
  void constantsConstantOfShapeAndRange() {
    GraphBuilder b = new GraphBuilder("g");
    String c = b.op("Constant", List.of(), Map.of("value", Tensor.ofFloats(new float[] {1, 2, 3, 4, 5, 6}, 2, 3)));
    String z = b.op("ConstantOfShape", List.of(b.longs(4, 5)), Map.of("value", Tensor.full(DataType.INT64, 0, 1)));
    String r = b.op("Range", b.constant(Tensor.scalar(DataType.INT64, 1)), b.constant(Tensor.scalar(DataType.INT64, 10)),
        b.constant(Tensor.scalar(DataType.INT64, 3)));
    assertThat(dims(b, c)).containsExactly(2, 3);
    assertThat(dims(b, z)).containsExactly(4, 5);
    assertThat(infer(b, z).type()).isEqualTo(DataType.INT64);
    assertThat(dims(b, r)).containsExactly(3);
  }

  @Test
  void unknownOperator_givesUnknownShapeAndInferenceGoesOn() {
    GraphBuilder b = new GraphBuilder("g");
    b.input("x", DataType.FLOAT, 2, 3);
    String u = b.op("NoSuchOp", "x");
    String y = b.add(u, "x");
    String bad = b.op("Reshape", "x", b.longs(7, -1));   // impossible reshape: must not throw
    Map<String, ValueInfo> all = ShapeInference.infer(b.build(), ShapeRules.defaults());
    assertThat(all.get(u).dims()).isNull();
    assertThat(all.get(y).dims()).isNull();
    assertThat(all).containsKey(bad);
  }

  @Test
  void constantValues_areTracked() {
    GraphBuilder b = new GraphBuilder("g");
    b.input("x", DataType.FLOAT, 2, 3);
    String shape = b.op("Shape", "x");
    String doubled = b.mul(shape, b.longs(2));
    ShapeInference si = new ShapeInference(ShapeRules.defaults());
    si.declareGraph(b.build());
    assertThat(si.constantValue(doubled).toLongs()).containsExactly(4, 6);
  }

  @Test
  void madeUpDimNames_doNotMakeUnknownDimsEqual() {
    GraphBuilder b = new GraphBuilder("g");
    b.input("x", DataType.FLOAT, -1, -1);
    ShapeInference si = new ShapeInference(ShapeRules.defaults());
    si.declareGraph(b.build());
    assertThat(si.dimNames("x")).containsExactly("N", null);
  }

  @Test
  void floatConcatOfConstants_isFolded() {
    GraphBuilder b = new GraphBuilder("g");
    String scales = b.op("Concat", List.of(b.constant(Tensor.ofFloats(new float[] {1, 1}, 2)),
        b.constant(Tensor.ofFloats(new float[] {2, 2}, 2))), Map.of("axis", 0L));
    ShapeInference si = new ShapeInference(ShapeRules.defaults());
    si.declareGraph(b.build());
    assertThat(si.constantValue(scales).toFloats()).containsExactly(1f, 1f, 2f, 2f);
  }
}
