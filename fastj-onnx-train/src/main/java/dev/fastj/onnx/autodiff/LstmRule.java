package dev.fastj.onnx.autodiff;

import static dev.fastj.onnx.autodiff.RuleSupport.scalarLike;
import static dev.fastj.onnx.autodiff.RuleSupport.unsqueeze;

import dev.fastj.onnx.graph.GraphBuilder;
import dev.fastj.onnx.graph.Node;
import dev.fastj.onnx.graph.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The backward of ONNX's {@code LSTM} operator: one direction, the default activations (sigmoid,
 * tanh, tanh), no peepholes, no clip, no {@code sequence_lens}, the default layout (X {@code [T, N, C]}),
 * a static sequence length T. Other forms are refused with what to change.
 *
 * <p>The operator's outputs hold every hidden state but no gates or cell states, so the rule
 * recomputes the gates of all steps at once from X and the previous hidden states (two batched
 * products), and the cell states by the recurrence {@code c_t = f_t c_{t-1} + i_t g_t} (element-wise).
 * The element-wise factors of the backward are computed for all steps at once; only what depends
 * on the next step's gradient runs step by step, from the last: {@code dh_t = dY_t + dG_{t+1} R},
 * {@code dc_t = dc_{t+1} f_{t+1} + dh_t o_t (1 - tanh^2 c_t)}, and the gate gradients
 * {@code dG_t = [dc_t g_t i_t(1-i_t), dh_t tanh(c_t) o_t(1-o_t), dc_t c_{t-1} f_t(1-f_t), dc_t i_t (1-g_t^2)]}
 * (ONNX's gate order i, o, f, c). The weight gradients are then one product each over all steps:
 * {@code dW = dG^T X}, {@code dR = dG^T H_prev}, {@code dB = [sum dG, sum dG]}, {@code dX = dG W}.
 */
final class LstmRule implements GradientRule {

  static void register(GradientRules r) {
    r.register("LSTM", new LstmRule());
  }

  @Override
  public void backward(Node n, GradContext ctx) {
    check(n, ctx);
    GraphBuilder b = ctx.builder();
    String x = n.input(0);
    long[] xs = ctx.shape(x);
    int steps = (int) xs[0];
    long hidden = n.attrLong("hidden_size", -1);
    long c4 = 4 * hidden;
    long inputs = ctx.shape(n.input(1))[2];
    String w = b.op("Squeeze", n.input(1), b.longs(0));
    String r = b.op("Squeeze", n.input(2), b.longs(0));
    String ys = b.op("Squeeze", n.output(0), b.longs(1));
    String zeros = b.op("ConstantOfShape", List.of(stateShape(b, ys)), Map.of("value", Tensor.full(ctx.type(x), 0, 1)));
    String h0 = n.hasInput(5) ? n.input(5) : zeros;
    String c0 = n.hasInput(6) ? n.input(6) : zeros;
    String hPrev = steps == 1 ? h0
        : b.op("Concat", List.of(h0, slice0(b, ys, 0, steps - 1)), Map.of("axis", 0L));
    String pre = b.add(b.matMul(x, b.transpose(w, 1, 0)), b.matMul(hPrev, b.transpose(r, 1, 0)));
    if (n.hasInput(3)) {
      List<String> bb = b.op("Split", List.of(b.op("Squeeze", n.input(3), b.longs(0))),
          Map.of("axis", 0L, "num_outputs", 2L), 2);
      pre = b.add(pre, b.add(bb.get(0), bb.get(1)));
    }
    List<String> p = b.op("Split", List.of(pre), Map.of("axis", 2L, "num_outputs", 4L), 4);
    String i = b.op("Sigmoid", p.get(0));
    String o = b.op("Sigmoid", p.get(1));
    String f = b.op("Sigmoid", p.get(2));
    String g = b.op("Tanh", p.get(3));
    List<String> fs = splitSteps(b, f, steps);
    List<String> igs = splitSteps(b, b.mul(i, g), steps);
    List<String> cs = new ArrayList<>(steps);
    String c = c0;
    for (int t = 0; t < steps; t++) {
      c = b.add(b.mul(fs.get(t), c), igs.get(t));
      cs.add(c);
    }
    String cAll = steps == 1 ? cs.get(0) : b.op("Concat", cs, Map.of("axis", 0L));
    String cPrev = steps == 1 ? c0 : b.op("Concat", List.of(c0, slice0(b, cAll, 0, steps - 1)), Map.of("axis", 0L));
    String tc = b.op("Tanh", cAll);
    String one = scalarLike(ctx, x, 1);
    // factors of all steps: dc gets dh * o (1 - tanh^2 c); the gates' pre-activation gradients are
    // [dc, dh, dc, dc] times these, in ONNX's order i, o, f, c
    String dcFromDh = b.mul(o, b.sub(one, b.mul(tc, tc)));
    String gateFactor = b.op("Concat", List.of(
        b.mul(g, dsigmoid(b, i, one)),
        b.mul(tc, dsigmoid(b, o, one)),
        b.mul(cPrev, dsigmoid(b, f, one)),
        b.mul(i, b.sub(one, b.mul(g, g)))), Map.of("axis", 2L));
    List<String> dcFromDhs = splitSteps(b, dcFromDh, steps);
    List<String> factors = splitSteps(b, gateFactor, steps);
    List<String> dys = ctx.gradOutput(0) == null ? null : splitSteps(b, b.op("Squeeze", ctx.gradOutput(0), b.longs(1)),
        steps);
    String dhNext = ctx.gradOutput(1);
    String dcNext = ctx.gradOutput(2);
    List<String> dgs = new ArrayList<>(steps);
    for (int t = steps - 1; t >= 0; t--) {
      String dh = sum(b, dys == null ? null : dys.get(t), dhNext);
      dh = dh == null ? zeros : dh;
      String dc = sum(b, dcNext, b.mul(dh, dcFromDhs.get(t)));
      String dg = b.mul(b.op("Concat", List.of(dc, dh, dc, dc), Map.of("axis", 2L)), factors.get(t));
      dgs.add(dg);
      dhNext = b.matMul(dg, r);
      dcNext = b.mul(dc, fs.get(t));
    }
    Collections.reverse(dgs);
    String dG = steps == 1 ? dgs.get(0) : b.op("Concat", dgs, Map.of("axis", 0L));
    if (ctx.needsGrad(0)) {
      ctx.addGradInput(0, b.matMul(dG, w));
    }
    String dG2 = b.reshape(dG, -1, c4);
    if (ctx.needsGrad(1)) {
      String dw = b.op("Gemm", List.of(dG2, b.reshape(x, -1, inputs)), Map.of("transA", 1L));
      ctx.addGradInput(1, unsqueeze(b, dw, 0));
    }
    if (ctx.needsGrad(2)) {
      String dr = b.op("Gemm", List.of(dG2, b.reshape(hPrev, -1, hidden)), Map.of("transA", 1L));
      ctx.addGradInput(2, unsqueeze(b, dr, 0));
    }
    if (ctx.needsGrad(3)) {
      String db = b.reduceSum(dG2, false, 0);
      ctx.addGradInput(3, unsqueeze(b, b.op("Concat", List.of(db, db), Map.of("axis", 0L)), 0));
    }
    if (ctx.needsGrad(5)) {
      ctx.addGradInput(5, dhNext);
    }
    if (ctx.needsGrad(6)) {
      ctx.addGradInput(6, dcNext);
    }
  }

  /** [1, N, H] as an int64 value, from Y [T, N, H] (N may be symbolic). */
  private static String stateShape(GraphBuilder b, String ys) {
    String shape = b.op("Shape", ys);
    String nh = b.op("Slice", shape, b.longs(1), b.longs(3));
    return b.op("Concat", List.of(b.longs(1), nh), Map.of("axis", 0L));
  }

  private static String dsigmoid(GraphBuilder b, String s, String one) {
    return b.mul(s, b.sub(one, s));
  }

  private static String sum(GraphBuilder b, String a, String c) {
    return a == null ? c : c == null ? a : b.add(a, c);
  }

  private static String slice0(GraphBuilder b, String v, long start, long end) {
    return b.op("Slice", v, b.longs(start), b.longs(end), b.longs(0));
  }

  /** {@code v} [T, ...] split into T values [1, ...]. */
  private static List<String> splitSteps(GraphBuilder b, String v, int steps) {
    return steps == 1 ? List.of(v) : b.op("Split", List.of(v), Map.of("axis", 0L, "num_outputs", (long) steps), steps);
  }

  private static void check(Node n, GradContext ctx) {
    String where = "LSTM '" + n.name() + "'";
    String dir = n.attrString("direction", "forward");
    refuseIf(!dir.equals("forward"), where + " runs " + dir + "; the gradient covers one forward direction: "
        + "reverse the sequence with a Slice of step -1 and use direction forward");
    refuseIf(n.attr("activations") != null, where + " sets activations; the gradient covers the default "
        + "sigmoid, tanh, tanh only");
    refuseIf(n.attr("clip") != null, where + " clips its cell input; remove clip, the gradient does not cover it");
    refuseIf(n.attrLong("input_forget", 0) != 0, where + " couples the input and forget gates (input_forget=1); "
        + "the gradient covers input_forget=0 only");
    refuseIf(n.attrLong("layout", 0) != 0, where + " has layout=1; transpose X to [T, N, C] and use layout 0");
    refuseIf(n.hasInput(4), where + " takes sequence_lens; pad the batch to one length and omit it");
    refuseIf(n.hasInput(7), where + " has peepholes (input P); the gradient does not cover them");
    refuseIf(n.outputs().isEmpty() || n.output(0).isEmpty(), where + " does not output Y, which its gradient "
        + "needs (the hidden states of every step); name output 0");
    long[] xs = ctx.shape(n.input(0));
    long[] ws = ctx.shape(n.input(1));
    refuseIf(xs == null || xs.length != 3 || xs[0] <= 0, where + " has input X of shape "
        + (xs == null ? "unknown" : java.util.Arrays.toString(xs)) + "; its gradient needs [T, N, C] with a "
        + "static sequence length T");
    refuseIf(ws == null || ws.length != 3 || ws[2] <= 0, where + " has a weight W of unknown input size; declare "
        + "W's shape [1, 4H, C]");
    refuseIf(n.attrLong("hidden_size", -1) <= 0, where + " has no hidden_size attribute; set it");
  }

  private static void refuseIf(boolean bad, String message) {
    if (bad) {
      throw new IllegalArgumentException(message);
    }
  }
}
