package dev.fastj.onnx.autodiff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fastj.onnx.graph.DataType;
import dev.fastj.onnx.graph.GraphBuilder;
import dev.fastj.onnx.graph.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * End-to-end check of a small ResNet-style network built directly with GraphBuilder:
 * conv-bn-relu, an overlapping max pool (k3 s2), a residual block whose shortcut is a strided
 * 1x1 conv, global average pooling, flatten, a Gemm head and softmax cross-entropy, with a
 * symbolic batch. The gradient of every parameter tensor must match central finite differences
 * of the whole network's loss.
 *
 * <p>Why directional derivatives rather than GradCheck's element by element: ONNX Runtime
 * has no double Conv, so the net runs in float32, where the loss carries rounding noise of a
 * few 1e-7. Element-wise differences with GradCheck's 1e-2 steps cross Relu and max-pool kinks
 * and feel the curvature of batch norm over a tiny batch, while smaller steps drown the
 * smallest elements (1e-4) in that noise: measured, hundreds of element mismatches that shrink
 * in proportion to the step (50% at 1e-2, 5% at 1e-3, 0.3% at 1e-4 along a direction), the
 * signature of kinks, not of a wrong rule; every rule passes its own element-wise check. Along
 * random directions v over a whole parameter tensor, g.v sums every element's gradient, so it
 * stands far above the noise; steps of 1e-4 and 3e-5 balance the kink error against the noise
 * (each tensor keeps the better, see {@link DirectionalCheck}). Each tensor is checked along
 * four directions; the error is the norm of (analytic - numeric) over
 * the norm of analytic, measured at most 1.5e-2 (b2a), typically 1e-3, and held below 3e-2.
 * Dropping BatchNormalization's mean(dY) term, say, gives errors of 0.4 to 1.2 on every
 * tensor upstream of it.
 */
class ResNetGradientTest {

  private static final DataType F = DataType.FLOAT;
  private static final int DIRECTIONS = 4;
  private static final double[] STEPS = {1e-4, 3e-5};
  private static final double TOLERANCE = 3e-2;

  private static String bn(GraphBuilder b, String x, String gamma, String beta, long c) {
    String mean = b.constant(Tensor.full(F, 0, c));
    String var = b.constant(Tensor.full(F, 1, c));
    return b.op("BatchNormalization", List.of(x, gamma, beta, mean, var),
        Map.of("training_mode", 1L, "epsilon", 1e-5f, "momentum", 0.9f), 3).get(0);
  }

  private static String conv(GraphBuilder b, String x, String w, long stride, long pad) {
    return b.op("Conv", List.of(x, w), Map.of("strides", new long[] {stride, stride},
        "pads", new long[] {pad, pad, pad, pad}));
  }

  /** The network; returns the loss value. */
  static String resnet(GraphBuilder b) {
    String h = b.op("Relu", bn(b, conv(b, "x", "w1", 1, 1), "g1", "b1", 4));
    h = b.op("MaxPool", List.of(h), Map.of("kernel_shape", new long[] {3, 3}, "strides", new long[] {2, 2},
        "pads", new long[] {1, 1, 1, 1}));
    String r = b.op("Relu", bn(b, conv(b, h, "w2a", 2, 1), "g2a", "b2a", 8));
    r = bn(b, conv(b, r, "w2b", 1, 1), "g2b", "b2b", 8);
    String shortcut = b.op("Conv", List.of(h, "ws", "bs"), Map.of("strides", new long[] {2, 2}));
    h = b.op("Relu", b.add(r, shortcut));
    String pooled = b.op("Flatten", b.op("GlobalAveragePool", h));
    String logits = b.op("Gemm", List.of(pooled, "wfc", "bfc"), Map.of("transB", 1L));
    return b.op("SoftmaxCrossEntropyLoss", logits, "t");
  }

  private static Map<String, Tensor> parameters() {
    Map<String, Tensor> p = new LinkedHashMap<>();
    p.put("w1", GradCheck.uniform(2, -1, 1, 4, 3, 3, 3).cast(F));
    p.put("g1", GradCheck.uniform(3, 0.5, 1.5, 4).cast(F));
    p.put("b1", GradCheck.uniform(4, -0.2, 0.2, 4).cast(F));
    p.put("w2a", GradCheck.uniform(5, -1, 1, 8, 4, 3, 3).cast(F));
    p.put("g2a", GradCheck.uniform(6, 0.5, 1.5, 8).cast(F));
    p.put("b2a", GradCheck.uniform(7, -0.2, 0.2, 8).cast(F));
    p.put("w2b", GradCheck.uniform(8, -1, 1, 8, 8, 3, 3).cast(F));
    p.put("g2b", GradCheck.uniform(9, 0.5, 1.5, 8).cast(F));
    p.put("b2b", GradCheck.uniform(10, -0.2, 0.2, 8).cast(F));
    p.put("ws", GradCheck.uniform(11, -1, 1, 8, 4, 1, 1).cast(F));
    p.put("bs", GradCheck.uniform(12, -0.2, 0.2, 8).cast(F));
    p.put("wfc", GradCheck.uniform(13, -1, 1, 5, 8).cast(F));
    p.put("bfc", GradCheck.uniform(14, -0.2, 0.2, 5).cast(F));
    return p;
  }

  @Test
  void resnet_everyParameterGradient_matchesFiniteDifferences() {
    Map<String, Tensor> params = parameters();
    Map<String, Tensor> feed = new LinkedHashMap<>();
    feed.put("x", GradCheck.randn(1, 3, 3, 12, 12).cast(F));
    feed.put("t", Tensor.ofLongs(new long[] {1, 4, 0}, 3));
    feed.putAll(params);

    GraphBuilder b = new GraphBuilder("resnet");
    b.input("x", F, -1, 3, 12, 12);
    b.input("t", DataType.INT64, -1);
    params.forEach((k, v) -> b.input(k, F, v.dims()));
    String loss = resnet(b);
    DirectionalCheck.Report r = DirectionalCheck.run(b, loss, feed, new ArrayList<>(params.keySet()),
        DIRECTIONS, STEPS, 42);
    System.out.print("[resnet directional check] worst relative error " + r.worst() + " (" + r.worstTensor()
        + ")\n" + r.details());
    assertThat(r.worst()).as(r.details()).isLessThan(TOLERANCE);
  }
}
