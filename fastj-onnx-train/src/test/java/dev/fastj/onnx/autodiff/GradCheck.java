package dev.fastj.onnx.autodiff;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;
import dev.fastj.onnx.graph.DataType;
import dev.fastj.onnx.graph.GraphBuilder;
import dev.fastj.onnx.graph.Model;
import dev.fastj.onnx.graph.ShapeInference;
import dev.fastj.onnx.graph.ShapeRules;
import dev.fastj.onnx.graph.Tensor;
import dev.fastj.onnx.graph.ValueInfo;
import dev.fastj.onnx.runtime.CompiledGraph;
import dev.fastj.onnx.runtime.OrtRunException;
import dev.fastj.onnx.runtime.OrtTensors;
import dev.fastj.onnx.runtime.SessionConfig;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Checks gradient rules against central finite differences on ONNX Runtime; reusable by any
 * rule's test.
 *
 * <p>Given a forward function that emits nodes into a {@link GraphBuilder} whose inputs are
 * already declared (one per {@link #input}), it builds {@code loss = ReduceSum(out * R)} with a
 * fixed random R, lets {@link Autodiff} append the backward, runs the graph once for the
 * analytic gradients and twice per checked element for finite differences, and compares.
 * It first tries float64 (central differences {@code (loss(x + h) - loss(x - h)) / 2h}, h = 1e-5
 * relative to the value, default tolerance 1e-6), without graph optimizations if a fusion lacks
 * a double kernel; when ONNX Runtime has no double kernel for an operator it falls back to
 * float32 (central differences, h = 1e-2 relative to the value, default tolerance 1e-2, the loss
 * accumulated in float64), and says so in the report. The error of an element is
 * {@code |analytic - numeric| / max(|analytic|, |numeric|, 1e-3 * max|numeric| of that input,
 * 1e-9)}; the report keeps the worst one and where it is.
 *
 * <pre>{@code
 * GradCheck.of(b -> b.mul("x", "w"))
 *     .input("x", GradCheck.randn(1, 4, 3))
 *     .input("w", GradCheck.randn(2, 3))     // broadcast over x's rows
 *     .check();                                // asserts, and returns the report
 * }</pre>
 *
 * <p>Pick inputs away from kinks (Relu at 0, Abs at 0, Clip's bounds, ties of Max): a finite
 * difference across a kink is not a gradient. Integer inputs (indices) are fed as given and
 * never checked. {@link #batch} declares an input's first dim symbolic and {@link #unknownShape}
 * hides its shape, to exercise the rules' dynamic formulations.
 */
public final class GradCheck {

  /** Emits the forward computation; returns the name of the value whose gradient flows back. */
  @FunctionalInterface
  public interface Forward {
    String build(GraphBuilder b);
  }

  /**
   * The outcome of a check.
   *
   * @param precision DOUBLE, or FLOAT when ONNX Runtime lacked a double kernel
   * @param worstError the largest relative error over every checked element
   * @param worstInput the input holding it
   * @param worstIndex its flat index in that input
   * @param analytic the analytic gradient there
   * @param numeric the finite-difference gradient there
   */
  public record Report(DataType precision, double worstError, String worstInput, int worstIndex, double analytic,
      double numeric) {
    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%s worst relative error %.3g at %s[%d] (analytic %.9g, numeric %.9g)",
          precision, worstError, worstInput, worstIndex, analytic, numeric);
    }
  }

  /** Emits the forward computation with constants of the precision {@code type} being checked. */
  @FunctionalInterface
  public interface TypedForward {
    String build(GraphBuilder b, DataType type);
  }

  private final TypedForward forward;
  private final Map<String, Tensor> inputs = new LinkedHashMap<>();
  private final Set<String> batched = new HashSet<>();
  private final Set<String> unknown = new HashSet<>();
  private List<String> wrt;
  private GradientRules rules = GradientRules.defaults();
  private ShapeRules shapes = ShapeRules.defaults();
  private DataType forced;
  private Double tolerance;
  private long seed = 7;
  private int sample = Integer.MAX_VALUE;
  private String label = "";
  private java.util.function.UnaryOperator<dev.fastj.onnx.graph.Graph> rewrite = g -> g;
  private java.util.function.UnaryOperator<Autodiff.Options> options = o -> o;

  private GradCheck(TypedForward forward) {
    this.forward = forward;
  }

  /** A check of the graph that {@code forward} emits. */
  public static GradCheck of(Forward forward) {
    return new GradCheck((b, t) -> forward.build(b));
  }

  /**
   * A check of a graph with floating constants: {@code forward} gets the element type being
   * checked (DOUBLE, or FLOAT on the fallback) to make them with.
   */
  public static GradCheck typed(TypedForward forward) {
    return new GradCheck(forward);
  }

  /** Declares a graph input with this value (floating values are converted to the precision used). */
  public GradCheck input(String name, Tensor value) {
    inputs.put(name, value);
    return this;
  }

  /** The inputs to check (default: every floating input). */
  public GradCheck wrt(String... names) {
    wrt = List.of(names);
    return this;
  }

  /** Declares the first dim of these inputs symbolic ("N") instead of static. */
  public GradCheck batch(String... names) {
    batched.addAll(List.of(names));
    return this;
  }

  /** Declares these inputs with an unknown shape. */
  public GradCheck unknownShape(String... names) {
    unknown.addAll(List.of(names));
    return this;
  }

  /** Uses these gradient rules instead of the defaults. */
  public GradCheck rules(GradientRules r) {
    rules = r;
    return this;
  }

  /** Uses these shape rules instead of the defaults. */
  public GradCheck shapes(ShapeRules s) {
    shapes = s;
    return this;
  }

  /**
   * Runs in float32 only: for operators whose ONNX schema rejects double (Celu, say), which
   * ONNX Runtime reports as a type error rather than a missing kernel.
   */
  public GradCheck float32() {
    forced = DataType.FLOAT;
    return this;
  }

  /** The largest relative error {@link #check} accepts (default 1e-6 in float64, 1e-2 in float32). */
  public GradCheck tolerance(double t) {
    tolerance = t;
    return this;
  }

  /** Seed of the random weights R of the loss. */
  public GradCheck seed(long s) {
    seed = s;
    return this;
  }

  /**
   * Checks at most {@code n} elements of each input (a fixed random subset, always including the
   * first and last) instead of all of them, to keep checks of larger tensors fast.
   */
  public GradCheck sample(int n) {
    if (n < 2) {
      throw new IllegalArgumentException("sample size must be at least 2, got " + n);
    }
    sample = n;
    return this;
  }

  /** Changes the backward pass's options (which default to zeros for unreached inputs). */
  public GradCheck options(java.util.function.UnaryOperator<Autodiff.Options> o) {
    options = o;
    return this;
  }

  /**
   * Rewrites the whole graph (forward and backward) before it runs. For an operator that ONNX
   * Runtime runs in float32 only (LSTM), a rewrite that replaces its forward node by an equivalent
   * float64 subgraph keeps the check in float64: the rule's backward nodes are left as they are.
   */
  public GradCheck rewrite(java.util.function.UnaryOperator<dev.fastj.onnx.graph.Graph> r) {
    rewrite = r;
    return this;
  }

  /** A label printed with the report. */
  public GradCheck label(String l) {
    label = l;
    return this;
  }

  /** Runs the check and fails with the report when the worst error exceeds the tolerance. */
  public Report check() {
    Report r = run();
    double tol = tolerance != null ? tolerance : r.precision() == DataType.DOUBLE ? 1e-6 : 1e-2;
    System.out.println("[gradcheck] " + (label.isEmpty() ? "" : label + ": ") + r);
    if (!(r.worstError() <= tol)) {
      throw new AssertionError("gradient check " + label + " failed: " + r + " > tolerance " + tol);
    }
    return r;
  }

  /** Runs the check and returns the report without judging it. */
  public Report run() {
    if (forced == null) {
      // ONNX Runtime lacks double kernels for some operators, and some of its fusions (MatMul
      // with Transpose into FusedMatMul) have none either: try double without graph
      // optimizations before settling for float32
      for (OptLevel level : List.of(OptLevel.ALL_OPT, OptLevel.NO_OPT)) {
        try {
          return runIn(DataType.DOUBLE, level);
        } catch (OrtRunException e) {
          if (!missingKernel(e)) {
            throw e;
          }
        }
      }
    }
    return runIn(DataType.FLOAT, OptLevel.ALL_OPT);
  }

  private static boolean missingKernel(OrtRunException e) {
    String m = String.valueOf(e.getMessage());
    return m.contains("NOT_IMPLEMENTED") || m.contains("Could not find an implementation");
  }

  private Report runIn(DataType p, OptLevel level) {
    Map<String, Tensor> feed = new LinkedHashMap<>();
    inputs.forEach((k, v) -> feed.put(k, v.type().isFloating() ? v.cast(p) : v));
    List<String> checked = wrt != null ? wrt
        : feed.entrySet().stream().filter(e -> e.getValue().type().isFloating()).map(Map.Entry::getKey).toList();

    GraphBuilder b = new GraphBuilder("gradcheck");
    for (Map.Entry<String, Tensor> e : feed.entrySet()) {
      long[] d = e.getValue().dims();
      if (unknown.contains(e.getKey())) {
        b.addInput(new ValueInfo(e.getKey(), e.getValue().type(), null, null));
      } else {
        if (batched.contains(e.getKey())) {
          d[0] = -1;
        }
        b.input(e.getKey(), e.getValue().type(), d);
      }
    }
    String out = forward.build(b, p);
    long[] outShape = outputShape(b, out, feed, p);
    Random rnd = new Random(seed);
    double[] rv = new double[(int) Tensor.numel(outShape)];
    for (int i = 0; i < rv.length; i++) {
      rv[i] = rnd.nextGaussian();
    }
    // float32 runs accumulate the loss in float64 so that the finite differences see less rounding
    String o = p == DataType.DOUBLE ? out : b.cast(out, DataType.DOUBLE);
    String loss = b.reduceSum(b.mul(o, b.constant(Tensor.ofDoubles(rv, outShape))), false);
    Autodiff.Result res = Autodiff.backward(b, loss, checked, rules, shapes,
        options.apply(Autodiff.Options.defaults().withZerosForUnreached(true)));
    b.identityAs(loss, "gradcheck_loss");
    b.output(new ValueInfo("gradcheck_loss", DataType.DOUBLE, null, null));
    for (String w : checked) {
      b.identityAs(res.gradient(w), "gradcheck_grad_" + w);
      b.output(new ValueInfo("gradcheck_grad_" + w, p, null, null));
    }

    try (CompiledGraph cg = CompiledGraph.compile(Model.of(rewrite.apply(b.build())), SessionConfig.defaults().withOptimization(level))) {
      Map<String, Tensor> analytic = runAll(cg, feed);
      Report worst = null;
      double h0 = p == DataType.DOUBLE ? 1e-5 : 1e-2;
      for (String w : checked) {
        Tensor x = feed.get(w);
        double[] xv = x.toDoubles();
        double[] a = analytic.get("gradcheck_grad_" + w).toDoubles();
        if (a.length != xv.length) {
          throw new AssertionError("gradient of " + w + " has " + a.length + " elements, the input " + xv.length);
        }
        double[] num = new double[xv.length];
        int[] elems = elements(xv.length, w);
        double maxAbs = 0;
        for (int i : elems) {
          double h = h0 * Math.max(1, Math.abs(xv[i]));
          double[] plus = xv.clone();
          double[] minus = xv.clone();
          plus[i] = round(p, xv[i] + h);
          minus[i] = round(p, xv[i] - h);
          double lp = lossAt(cg, feed, w, p, plus, x.dims());
          double lm = lossAt(cg, feed, w, p, minus, x.dims());
          // the step actually taken, after rounding to the precision fed
          num[i] = (lp - lm) / (plus[i] - minus[i]);
          maxAbs = Math.max(maxAbs, Math.abs(num[i]));
        }
        for (int i : elems) {
          double denom = Math.max(Math.max(Math.abs(a[i]), Math.abs(num[i])), Math.max(1e-3 * maxAbs, 1e-9));
          double err = Math.abs(a[i] - num[i]) / denom;
          if (Double.isNaN(err)) {
            err = Double.POSITIVE_INFINITY;
          }
          if (worst == null || err > worst.worstError()) {
            worst = new Report(p, err, w, i, a[i], num[i]);
          }
        }
      }
      return worst != null ? worst : new Report(p, 0, "", -1, 0, 0);
    }
  }

  /** The flat indices checked in an input of {@code n} elements. */
  private int[] elements(int n, String input) {
    if (n <= sample) {
      return java.util.stream.IntStream.range(0, n).toArray();
    }
    List<Integer> all = new ArrayList<>();
    for (int i = 1; i < n - 1; i++) {
      all.add(i);
    }
    java.util.Collections.shuffle(all, new Random(seed * 31 + input.hashCode()));
    int[] out = new int[sample];
    out[0] = 0;
    out[1] = n - 1;
    for (int i = 2; i < sample; i++) {
      out[i] = all.get(i - 2);
    }
    return out;
  }

  private long[] outputShape(GraphBuilder b, String out, Map<String, Tensor> feed, DataType p) {
    ValueInfo v = ShapeInference.infer(b.build(), shapes).get(out);
    long[] s = v == null ? null : v.dims();
    if (RuleSupport.isStatic(s)) {
      return s;
    }
    // not static here (symbolic or hidden inputs): run the forward once to see it
    GraphBuilder fb = GraphBuilder.from(b.build());
    fb.output(new ValueInfo(out, v == null || v.type() == null ? p : v.type(), null, null));
    try (CompiledGraph cg = CompiledGraph.compile(Model.of(fb.build()))) {
      return runAll(cg, feed).get(out).dims();
    }
  }

  private static double round(DataType p, double v) {
    return p == DataType.FLOAT ? (float) v : v;
  }

  private static Map<String, Tensor> runAll(CompiledGraph cg, Map<String, Tensor> feed) {
    return cg.runTensors(feed);
  }

  private static double lossAt(CompiledGraph cg, Map<String, Tensor> feed, String w, DataType p, double[] values,
      long[] dims) {
    Map<String, OnnxTensor> in = new HashMap<>();
    try {
      for (Map.Entry<String, Tensor> e : feed.entrySet()) {
        Tensor t = e.getKey().equals(w)
            ? (p == DataType.DOUBLE ? Tensor.ofDoubles(values, dims) : Tensor.ofDoubles(values, dims).cast(DataType.FLOAT))
            : e.getValue();
        in.put(e.getKey(), OrtTensors.toOnnx(t));
      }
      try (OrtSession.Result r = cg.run(in, Set.of("gradcheck_loss"))) {
        return OrtTensors.fromOnnx((OnnxTensor) r.get(0)).toDoubles()[0];
      }
    } finally {
      in.values().forEach(OnnxTensor::close);
    }
  }

  /** Standard normal values (float64) of the given dims, from {@code seed}. */
  public static Tensor randn(long seed, long... dims) {
    Random r = new Random(seed);
    double[] v = new double[(int) Tensor.numel(dims)];
    for (int i = 0; i < v.length; i++) {
      v[i] = r.nextGaussian();
    }
    return Tensor.ofDoubles(v, dims);
  }

  /** Uniform values in [lo, hi) (float64) of the given dims, from {@code seed}. */
  public static Tensor uniform(long seed, double lo, double hi, long... dims) {
    Random r = new Random(seed);
    double[] v = new double[(int) Tensor.numel(dims)];
    for (int i = 0; i < v.length; i++) {
      v[i] = lo + (hi - lo) * r.nextDouble();
    }
    return Tensor.ofDoubles(v, dims);
  }

  /**
   * Normal values pushed at least {@code gap} away from zero (for kinks at 0: Relu, Abs), of the
   * given dims, from {@code seed}.
   */
  public static Tensor awayFromZero(long seed, double gap, long... dims) {
    double[] v = randn(seed, dims).toDoubles();
    for (int i = 0; i < v.length; i++) {
      v[i] = v[i] >= 0 ? v[i] + gap : v[i] - gap;
    }
    return Tensor.ofDoubles(v, dims);
  }

  /** Values with no two equal along the whole tensor (for Max/Min ties), of the given dims. */
  public static Tensor distinct(long seed, long... dims) {
    int n = (int) Tensor.numel(dims);
    List<Integer> perm = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      perm.add(i);
    }
    java.util.Collections.shuffle(perm, new Random(seed));
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = (perm.get(i) - n / 2.0) * 0.1;
    }
    return Tensor.ofDoubles(v, dims);
  }

  @Override
  public String toString() {
    return "GradCheck" + Arrays.toString(inputs.keySet().toArray());
  }
}
