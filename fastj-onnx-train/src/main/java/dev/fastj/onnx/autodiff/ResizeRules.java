package dev.fastj.onnx.autodiff;

import dev.fastj.onnx.graph.DataType;
import dev.fastj.onnx.graph.GraphBuilder;
import dev.fastj.onnx.graph.Node;
import dev.fastj.onnx.graph.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Gradient rules for Resize (modes nearest and linear, scales or sizes, any of the coordinate
 * transformation modes but tf_crop_and_resize) and Pad (constant mode).
 *
 * <p>With static shapes, a Resize in these modes is a fixed linear map, separable per axis:
 * Y = X x_h A_h x_w A_w with interpolation matrices A [out, in] that the rule computes the way
 * ONNX Runtime does. Its adjoint multiplies dY by each A transposed (a MatMul per resized
 * axis). Nearest upsampling by an integer factor, where each input element is copied into an
 * m x m block, takes the cheaper route of a Reshape that splits each axis and a ReduceSum over
 * the blocks.
 */
final class ResizeRules {

  private ResizeRules() {}

  static void register(GradientRules r) {
    r.register("Resize", ResizeRules::resize);
    r.register("Pad", ResizeRules::pad);
  }

  private static void resize(Node node, GradContext ctx) {
    String dy = ctx.gradOutput(0);
    if (dy == null || !ctx.needsGrad(0)) {
      return;
    }
    GraphBuilder b = ctx.builder();
    String x = node.input(0);
    long[] xs = NnOps.shapeOf(ctx, node, x);
    DataType type = ctx.type(x);
    ResizeMaps maps = ResizeMaps.of(node, xs, node.hasInput(2) ? NnOps.smallConstant(ctx, node.input(2)) : null,
        node.hasInput(3) ? NnOps.smallConstant(ctx, node.input(3)) : null);
    int rank = xs.length;
    List<Integer> resized = new ArrayList<>();
    boolean allBlocks = true;
    for (int a = 0; a < rank; a++) {
      if (!maps.isIdentity(a)) {
        resized.add(a);
        allBlocks &= maps.blockFactor(a) > 0;
      }
    }
    if (resized.isEmpty()) {
      ctx.addGradInput(0, b.op("Identity", dy));
      return;
    }
    for (int a : resized) {
      if (xs[a] < 0) {
        throw new IllegalArgumentException("the backward of " + node.describe()
            + " needs a static size on resized axis " + a + ", got " + Arrays.toString(xs));
      }
    }
    if (allBlocks) {
      // nearest upsampling by integer factors: sum each factor-sized block of dY
      long[] split = new long[rank + resized.size()];
      long[] sumAxes = new long[resized.size()];
      int j = 0;
      int r = 0;
      for (int a = 0; a < rank; a++) {
        split[j++] = xs[a];
        if (resized.contains(a)) {
          split[j] = maps.blockFactor(a);
          sumAxes[r++] = j;
          j++;
        }
      }
      String blocks = b.reshape(dy, NnOps.reshapeTarget(node, split));
      ctx.addGradInput(0, b.reduceSum(blocks, false, sumAxes));
      return;
    }
    String g = dy;
    for (int a : resized) {
      g = adjointAlong(b, g, a, rank, maps.matrix(a, type));
    }
    ctx.addGradInput(0, g);
  }

  /**
   * Applies the transpose of the per-axis linear map {@code m} [out, in] to axis {@code a} of
   * {@code g} (which has out there): a MatMul on the last two axes, else one between two
   * Transposes.
   */
  private static String adjointAlong(GraphBuilder b, String g, int a, int rank, Tensor m) {
    if (a == rank - 1) {
      return b.matMul(g, b.constant(m));
    }
    if (a == rank - 2) {
      return b.matMul(b.constant(transposed(m)), g);
    }
    long[] perm = new long[rank];
    for (int i = 0; i < rank; i++) {
      perm[i] = i;
    }
    perm[a] = rank - 1;
    perm[rank - 1] = a;
    return b.transpose(b.matMul(b.transpose(g, perm), b.constant(m)), perm);
  }

