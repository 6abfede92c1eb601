package dev.fastj.onnx.autodiff;

import static dev.fastj.onnx.autodiff.GradCheck.randn;

import dev.fastj.onnx.graph.DataType;
import dev.fastj.onnx.graph.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Finite-difference checks of the data-movement gradient rules. */
class ShapeOpsRulesTest {

  @Test
  void reshapeFlattenSqueezeUnsqueeze() {
    GradCheck.of(b -> b.reshape("x", 0, -1)).label("Reshape").input("x", randn(1, 2, 3, 2)).check();
    GradCheck.of(b -> b.op("Flatten", List.of("x"), Map.of("axis", 2L))).label("Flatten").input("x", randn(2, 2, 3, 2)).check();
    GradCheck.of(b -> b.op("Squeeze", "x", b.longs(1))).label("Squeeze").input("x", randn(3, 2, 1, 3)).check();
    GradCheck.of(b -> b.op("Unsqueeze", "x", b.longs(0, 3))).label("Unsqueeze").input("x", randn(4, 2, 3)).check();
  }

  @Test
  void reshape_symbolicBatch() {
    GradCheck.of(b -> b.mul(b.reshape("x", -1, 6), "s")).label("Reshape symbolic").input("x", randn(5, 2, 3, 2))
        .input("s", randn(6, 6)).batch("x").check();
  }

  @Test
  void transpose_withAndWithoutPerm() {
    GradCheck.of(b -> b.transpose("x", 2, 0, 1)).label("Transpose perm").input("x", randn(7, 2, 3, 4)).check();
    GradCheck.of(b -> b.op("Transpose", "x")).label("Transpose default").input("x", randn(8, 2, 3, 4)).check();
  }

  @Test
  void expand_sumsOverExpandedAxes() {
    GradCheck.of(b -> b.op("Expand", "x", b.longs(2, 3, 4))).label("Expand").input("x", randn(9, 3, 1)).check();
  }

  @Test
  void concat_staticAndSymbolic() {
    GradCheck.of(b -> b.op("Concat", List.of("x", "y", "z"), Map.of("axis", 1L))).label("Concat")
        .input("x", randn(10, 2, 1, 3)).input("y", randn(11, 2, 2, 3)).input("z", randn(12, 2, 3, 3)).check();
    GradCheck.of(b -> b.op("Concat", List.of("x", "y"), Map.of("axis", 0L))).label("Concat dynamic sizes")
        .input("x", randn(13, 2, 3)).input("y", randn(14, 3, 3)).batch("x", "y").check();
  }

  @Test
  void split_withSizesAndNumOutputs_unusedOutputGetsZeros() {
    GradCheck.of(b -> {
      List<String> parts = b.op("Split", List.of("x", b.longs(1, 3)), Map.of("axis", 1L), 2);
      return b.mul(parts.get(1), parts.get(1));
    }).label("Split sizes, one output used").input("x", randn(15, 2, 4)).check();
    GradCheck.of(b -> {
      List<String> parts = b.op("Split", List.of("x"), Map.of("axis", 0L, "num_outputs", 3L), 3);
      return b.add(b.mul(parts.get(0), parts.get(2)), parts.get(1));
    }).label("Split num_outputs").input("x", randn(16, 6, 2)).check();
  }

  @Test
  void slice_unitStepsByPad() {
    GradCheck.of(b -> b.op("Slice", "x", b.longs(1, -3), b.longs(3, 100), b.longs(0, 2)))
        .label("Slice steps 1").input("x", randn(17, 4, 2, 5)).check();
  }

  @Test
  void slice_stridedAndNegativeSteps() {
    GradCheck.of(b -> b.op("Slice", "x", b.longs(0, 4), b.longs(4, Long.MIN_VALUE), b.longs(0, 1), b.longs(2, -2)))
        .label("Slice steps 2,-2").input("x", randn(18, 4, 5)).check();
    GradCheck.of(b -> b.op("Slice", "x", b.longs(-1), b.longs(Long.MIN_VALUE), b.longs(1), b.longs(-1)))
        .label("Slice reverse").input("x", randn(19, 2, 3)).check();
  }

  @Test
  void slice_symbolicBatch() {
    GradCheck.of(b -> b.op("Slice", "x", b.longs(1), b.longs(3), b.longs(1)))
        .label("Slice symbolic").input("x", randn(20, 3, 4)).batch("x").check();
  }

  @Test
  void gather_embeddingRowsWithRepeats() {
    GradCheck.of(b -> b.op("Gather", "emb", "idx")).label("Gather axis 0 (embedding)")
        .input("emb", randn(21, 5, 3))
        .input("idx", Tensor.ofLongs(new long[] {1, 3, 1, 4, 0, 1}, 2, 3))
        .check();
  }

  /**
   * A tabular model's entity embeddings: column i of the codes [N, nCat] (a Gather on axis 1 of an
   * int64 input, which gets no gradient) looks rows up in each column's table, and the lookups are
   * concatenated; codes repeat within a column (rows of the same class), so the tables' gradients
   * add up, and a batch of symbolic size is the case the train step compiles.
   */
  @Test
  void gather_tabularEmbeddingsOfCodeColumns() {
    GradCheck.of(b -> {
      String c0 = b.op("Gather", List.of("codes", b.constant(Tensor.scalar(DataType.INT64, 0))), Map.of("axis", 1L));
      String c1 = b.op("Gather", List.of("codes", b.constant(Tensor.scalar(DataType.INT64, 1))), Map.of("axis", 1L));
      String e0 = b.op("Gather", "emb0", c0);
      String e1 = b.op("Gather", "emb1", c1);
      return b.op("Concat", List.of(e0, e1, "x"), Map.of("axis", 1L));
    }).label("tabular embeddings")
        .input("emb0", randn(27, 3, 2))
        .input("emb1", randn(28, 5, 4))
        .input("codes", Tensor.ofLongs(new long[] {0, 4, 2, 4, 0, 1, 2, 4, 2, 0, 1, 4}, 6, 2))
        .input("x", randn(29, 6, 3))
        .batch("codes").batch("x")
        .check();
  }

  @Test
  void gather_innerAxisAndNegativeIndices() {
    GradCheck.of(b -> b.op("Gather", List.of("x", "idx"), Map.of("axis", 1L))).label("Gather axis 1")
        .input("x", randn(22, 2, 4, 3))
        .input("idx", Tensor.ofLongs(new long[] {-1, 0, 2, 0}, 4))
        .check();
    GradCheck.of(b -> b.op("Gather", List.of("x", "idx"), Map.of("axis", 2L))).label("Gather axis 2 scalar index")
        .input("x", randn(23, 2, 4, 3))
        .input("idx", Tensor.ofLongs(new long[] {1}))
        .check();
  }

  @Test
  void gatherElements() {
    GradCheck.of(b -> b.op("GatherElements", List.of("x", "idx"), Map.of("axis", 1L))).label("GatherElements")
        .input("x", randn(24, 2, 3))
        .input("idx", Tensor.ofLongs(new long[] {0, 2, 2, 1, 1, 0}, 2, 3))
        .check();
  }

  @Test
  void unknownInputShape_usesDynamicFormulations() {
    GradCheck.of(b -> b.add(b.mul("x", "y"), b.op("Slice", "x", b.longs(0), b.longs(1), b.longs(1))))
        .label("dynamic sum-to-shape and slice").input("x", randn(25, 3, 2)).input("y", randn(26, 2))
        .unknownShape("x", "y").check();
  }
}
