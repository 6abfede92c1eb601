package dev.fastj.onnx.autodiff;

import static dev.fastj.onnx.autodiff.GradCheck.randn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fastj.onnx.graph.DataType;
import dev.fastj.onnx.graph.GraphBuilder;
import dev.fastj.onnx.graph.Node;
import dev.fastj.onnx.graph.ShapeRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The gradient of a weight used by several matrix products: one product over the uses' rows
 * concatenated ({@link GradSum}), checked by finite differences and by counting nodes.
 */
class SharedWeightProductsTest {

  /**
   * w [4, 3] in 2-D MatMuls of 2, 5 and a symbolic number of rows, a batched 3-D MatMul (folded
   * into rows), a Gemm with transB (its product has the operands the other way round) whose
   * result is multiplied by w again, and an element-wise use that is not a product.
   */
  @Test
  void weightSharedByProductsOfDifferentRowCounts_matchesFiniteDifferences() {
    GradCheck.of(b -> {
      List<String> rows = new ArrayList<>();
      rows.add(b.matMul("a1", "w"));
      rows.add(b.matMul("a2", "w"));
      rows.add(b.matMul("x", "w"));
      rows.add(b.reshape(b.matMul("a3", "w"), -1, 3));
      String back = b.op("Gemm", List.of("c", "w"), Map.of("transB", 1L));   // [2, 4]
      rows.add(b.matMul(b.op("Tanh", back), "w"));
      rows.add(b.mul("w", "w"));
      return b.op("Concat", rows, Map.of("axis", 0L));
    }).label("shared weight, fused products")
        .options(o -> o.withFuseProductsFrom(0))
        .input("w", randn(1, 4, 3))
        .input("a1", randn(2, 2, 4))
        .input("a2", randn(3, 5, 4))
        .input("x", randn(4, 6, 4))
        .input("a3", randn(5, 2, 3, 4))
        .input("c", randn(6, 2, 3))
        .batch("x")
        .check();
  }

  /**
   * An unrolled recurrence over a symbolic batch, r used by every step as nn.LSTM uses
   * {@code weight_hh^T} (fed as it is: ONNX Runtime fuses a Transpose into its MatMul, even
   * without optimizations, and the fused kernel has no float64).
   */
  @Test
  void recurrenceOverSymbolicBatch_matchesFiniteDifferences() {
    GradCheck.of(b -> {
      String h = "h0";
      List<String> hs = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        h = b.op("Tanh", b.add("x" + t, b.matMul(h, "r")));
        hs.add(h);
      }
      return b.op("Concat", hs, Map.of("axis", 1L));
    }).label("recurrence, fused products")
        .options(o -> o.withFuseProductsFrom(0))
        .input("r", randn(9, 3, 3))
        .input("h0", randn(10, 2, 3))
        .input("x0", randn(11, 2, 3)).input("x1", randn(12, 2, 3))
        .input("x2", randn(13, 2, 3)).input("x3", randn(14, 2, 3))
        .batch("h0", "x0", "x1", "x2", "x3")
        .check();
  }

  @Test
  void oneProductOnly_staysAPlainGemm() {
    GradCheck.of(b -> b.matMul("x", "w")).label("single product, symbolic rows")
        .options(o -> o.withFuseProductsFrom(0))
        .input("x", randn(7, 5, 4)).input("w", randn(8, 4, 3)).batch("x").check();
  }

  @Test
  void unrolledRecurrence_getsOneProductForTheSharedWeightWhereItHadOnePerStep() {
    int steps = 6;
    Counts fused = recurrence(steps, 8, 8, Autodiff.Options.defaults().withFuseProductsFrom(0));
    Counts separate = recurrence(steps, 8, 8, Autodiff.Options.defaults().withFuseProductsFrom(Long.MAX_VALUE));

    // each step's product into r's gradient (transA) and its product into h's (transB)
    assertThat(separate.weightProducts).isEqualTo(steps);
    assertThat(separate.sums).isEqualTo(1);
    assertThat(fused.weightProducts).isEqualTo(1);
    assertThat(fused.sums).isZero();
    assertThat(fused.concats).isEqualTo(2);
    assertThat(fused.inputProducts).isEqualTo(separate.inputProducts).isEqualTo(steps - 1);
    assertThat(fused.transposes).isEqualTo(separate.transposes);
  }

  @Test
  void byDefault_onlyWeightsOfAtLeastTheThresholdAreFused() {
    // 256 x 256 is half the default threshold of 2^17 elements, 512 x 256 reaches it
    assertThat(recurrence(3, 256, 256, Autodiff.Options.defaults()).weightProducts).isEqualTo(3);
    assertThat(recurrence(3, 512, 256, Autodiff.Options.defaults()).weightProducts).isEqualTo(1);
    assertThatThrownBy(() -> Autodiff.Options.defaults().withFuseProductsFrom(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
  }

  private record Counts(int weightProducts, int inputProducts, int sums, int concats, int transposes) {}

  /**
   * h_{t+1} = tanh(x_t + h_t r), the loss the sum of the last h, r [hidden, width] the Transpose
   * of the weight w [width, hidden] (h keeps the first hidden columns of a wider step).
   */
  private static Counts recurrence(int steps, int width, int hidden, Autodiff.Options options) {
    GraphBuilder b = new GraphBuilder("rnn");
    b.input("h0", DataType.FLOAT, -1, hidden);
    b.input("w", DataType.FLOAT, width, hidden);
    String rT = b.transpose("w", 1, 0);
    String h = "h0";
    for (int t = 0; t < steps; t++) {
      String xt = b.input("x" + t, DataType.FLOAT, -1, width);
      if (width != hidden) {
        // keep h at the hidden size: the first half of the step's width
        h = b.op("Tanh", b.op("Slice", b.add(xt, b.matMul(h, rT)), b.longs(0), b.longs(hidden), b.longs(1)));
        continue;
      }
      h = b.op("Tanh", b.add(xt, b.matMul(h, rT)));
    }
    String loss = b.reduceSum(h, false);
    int forward = b.nodeCount();
    Autodiff.Result r = Autodiff.backward(b, loss, List.of("w"), GradientRules.defaults(), ShapeRules.defaults(),
        options);
    assertThat(r.gradient("w")).isNotNull();
    int weightProducts = 0;
    int inputProducts = 0;
    int sums = 0;
    int concats = 0;
    int transposes = 0;
    for (int i = forward; i < b.nodeCount(); i++) {
      Node n = b.node(i);
      switch (n.opType()) {
        case "Gemm" -> {
          if (n.attrLong("transA", 0) != 0) {
            weightProducts++;
          } else {
            inputProducts++;
          }
        }
        case "MatMul" -> inputProducts++;
        case "Sum", "Add" -> sums++;
        case "Concat" -> concats++;
        case "Transpose" -> transposes++;
        default -> { }
      }
    }
    return new Counts(weightProducts, inputProducts, sums, concats, transposes);
  }
}
