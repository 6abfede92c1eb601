package dev.fastj.onnx.autodiff;

import dev.fastj.onnx.graph.Attribute;
import dev.fastj.onnx.graph.ConvGeometry;
import dev.fastj.onnx.graph.DataType;
import dev.fastj.onnx.graph.GraphBuilder;
import dev.fastj.onnx.graph.Node;
import dev.fastj.onnx.graph.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gradient rules for MaxPool, AveragePool, GlobalAveragePool and GlobalMaxPool.
 *
 * <p>Max pooling routes dY to the arg-max of each window through MaxPool's Indices output
 * (flat offsets into the whole input) and a ScatterElements with reduction 'add', so
 * overlapping windows (kernel 3, stride 2) accumulate. Average pooling is a depthwise
 * convolution with a constant kernel: its adjoint is a ConvTranspose of dY, divided by each
 * window's element count, with a ones kernel, on the channels folded into the batch so no
 * channel count needs to be known.
 */
final class PoolRules {

  private PoolRules() {}

  static void register(GradientRules r) {
    r.register("MaxPool", PoolRules::maxPool);
    r.register("AveragePool", PoolRules::averagePool);
    r.register("GlobalAveragePool", PoolRules::globalAveragePool);
    r.register("GlobalMaxPool", PoolRules::globalMaxPool);
  }

  private static void maxPool(Node node, GradContext ctx) {
    String dy = ctx.gradOutput(0);
    if (dy == null || !ctx.needsGrad(0)) {
      return;
    }
    GraphBuilder b = ctx.builder();
    String indices = node.output(1);
    if (indices.isEmpty() || node.attrLong("storage_order", 0) != 0) {
      // recompute the arg-max offsets (row-major) with a second MaxPool on the same input
      Map<String, Object> attrs = new LinkedHashMap<>();
      for (Attribute a : node.attributes().values()) {
        attrs.put(a.name(), a.value());
      }
      attrs.remove("storage_order");
      indices = b.op("MaxPool", List.of(node.input(0)), attrs, 2).get(1);
    }
    ctx.addGradInput(0, scatterToInput(b, node.input(0), indices, dy, ctx.type(node.input(0))));
  }

  /** Scatters {@code dy} into zeros shaped like {@code x} at the flat offsets {@code indices}, adding. */
  private static String scatterToInput(GraphBuilder b, String x, String indices, String dy, DataType type) {
    String flatX = b.reshape(x, -1);
    String zeros = NnOps.zerosLike(b, flatX, type);
    String scattered = b.op("ScatterElements",
        List.of(zeros, b.reshape(indices, -1), b.reshape(dy, -1)),
        Map.of("axis", 0L, "reduction", "add"));
    return b.op("Reshape", scattered, b.op("Shape", x));
  }

  private static void globalMaxPool(Node node, GradContext ctx) {
    String dy = ctx.gradOutput(0);
    if (dy == null || !ctx.needsGrad(0)) {
      return;
    }
    GraphBuilder b = ctx.builder();
    String x = node.input(0);
    long[] kernel = staticSpatial(node, NnOps.shapeOf(ctx, node, x));
    // a MaxPool over the whole plane gives the arg-max offsets, with MaxPool's tie-breaking
    List<String> outs = b.op("MaxPool", List.of(x), Map.of("kernel_shape", kernel), 2);
    ctx.addGradInput(0, scatterToInput(b, x, outs.get(1), dy, ctx.type(x)));
  }

  private static void globalAveragePool(Node node, GradContext ctx) {
    String dy = ctx.gradOutput(0);
    if (dy == null || !ctx.needsGrad(0)) {
      return;
    }
    GraphBuilder b = ctx.builder();
    String x = node.input(0);
    DataType type = ctx.type(x);
    long count = 1;
    for (long v : staticSpatial(node, NnOps.shapeOf(ctx, node, x))) {
      count *= v;
    }
    String scaled = b.mul(dy, b.scalar(type, 1.0 / count));
    ctx.addGradInput(0, b.op("Expand", scaled, b.op("Shape", x)));
  }