  private static Tensor transposed(Tensor m) {
    long[] d = m.dims();
    double[] v = m.toDoubles();
    double[] t = new double[v.length];
    int rows = (int) d[0];
    int cols = (int) d[1];
    for (int i = 0; i < rows; i++) {
      for (int k = 0; k < cols; k++) {
        t[k * rows + i] = v[i * cols + k];
      }
    }
    return Tensor.ofDoubles(t, cols, rows).cast(m.type());
  }

  private static void pad(Node node, GradContext ctx) {
    String dy = ctx.gradOutput(0);
    if (dy == null) {
      return;
    }
    String mode = node.attrString("mode", "constant");
    if (mode.equals("reflect") || mode.equals("edge")) {
      if (ctx.needsGrad(0)) {
        ctx.addGradInput(0, borderPadGrad(node, ctx, dy, mode));
      }
      return;
    }
    if (!mode.equals("constant")) {
      throw new IllegalArgumentException("the backward of " + node.describe() + " in mode '" + mode
          + "' is not supported; constant, reflect and edge padding have gradient rules");
    }
    GraphBuilder b = ctx.builder();
    Tensor pads = ctx.constantValue(node.input(1));
    String negPads = pads != null
        ? b.longs(Arrays.stream(pads.toLongs()).map(p -> -p).toArray())
        : b.neg(node.input(1));
    // a Pad by the negated pads crops what was added and zero-fills what was cropped
    List<String> in = new ArrayList<>(List.of(dy, negPads));
    if (node.hasInput(3)) {
      in.add("");
      in.add(node.input(3));
    }
    String dx = b.op("Pad", in, Map.of("mode", "constant"));
    if (ctx.needsGrad(0)) {
      ctx.addGradInput(0, dx);
    }
    if (node.hasInput(2) && ctx.needsGrad(2)) {
      // the constant fills every padded element: its gradient is dY summed outside the input
      String outside = b.sub(b.reduceSum(dy, false), b.reduceSum(dx, false));
      ctx.addGradInput(2, b.op("Reshape", outside, b.op("Shape", node.input(2))));
    }
  }

  /**
   * Reflect and edge padding copy input elements into the border: per padded axis a fixed
   * 0/1 map [out, in] (the source of each output position), whose transpose sums each border
   * element back onto its source. Needs constant pads and static sizes on the padded axes.
   */
  private static String borderPadGrad(Node node, GradContext ctx, String dy, String mode) {
    GraphBuilder b = ctx.builder();
    String x = node.input(0);
    long[] xs = NnOps.shapeOf(ctx, node, x);
    int rank = xs.length;
    Tensor padsT = ctx.constantValue(node.input(1));
    Tensor axesT = node.hasInput(3) ? ctx.constantValue(node.input(3)) : null;
    if (padsT == null || (node.hasInput(3) && axesT == null)) {
      throw new IllegalArgumentException("the backward of " + node.describe() + " in mode '" + mode
          + "' needs constant pads and axes");
    }
    long[] pads = padsT.toLongs();
    long[] axes = axesT == null ? null : axesT.toLongs();
    int n = axes == null ? rank : axes.length;
    String g = dy;
    for (int j = 0; j < n; j++) {
      int a = axes == null ? j : (int) (axes[j] < 0 ? axes[j] + rank : axes[j]);
      long before = pads[j];
      long after = pads[j + n];
      if (before == 0 && after == 0) {
        continue;
      }
      long in = xs[a];
      if (in <= 0) {
        throw new IllegalArgumentException("the backward of " + node.describe()
            + " needs a static size on padded axis " + a + ", got " + Arrays.toString(xs));
      }
      int out = (int) (in + before + after);
      double[] m = new double[out * (int) in];
      for (int o = 0; o < out; o++) {
        long src = o - before;
        if (mode.equals("edge")) {
          src = Math.max(0, Math.min(src, in - 1));
        } else {
          // reflect without repeating the edge element; ONNX bounds the pads by the size
          while (src < 0 || src >= in) {
            src = src < 0 ? -src : 2 * (in - 1) - src;
          }
        }
        m[o * (int) in + (int) src] = 1;
      }
      g = adjointAlong(b, g, a, rank, Tensor.ofDoubles(m, out, in).cast(ctx.type(x)));
    }
    return g;
  }
}
