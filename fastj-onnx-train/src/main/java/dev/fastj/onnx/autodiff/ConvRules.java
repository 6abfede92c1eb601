package dev.fastj.onnx.autodiff;

import dev.fastj.onnx.graph.Attribute;
import dev.fastj.onnx.graph.ConvGeometry;
import dev.fastj.onnx.graph.GraphBuilder;
import dev.fastj.onnx.graph.Node;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gradient rules for Conv and ConvTranspose, any number of spatial dims, with strides,
 * explicit or automatic pads, dilations and groups (depthwise included).
 *
 * <p>Formulations (measured fastest on ONNX Runtime's CPU provider, see BACKWARD.md):
 * <ul>
 *   <li>Conv dX: a Conv of dY with the group-transposed, spatially flipped weight when the
 *       strides are 1 (and the pads fit), else a ConvTranspose of dY with the weight and an
 *       output_padding that restores the input size.
 *   <li>Conv dW: unfold the padded input with one strided Slice per kernel offset and multiply
 *       each with dY (a MatMul per image summed over the batch on the channels-last input, or one
 *       batched MatMul across groups).
 *   <li>ConvTranspose is the adjoint of a Conv with the same weight, so its dX is that Conv
 *       and its dW is the Conv weight gradient with the roles of input and output swapped.
 * </ul>
 */
final class ConvRules {

  private ConvRules() {}

  static void register(GradientRules r) {
    r.register("Conv", ConvRules::conv);
    r.register("ConvTranspose", ConvRules::convTranspose);
  }

  private static void conv(Node node, GradContext ctx) {
    String dy = ctx.gradOutput(0);
    if (dy == null) {
      return;
    }
    GraphBuilder b = ctx.builder();
    String x = node.input(0);
    String w = node.input(1);
    long[] xs = NnOps.shapeOf(ctx, node, x);
    long[] ws = NnOps.shapeOf(ctx, node, w);
    ConvGeometry g = ConvGeometry.conv(node, xs, ws).requireStatic(node);
    long group = node.attrLong("group", 1);
    int rank = xs.length;
    if (ws[0] < 0 || ws[1] < 0) {
      throw new IllegalArgumentException("the backward of " + node.describe()
          + " needs a static weight shape, got " + Arrays.toString(ws));
    }
    if (ctx.needsGrad(0)) {
      ctx.addGradInput(0, convInputGrad(b, node, dy, w, ws, group, g));
    }
    if (ctx.needsGrad(1)) {
      long c = ws[1] * group;
      ctx.addGradInput(1, weightGrad(b, x, dy, c, ws[0], group, g));
    }
    if (node.hasInput(2) && ctx.needsGrad(2)) {
      ctx.addGradInput(2, b.reduceSum(dy, false, NnOps.allButChannel(rank)));
    }
  }

  /** dX of a Conv: the adjoint of the convolution, applied to dY. */
  private static String convInputGrad(GraphBuilder b, Node node, String dy, String w, long[] ws,
      long group, ConvGeometry g) {
    int sp = g.rank();
    long[] k = g.kernel();
    long[] s = g.strides();
    long[] d = g.dilations();
    long[] pb = g.padsBegin();
    long[] pe = g.padsEnd();
    long[] in = g.in();
    long[] out = g.out();
    boolean unitStride = Arrays.stream(s).allMatch(v -> v == 1);
    long[] q = new long[2 * sp];
    boolean padsFit = true;
    for (int i = 0; i < sp; i++) {
      long extent = (k[i] - 1) * d[i];
      q[i] = extent - pb[i];
      q[i + sp] = extent - pe[i];
      padsFit &= q[i] >= 0 && q[i + sp] >= 0;
    }
    if (unitStride && padsFit) {
      String wt = flippedTransposedWeight(b, w, ws, group);
      Map<String, Object> a = new LinkedHashMap<>();
      a.put("dilations", d);
      a.put("group", group);
      a.put("kernel_shape", k);
      a.put("pads", q);
      a.put("strides", s);
      return b.op("Conv", List.of(dy, wt), a);
    }
    long[] outputPadding = new long[sp];
    for (int i = 0; i < sp; i++) {
      outputPadding[i] = in[i] - ((out[i] - 1) * s[i] + (k[i] - 1) * d[i] + 1 - pb[i] - pe[i]);
      if (outputPadding[i] < 0) {
        throw new IllegalStateException("internal: negative output_padding " + outputPadding[i]
            + " for the backward of " + node.describe() + " with " + g);
      }
    }
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("dilations", d);
    a.put("group", group);
    a.put("kernel_shape", k);
    a.put("output_padding", outputPadding);
    a.put("pads", g.pads());
    a.put("strides", s);
    return b.op("ConvTranspose", List.of(dy, w), a);
  }

  /** W [F, C/g, k...] as [C, F/g, k...] per group, flipped on every spatial axis. */
  private static String flippedTransposedWeight(GraphBuilder b, String w, long[] ws, long group) {
    int rank = ws.length;
    int sp = rank - 2;
    String t;
    if (group == 1) {
      t = b.transpose(w, NnOps.swap01(rank));
    } else {
      long f = ws[0];
      long cg = ws[1];
      long[] split = new long[rank + 1];
      split[0] = group;
      split[1] = f / group;
      split[2] = cg;
      System.arraycopy(ws, 2, split, 3, sp);
      long[] perm = new long[rank + 1];
      perm[0] = 0;
      perm[1] = 2;
      perm[2] = 1;
      for (int i = 3; i <= rank; i++) {
        perm[i] = i;
      }
      long[] merged = new long[rank];
      merged[0] = cg * group;
      merged[1] = f / group;
      System.arraycopy(ws, 2, merged, 2, sp);
      t = b.reshape(b.transpose(b.reshape(w, split), perm), merged);
    }
    long[] starts = new long[sp];
    long[] ends = new long[sp];
    long[] axes = new long[sp];
    long[] steps = new long[sp];
    for (int i = 0; i < sp; i++) {
      starts[i] = -1;
      ends[i] = Long.MIN_VALUE;
      axes[i] = i + 2;
      steps[i] = -1;
    }
    return NnOps.slice(b, t, starts, ends, axes, steps);
  }

  /**
   * The weight gradient of a convolution of {@code x} [N, C, in...] producing {@code gy}'s
   * shape [N, F, out...] under geometry {@code g}: dW [F, C/group, k...]. Unfolds the padded
   * input with one strided Slice per kernel offset and contracts each slice with dY over
   * (N, out...); a single group takes {@link #channelsLastWeightGrad}.
   */
  static String weightGrad(GraphBuilder b, String x, String gy, long c, long f, long group,
      ConvGeometry g) {
    int sp = g.rank();
    int rank = sp + 2;
    long[] k = g.kernel();
    long[] s = g.strides();
    if (group == 1) {
      return channelsLastWeightGrad(b, x, gy, c, f, g);
    }
    String xt = b.transpose(x, NnOps.swap01(rank));
    if (g.padded()) {
      long[] pads = new long[2 * rank];
      long[] pb = g.padsBegin();
      long[] pe = g.padsEnd();
      for (int i = 0; i < sp; i++) {
        pads[i + 2] = pb[i];
        pads[i + 2 + rank] = pe[i];
      }
      xt = NnOps.pad(b, xt, pads);
    }
    String gyr = b.reshape(b.transpose(gy, NnOps.swap01(rank)), f, -1);
    long cg = c / group;
    long fg = f / group;
    String gyGroupedT = b.transpose(b.reshape(gyr, group, fg, -1), 0, 2, 1);
    long[] axes = new long[sp];
    long[] steps = new long[sp];
    for (int i = 0; i < sp; i++) {
      axes[i] = i + 2;
      steps[i] = s[i];
    }
    List<String> parts = new ArrayList<>();
    long volume = g.kernelVolume();
    for (long[][] window : kernelWindows(g)) {
      long[] starts = window[0];
      long[] ends = window[1];
      String slice = NnOps.slice(b, xt, starts, ends, axes, steps);
      String cols = b.reshape(slice, group, cg, -1);
      parts.add(b.matMul(cols, gyGroupedT));
    }
    long[] kernelDims = new long[rank];
    kernelDims[0] = f;
    kernelDims[1] = cg;
    System.arraycopy(k, 0, kernelDims, 2, sp);
    // parts are [g, C/g, F/g]; stacked on axis 1 they read [g, K, C/g, F/g]
    String stacked = parts.size() == 1 ? parts.get(0) : b.op("Concat", parts, Map.of("axis", 1L));
    String gkcf = b.reshape(stacked, group, volume, cg, fg);
    return b.reshape(b.transpose(gkcf, 0, 3, 2, 1), kernelDims);
  }

  /**
   * The weight gradient for one group with the input unfolded channels-last: X as [N, in..., C],
   * padded, one strided Slice per kernel offset viewed as [N, out..., C], multiplied per image with
   * dY viewed as [N, F, out...] (a batched MatMul, [N, F, C]) and summed over the images, giving
   * [F, C] per offset. Measured on the benchmark's ResNet (32x32, batch 64): 4% less CPU time per
   * train step with one thread and 9% with two than the channels-first unfold with a transposed
   * Gemm operand, which grouped convolutions keep; and the per-image products with the sum over N
   * took about 8% less CPU time per resnet_32 and resnet_64 step than one Gemm of dY transposed to
   * [F, N*out...] with [N*out..., C], although they write N times the [F, C] result: no dY
   * transpose, and ONNX Runtime's MatMul ran the small per-image products faster than the long
   * Gemm. A size rule (per image only where F*C is at most out...) measured in between. Output
   * maps of at most {@link #SMALL_MAP} pixels (4x4 and smaller, the last stages of a small net on
   * 28 px images) take one Gemm over all offsets instead: xresnet_small's 28 px step went from
   * 42 to 38.4 ms (median of 80, two runs each), and its 64 px step did not change.
   */
  private static final long SMALL_MAP = 16;

  private static String channelsLastWeightGrad(GraphBuilder b, String x, String gy, long c, long f,
      ConvGeometry g) {
    int sp = g.rank();
    int rank = sp + 2;
    long[] k = g.kernel();
    long[] s = g.strides();
    long[] last = new long[rank];
    last[0] = 0;
    for (int i = 1; i <= sp; i++) {
      last[i] = i + 1;
    }
    last[rank - 1] = 1;
    String xl = b.transpose(x, last);
    if (g.padded()) {
      long[] pads = new long[2 * rank];
      long[] pb = g.padsBegin();
      long[] pe = g.padsEnd();
      for (int i = 0; i < sp; i++) {
        pads[i + 1] = pb[i];
        pads[i + 1 + rank] = pe[i];
      }
      xl = NnOps.pad(b, xl, pads);
    }
    long[] axes = new long[sp];
    long[] steps = new long[sp];
    for (int i = 0; i < sp; i++) {
      axes[i] = i + 1;
      steps[i] = s[i];
    }
    List<String> parts = new ArrayList<>();
    long volume = g.kernelVolume();
    long outVolume = 1;
    for (long o : g.out()) {
      outVolume *= o;
    }
    if (outVolume <= SMALL_MAP) {
      // small maps: the slices side by side as [N * out..., K * C] and one Gemm with dY transposed
      // to [F, N * out...]; per-image products of a few pixels each cost more than they save
      String gyt = b.reshape(b.transpose(gy, NnOps.swap01(rank)), f, -1);
      List<String> cols = new ArrayList<>();
      for (long[][] window : kernelWindows(g)) {
        cols.add(b.reshape(NnOps.slice(b, xl, window[0], window[1], axes, steps), -1, c));
      }
      parts.add(b.matMul(gyt, cols.size() == 1 ? cols.get(0) : b.op("Concat", cols, Map.of("axis", 1L))));
    } else {
      // dY as it is, [N, F, out...] viewed as [N, F, N_out]: no transpose to [F, N * N_out]
      String gyr = b.reshape(gy, 0, f, -1);
      for (long[][] window : kernelWindows(g)) {
        long[] starts = window[0];
        long[] ends = window[1];
        String cols = b.reshape(NnOps.slice(b, xl, starts, ends, axes, steps), 0, -1, c);
        parts.add(b.reduceSum(b.matMul(gyr, cols), false, 0));
      }
    }
    long[] kernelDims = new long[rank];
    kernelDims[0] = f;
    kernelDims[1] = c;
    System.arraycopy(k, 0, kernelDims, 2, sp);
    // parts are [F, C]; stacked on axis 1 they read [F, K, C]
    String stacked = parts.size() == 1 ? parts.get(0) : b.op("Concat", parts, Map.of("axis", 1L));
    String fkc = b.reshape(stacked, f, volume, c);
    return b.reshape(b.transpose(fkc, 0, 2, 1), kernelDims);
  }

  private static void convTranspose(Node node, GradContext ctx) {
    String dy = ctx.gradOutput(0);
    if (dy == null) {
      return;
    }
    GraphBuilder b = ctx.builder();
    String x = node.input(0);
    String w = node.input(1);
    long[] xs = NnOps.shapeOf(ctx, node, x);
    long[] ws = NnOps.shapeOf(ctx, node, w);
    ConvGeometry g = ConvGeometry.convTranspose(node, xs, ws).requireStatic(node);
    long group = node.attrLong("group", 1);
    int rank = xs.length;
    int sp = g.rank();
    if (ws[0] < 0 || ws[1] < 0) {
      throw new IllegalArgumentException("the backward of " + node.describe()
          + " needs a static weight shape, got " + Arrays.toString(ws));
    }
    // the forward is the adjoint of Conv(y-space -> x-space) with the same weight and attributes
    long[] k = g.kernel();
    long[] s = g.strides();
    long[] d = g.dilations();
    long[] in = g.in();
    long[] out = g.out();
    long[] pb = g.padsBegin();
    long[] pe = g.padsEnd();
    for (int i = 0; i < sp; i++) {
      long convOut = Math.floorDiv(out[i] + pb[i] + pe[i] - (k[i] - 1) * d[i] - 1, s[i]) + 1;
      if (convOut != in[i]) {
        throw new IllegalArgumentException("the backward of " + node.describe() + " with "
            + g + " is not supported: its output_padding must be smaller than its stride");
      }
    }
    if (ctx.needsGrad(0)) {
      Map<String, Object> a = new LinkedHashMap<>();
      a.put("dilations", d);
      a.put("group", group);
      a.put("kernel_shape", k);
      a.put("pads", g.pads());
      a.put("strides", s);
      ctx.addGradInput(0, b.op("Conv", List.of(dy, w), a));
    }
    if (ctx.needsGrad(1)) {
      long[] ys = new long[rank];
      ys[0] = xs[0];
      ys[1] = ws[1] * group;
      System.arraycopy(out, 0, ys, 2, sp);
      // the Conv view: input dY [N, Cout, out...], output X [N, Cin, in...], same geometry
      Node view = new Node(node.name(), "Conv", "", node.inputs(), node.outputs(),
          convViewAttributes(node, g));
      ConvGeometry vg = ConvGeometry.conv(view, ys, ws);
      ctx.addGradInput(1, weightGrad(b, dy, x, ys[1], ws[0], group, vg));
    }
    if (node.hasInput(2) && ctx.needsGrad(2)) {
      ctx.addGradInput(2, b.reduceSum(dy, false, NnOps.allButChannel(rank)));
    }
  }

  private static Map<String, Attribute> convViewAttributes(Node node, ConvGeometry g) {
    Map<String, Attribute> a = new LinkedHashMap<>();
    a.put("kernel_shape", Attribute.of("kernel_shape", g.kernel()));
    a.put("strides", Attribute.of("strides", g.strides()));
    a.put("dilations", Attribute.of("dilations", g.dilations()));
    a.put("pads", Attribute.of("pads", g.pads()));
    a.put("group", Attribute.of("group", node.attrLong("group", 1)));
    return a;
  }

  /**
   * For each kernel offset, in row-major order, the starts and ends (over the padded input's
   * spatial axes) of the strided Slice that gathers the input values that offset meets.
   */
  private static List<long[][]> kernelWindows(ConvGeometry g) {
    int sp = g.rank();
    long[] k = g.kernel();
    long[] s = g.strides();
    long[] d = g.dilations();
    long[] out = g.out();
    List<long[][]> windows = new ArrayList<>();
    for (long n = 0; n < g.kernelVolume(); n++) {
      long rem = n;
      long[] starts = new long[sp];
      long[] ends = new long[sp];
      for (int i = sp - 1; i >= 0; i--) {
        starts[i] = (rem % k[i]) * d[i];
        rem /= k[i];
        ends[i] = starts[i] + s[i] * (out[i] - 1) + 1;
      }
      windows.add(new long[][] {starts, ends});
    }
    return windows;
  }
}