  /** The spatial dims of {@code xs} (after batch and channel); fails when one is not static. */
  private static long[] staticSpatial(Node node, long[] xs) {
    long[] spatial = Arrays.copyOfRange(xs, 2, xs.length);
    if (Arrays.stream(spatial).anyMatch(v -> v < 0)) {
      throw new IllegalArgumentException("the backward of " + node.describe()
          + " needs static spatial sizes, got " + Arrays.toString(xs));
    }
    return spatial;
  }

  private static void averagePool(Node node, GradContext ctx) {
    String dy = ctx.gradOutput(0);
    if (dy == null || !ctx.needsGrad(0)) {
      return;
    }
    GraphBuilder b = ctx.builder();
    String x = node.input(0);
    long[] xs = NnOps.shapeOf(ctx, node, x);
    ConvGeometry g = ConvGeometry.pool(node, xs).requireStatic(node);
    DataType type = ctx.type(x);
    int sp = g.rank();
    long[] k = g.kernel();
    long[] s = g.strides();
    long[] d = g.dilations();
    long[] in = g.in();
    long[] out = g.out();
    long[] pb = g.padsBegin();
    long[] pe = g.padsEnd();
    boolean includePad = node.attrLong("count_include_pad", 0) != 0;
    String scaled = b.mul(dy, b.constant(inverseCounts(in, out, k, s, d, pb, includePad, type)));
    long[] folded = new long[sp + 2];
    folded[0] = -1;
    folded[1] = 1;
    System.arraycopy(out, 0, folded, 2, sp);
    String dyFolded = b.reshape(scaled, folded);
    long[] kernelDims = new long[sp + 2];
    kernelDims[0] = 1;
    kernelDims[1] = 1;
    System.arraycopy(k, 0, kernelDims, 2, sp);
    String ones = b.constant(Tensor.full(type, 1.0, kernelDims));
    // the transpose conv reproduces the input size with an output_padding, or crops the windows
    // that ceil_mode let run past the end padding with a larger end pad
    long[] outputPadding = new long[sp];
    long[] pads = new long[2 * sp];
    for (int i = 0; i < sp; i++) {
      long full = (out[i] - 1) * s[i] + (k[i] - 1) * d[i] + 1 - pb[i] - pe[i];
      long r = in[i] - full;
      pads[i] = pb[i];
      pads[i + sp] = r >= 0 ? pe[i] : pe[i] - r;
      outputPadding[i] = Math.max(r, 0);
    }
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("dilations", d);
    a.put("kernel_shape", k);
    a.put("output_padding", outputPadding);
    a.put("pads", pads);
    a.put("strides", s);
    String dxFolded = b.op("ConvTranspose", List.of(dyFolded, ones), a);
    ctx.addGradInput(0, b.op("Reshape", dxFolded, b.op("Shape", x)));
  }

  /**
   * 1 / (elements averaged) for every output position, shaped [out...]: with
   * count_include_pad the whole kernel, without it the taps inside the input.
   */
  private static Tensor inverseCounts(long[] in, long[] out, long[] k, long[] s, long[] d,
      long[] pb, boolean includePad, DataType type) {
    int sp = in.length;
    double[][] perAxis = new double[sp][];
    for (int i = 0; i < sp; i++) {
      perAxis[i] = new double[(int) out[i]];
      for (int o = 0; o < out[i]; o++) {
        long start = o * s[i] - pb[i];
        long n = 0;
        for (int j = 0; j < k[i]; j++) {
          long p = start + j * d[i];
          // ONNX Runtime counts every tap with count_include_pad, even those that ceil_mode
          // lets run past the end padding (measured: 1 element over a 3-window gives 1/3)
          if (includePad || (p >= 0 && p < in[i])) {
            n++;
          }
        }
        perAxis[i][o] = n == 0 ? 0 : 1.0 / n;
      }
    }
    int total = 1;
    for (long o : out) {
      total *= (int) o;
    }
    double[] v = new double[total];
    for (int flat = 0; flat < total; flat++) {
      int rem = flat;
      double prod = 1;
      for (int i = sp - 1; i >= 0; i--) {
        prod *= perAxis[i][(int) (rem % out[i])];
        rem /= (int) out[i];
      }
      v[flat] = prod;
    }
    return Tensor.ofDoubles(v, out).cast(type);
  }
}
