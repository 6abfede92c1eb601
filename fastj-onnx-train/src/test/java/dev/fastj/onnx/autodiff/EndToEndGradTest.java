package dev.fastj.onnx.autodiff;

import static dev.fastj.onnx.autodiff.GradCheck.randn;

import dev.fastj.onnx.graph.GraphBuilder;
import dev.fastj.onnx.graph.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Whole small models built from primitives, checked end to end: the rules compose. */
class EndToEndGradTest {

  /** LayerNorm over the last axis from ReduceMean, Sub, Mul, Add, Sqrt, Div. */
  private static String layerNorm(GraphBuilder b, String x, String gamma, String beta, dev.fastj.onnx.graph.DataType t) {
    String mu = b.reduceMean(x, true, -1);
    String xc = b.sub(x, mu);
    String var = b.reduceMean(b.mul(xc, xc), true, -1);
    String y = b.div(xc, b.op("Sqrt", b.add(var, b.scalar(t, 1e-5))));
    return b.add(b.mul(y, gamma), beta);
  }

  /** Softmax over the last axis, stabilised by ReduceMax. */
  private static String softmax(GraphBuilder b, String s) {
    String e = b.op("Exp", b.sub(s, b.op("ReduceMax", List.of(s, b.longs(-1)), Map.of("keepdims", 1L))));
    return b.div(e, b.reduceSum(e, true, -1));
  }

  @Test
  void embeddingAttentionLayerNormCrossEntropy() {
    GradCheck.typed((b, t) -> {
      String h = b.op("Gather", "emb", "tokens");                                  // [2, 3, 4]
      String y = layerNorm(b, h, "gamma", "beta", t);
      String scores = b.div(b.matMul(y, b.transpose(y, 0, 2, 1)), b.scalar(t, 2));  // [2, 3, 3]
      String z = b.add(h, b.matMul(softmax(b, scores), y));                         // residual
      String logits = b.op("Gemm", List.of(b.reshape(z, -1, 4), "w", "bias"), Map.of("transB", 1L));  // [6, 7]
      String logp = b.op("Log", softmax(b, logits));
      String picked = b.op("GatherElements", List.of(logp, "targets"), Map.of("axis", 1L));
      return b.neg(b.reduceMean(picked, false));
    }).label("embedding + attention + layernorm + cross-entropy")
        .input("emb", randn(1, 7, 4))
        .input("tokens", Tensor.ofLongs(new long[] {1, 5, 1, 0, 6, 3}, 2, 3))
        .input("gamma", randn(2, 4))
        .input("beta", randn(3, 4))
        .input("w", randn(4, 7, 4))
        .input("bias", randn(5, 7))
        .input("targets", Tensor.ofLongs(new long[] {2, 0, 6, 1, 1, 4}, 6, 1))
        .check();
  }

  @Test
  void residualMlpWithSymbolicBatch() {
    GradCheck.of(b -> {
      String h = b.op("Relu", b.add(b.matMul("x", "w1"), "b1"));
      String r = b.add("x", b.matMul(h, "w2"));                              // residual
      String pooled = b.reduceMean(b.op("Tanh", r), false, 1);
      return b.op("Sigmoid", b.mul(pooled, "scale"));
    }).label("residual MLP, symbolic batch")
        .input("x", GradCheck.awayFromZero(6, 0.1, 5, 3))
        .input("w1", randn(7, 3, 6)).input("b1", randn(8, 6))
        .input("w2", randn(9, 6, 3)).input("scale", randn(10, 1))
        .batch("x")
        .check();
  }
}
