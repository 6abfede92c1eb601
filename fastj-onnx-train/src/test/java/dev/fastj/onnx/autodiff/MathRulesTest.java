package dev.fastj.onnx.autodiff;

import static dev.fastj.onnx.autodiff.GradCheck.randn;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Finite-difference checks of MatMul, Gemm and the reductions. */
class MathRulesTest {

  @Test
  void matMul_2d() {
    GradCheck.of(b -> b.matMul("a", "w")).label("MatMul 2d").input("a", randn(1, 3, 4)).input("w", randn(2, 4, 5)).check();
  }

  @Test
  void matMul_batchedWithBroadcastBatch() {
    GradCheck.of(b -> b.matMul("a", "w")).label("MatMul batch bcast")
        .input("a", randn(3, 2, 1, 3, 4)).input("w", randn(4, 3, 4, 2)).check();
  }

  @Test
  void matMul_sharedWeightOverBatch() {
    GradCheck.of(b -> b.matMul("a", "w")).label("MatMul 3d x 2d").input("a", randn(5, 2, 3, 4))
        .input("w", randn(6, 4, 5)).check();
  }

  @Test
  void matMul_vectorOperands() {
    GradCheck.of(b -> b.matMul("v", "w")).label("MatMul vec x mat").input("v", randn(7, 4))
        .input("w", randn(8, 2, 4, 3)).check();
    GradCheck.of(b -> b.matMul("a", "v")).label("MatMul mat x vec").input("a", randn(9, 2, 3, 4))
        .input("v", randn(10, 4)).check();
    GradCheck.of(b -> b.matMul("u", "v")).label("MatMul vec x vec").input("u", randn(11, 4))
        .input("v", randn(12, 4)).check();
  }

  @Test
  void matMul_symbolicBatch() {
    GradCheck.of(b -> b.add(b.matMul("a", "w"), "bias")).label("MatMul+bias symbolic N")
        .input("a", randn(13, 3, 4)).input("w", randn(14, 4, 2)).input("bias", randn(15, 2)).batch("a").check();
  }

  @Test
  void gemm_allTransposesWithAlphaBetaAndBroadcastC() {
    for (long ta : new long[] {0, 1}) {
      for (long tb : new long[] {0, 1}) {
        GradCheck.of(b -> b.op("Gemm", List.of("a", "w", "c"),
                Map.of("transA", ta, "transB", tb, "alpha", 0.7f, "beta", 1.3f)))
            .label("Gemm tA=" + ta + " tB=" + tb)
            .input("a", ta == 0 ? randn(16, 3, 4) : randn(16, 4, 3))
            .input("w", tb == 0 ? randn(17, 4, 2) : randn(17, 2, 4))
            .input("c", randn(18, 2))
            .check();
      }
    }
  }

  @Test
  void gemm_withoutC_andColumnC() {
    GradCheck.of(b -> b.op("Gemm", List.of("a", "w"), Map.of("transB", 1L))).label("Gemm no C")
        .input("a", randn(19, 3, 4)).input("w", randn(20, 2, 4)).check();
    GradCheck.of(b -> b.op("Gemm", List.of("a", "w", "c"), Map.of())).label("Gemm C [M,1]")
        .input("a", randn(21, 3, 4)).input("w", randn(22, 4, 2)).input("c", randn(23, 3, 1)).check();
  }

  @Test
  void reduceSumAndMean_axesKeepdimsAndAll() {
    for (String op : List.of("ReduceSum", "ReduceMean", "ReduceSumSquare")) {
      GradCheck.of(b -> b.op(op, List.of("x", b.longs(1)), Map.of("keepdims", 0L))).label(op + " axis 1")
          .input("x", randn(24, 2, 3, 4)).check();
      GradCheck.of(b -> b.op(op, List.of("x", b.longs(0, -1)), Map.of("keepdims", 1L))).label(op + " axes 0,-1 keep")
          .input("x", randn(25, 2, 3, 4)).check();
      GradCheck.of(b -> b.op(op, List.of("x"), Map.of("keepdims", 0L))).label(op + " all")
          .input("x", randn(26, 2, 3)).check();
    }
  }

  @Test
  void reduceMean_symbolicBatch() {
    GradCheck.of(b -> b.reduceMean("x", false, 0)).label("ReduceMean over symbolic N")
        .input("x", randn(27, 4, 3)).batch("x").check();
  }

  @Test
  void reduceSum_noopWithEmptyAxes() {
    GradCheck.of(b -> b.op("ReduceSum", List.of("x"), Map.of("noop_with_empty_axes", 1L))).label("ReduceSum noop")
        .input("x", randn(28, 2, 3)).check();
  }

  @Test
  void reduceMaxMin_routeToTheExtremum() {
    for (String op : List.of("ReduceMax", "ReduceMin")) {
      GradCheck.of(b -> b.op(op, List.of("x", b.longs(1)), Map.of("keepdims", 0L))).label(op + " axis 1")
          .input("x", GradCheck.distinct(29, 2, 3, 4)).check();
      GradCheck.of(b -> b.op(op, List.of("x"), Map.of("keepdims", 1L))).label(op + " all")
          .input("x", GradCheck.distinct(30, 2, 3)).check();
    }
  }

  @Test
  void mlp_endToEnd() {
    GradCheck.of(b -> {
      String h = b.op("Relu", b.add(b.matMul("x", "w1"), "b1"));
      String y = b.op("Gemm", List.of(h, "w2", "b2"), Map.of("transB", 1L));
      return b.op("Tanh", y);
    }).label("MLP").input("x", randn(31, 4, 5)).input("w1", randn(32, 5, 6)).input("b1", randn(33, 6))
        .input("w2", randn(34, 3, 6)).input("b2", randn(35, 3)).check();
  }

}
