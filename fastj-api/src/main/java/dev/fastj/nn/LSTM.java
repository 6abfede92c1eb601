package dev.fastj.nn;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code nn.LSTM(input_size, hidden_size, batch_first=True)}, one layer, one direction: reads a
 * batch-first input {@code [N, T, C]} and gives every step's hidden state {@code [N, T, H]} and the
 * final state ({@code h}, {@code c}, each {@code [N, H]}), which a caller feeds back as the next
 * batch's initial state (fastai's AWD-LSTM carries it across batches).
 *
 * <p>Parameters have PyTorch's names, shapes and gate order (input, forget, cell, output), so that
 * weights move between the two: {@code weight_ih [4H, C]}, {@code weight_hh [4H, H]},
 * {@code bias_ih [4H]}, {@code bias_hh [4H]}, all drawn from U(-1/sqrt(H), 1/sqrt(H)) as PyTorch does.
 *
 * <p>Two ONNX formulations give the same values ({@link Formulation}): the recurrence unrolled
 * over the (static) sequence length from MatMul, Add, Split, Sigmoid, Tanh, Mul and Concat, or
 * ONNX's own {@code LSTM} operator, whose backward is fastj's rule for that operator. The input
 * projection is one MatMul over all steps in the unrolled form; only {@code h W_hh^T} is per step.
 *
 * <p>{@link #withWeightDropout} is AWD-LSTM's {@code WeightDropout}: while training, one dropout
 * mask over {@code weight_hh} per forward pass, the same for every step.
 *
 * <pre>{@code
 * LSTM lstm = LSTM.of(400, 1152);
 * LSTM.Result r = lstm.forward(e, x, lstm.zeroState(e, x));   // r.output() [N, T, 1152]
 * }</pre>
 *
 * @param inputSize C, the features of each step of the input
 * @param hiddenSize H, the size of the hidden and cell states
 * @param formulation how the recurrence is written in ONNX
 * @param weightDropout probability of dropping each entry of {@code weight_hh} while training, in [0, 1)
 */
public record LSTM(int inputSize, int hiddenSize, Formulation formulation, double weightDropout) implements Module {

  /** How the recurrence is written in ONNX. */
  public enum Formulation {
    /** The steps unrolled from standard element-wise and matrix operators (their gradient rules exist). */
    UNROLLED,
    /** ONNX's {@code LSTM} operator (ONNX Runtime's fused kernel), with fastj's gradient rule for it. */
    ONNX_OP
  }

  /** A hidden and cell state, each {@code [N, H]}. */
  public record State(Var h, Var c) {}

  /** Every step's hidden state {@code [N, T, H]} and the state after the last step. */
  public record Result(Var output, State state) {}

  /** Creates the layer, checking every value; the static factories give the defaults. */
  public LSTM {
    checkArgument(inputSize > 0, "LSTM inputSize must be positive, got %s", inputSize);
    checkArgument(hiddenSize > 0, "LSTM hiddenSize must be positive, got %s", hiddenSize);
    checkArgument(formulation != null, "LSTM formulation is null; use Formulation.UNROLLED");
    checkArgument(weightDropout >= 0 && weightDropout < 1, "LSTM weightDropout must be in [0, 1), got %s",
        weightDropout);
  }

  /**
   * {@code nn.LSTM(inputSize, hiddenSize, batch_first=True)}, unrolled, no weight dropout. Unrolled is
   * the default because its train step measured faster than the LSTM operator's at both sizes of
   * {@code ./fastj bench-lstm} (docs/how-it-works.md, "The LSTM: formulation and gradients").
   */
  public static LSTM of(int inputSize, int hiddenSize) {
    return new LSTM(inputSize, hiddenSize, Formulation.UNROLLED, 0);
  }

  /** A copy written in ONNX as {@code f}. */
  public LSTM withFormulation(Formulation f) {
    return new LSTM(inputSize, hiddenSize, f, weightDropout);
  }

  /** A copy with AWD-LSTM's weight dropout {@code p} on {@code weight_hh} (fastai's {@code WeightDropout}). */
  public LSTM withWeightDropout(double p) {
    return new LSTM(inputSize, hiddenSize, formulation, p);
  }

  /** A zero state for a batch like {@code x} ({@code [N, T, C]}, N may be symbolic). */
  public State zeroState(Emitter e, Var x) {
    Var n = e.op("Slice", List.of(e.op("Shape", x), e.constantLongs(new long[] {0}, 1),
        e.constantLongs(new long[] {1}, 1)), Map.of());
    Var shape = e.op("Concat", List.of(n, e.constantLongs(new long[] {hiddenSize}, 1)), Map.of("axis", 0L));
    // without a value attribute ConstantOfShape gives float32 zeros
    Var zeros = e.op("ConstantOfShape", List.of(shape), Map.of());
    return new State(zeros, zeros);
  }

  /** The layer from a zero state; returns every step's hidden state {@code [N, T, H]}. */
  @Override
  public Var forward(Emitter e, Var x) {
    return forward(e, x, zeroState(e, x)).output();
  }

  /** The layer from {@code initial}; returns every step's hidden state and the final state. */
  public Result forward(Emitter e, Var x, State initial) {
    checkArgument(x.rank() == 3, "%s takes a batch-first input [N, T, C], got %s of rank %s", describe(), x.name(),
        x.rank());
    Shapes.checkDim(this, x, 2, inputSize, "input features (inputSize)");
    long steps = x.dim(1);
    checkArgument(steps > 0, "%s needs a static sequence length (dim 1 of %s); give the input spec [T, C]",
        describe(), x.name());
    long h4 = 4L * hiddenSize;
    Init u = new Init.Uniform(1 / Math.sqrt(hiddenSize));
    Var wIh = e.param("weight_ih", Shapes.of(h4, inputSize), u, ParamRole.WEIGHT);
    Var wHh = e.param("weight_hh", Shapes.of(h4, hiddenSize), u, ParamRole.WEIGHT);
    Var bIh = e.param("bias_ih", Shapes.of(h4), u, ParamRole.BIAS);
    Var bHh = e.param("bias_hh", Shapes.of(h4), u, ParamRole.BIAS);
    if (e.training() && weightDropout > 0) {
      Var ratio = e.constant(new float[] {(float) weightDropout});
      wHh = e.op("Dropout", List.of(wHh, ratio, e.constantBool(true)), Map.of(), 2).get(0);
    }
    return formulation == Formulation.UNROLLED
        ? unrolled(e, x, initial, (int) steps, wIh, wHh, bIh, bHh)
        : onnxOp(e, x, initial, wIh, wHh, bIh, bHh);
  }

  private Result unrolled(Emitter e, Var x, State initial, int steps, Var wIh, Var wHh, Var bIh, Var bHh) {
    Var xw = e.op("Add", e.op("MatMul", x, transpose(e, wIh)), e.op("Add", bIh, bHh));
    List<Var> xs = steps == 1 ? List.of(xw)
        : e.op("Split", List.of(xw), Map.of("axis", 1L, "num_outputs", (long) steps), steps);
    Var rT = transpose(e, wHh);
    Var h = initial.h();
    Var c = initial.c();
    Var axis1 = e.constantLongs(new long[] {1}, 1);
    List<Var> hs = new ArrayList<>(steps);
    for (int t = 0; t < steps; t++) {
      Var gates = e.op("Add", e.op("Squeeze", xs.get(t), axis1), e.op("MatMul", h, rT));
      List<Var> g = e.op("Split", List.of(gates), Map.of("axis", 1L, "num_outputs", 4L), 4);
      Var i = e.op("Sigmoid", g.get(0));
      Var f = e.op("Sigmoid", g.get(1));
      Var cand = e.op("Tanh", g.get(2));
      Var o = e.op("Sigmoid", g.get(3));
      c = e.op("Add", e.op("Mul", f, c), e.op("Mul", i, cand));
      h = e.op("Mul", o, e.op("Tanh", c));
      hs.add(e.op("Unsqueeze", h, axis1));
    }
    Var y = steps == 1 ? hs.get(0) : e.op("Concat", hs, Map.of("axis", 1L));
    return new Result(y, new State(h, c));
  }

  private static Var transpose(Emitter e, Var w) {
    return e.op("Transpose", List.of(w), Map.of("perm", new long[] {1, 0}));
  }

  private Result onnxOp(Emitter e, Var x, State initial, Var wIh, Var wHh, Var bIh, Var bHh) {
    Var axis0 = e.constantLongs(new long[] {0}, 1);
    Var w = e.op("Unsqueeze", toOnnxGateOrder(e, wIh), axis0);
    Var r = e.op("Unsqueeze", toOnnxGateOrder(e, wHh), axis0);
    Var b = e.op("Unsqueeze", e.op("Concat", List.of(toOnnxGateOrder(e, bIh), toOnnxGateOrder(e, bHh)),
        Map.of("axis", 0L)), axis0);
    Var xs = e.op("Transpose", List.of(x), Map.of("perm", new long[] {1, 0, 2}));
    List<Var> in = new ArrayList<>(List.of(xs, w, r, b));
    in.add(null);
    in.add(e.op("Unsqueeze", initial.h(), axis0));
    in.add(e.op("Unsqueeze", initial.c(), axis0));
    List<Var> out = e.op("LSTM", in, Map.of("hidden_size", (long) hiddenSize), 3);
    // Y is [T, 1, N, H] (one direction)
    Var y = e.op("Transpose", List.of(e.op("Squeeze", out.get(0), e.constantLongs(new long[] {1}, 1))),
        Map.of("perm", new long[] {1, 0, 2}));
    return new Result(y, new State(e.op("Squeeze", out.get(1), axis0), e.op("Squeeze", out.get(2), axis0)));
  }

  /** PyTorch's gate blocks (i, f, g, o) along axis 0 reordered to ONNX's (i, o, f, c). */
  private static Var toOnnxGateOrder(Emitter e, Var v) {
    List<Var> g = e.op("Split", List.of(v), Map.of("axis", 0L, "num_outputs", 4L), 4);
    return e.op("Concat", List.of(g.get(0), g.get(3), g.get(1), g.get(2)), Map.of("axis", 0L));
  }

  @Override
  public String describe() {
    return "LSTM(" + inputSize + " -> " + hiddenSize + (formulation == Formulation.UNROLLED ? ", unrolled" : "")
        + (weightDropout > 0 ? ", weight_p=" + weightDropout : "") + ")";
  }
}
