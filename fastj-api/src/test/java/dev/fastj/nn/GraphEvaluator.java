package dev.fastj.nn;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.math3.special.Erf;

/**
 * Evaluates a graph recorded by {@link RecordingEmitter} in float64 with concrete shapes (test scope),
 * for the elementwise, reduction and normalisation operators, so tests can check what layers compute.
 * Parameters and buffers take their values from {@link #set}, or else from a constant {@link Init}.
 */
public final class GraphEvaluator {

  /** A dense row-major float64 tensor. */
  public record T(long[] shape, double[] data) {
    public static T of(double[] data, long... shape) {
      return new T(shape, data);
    }

    double at(int i) {
      return data[i];
    }
  }

  private final RecordingEmitter e;
  private final Map<String, T> values = new HashMap<>();

  public GraphEvaluator(RecordingEmitter e) {
    this.e = e;
  }

  /** Sets an input, parameter or buffer value by its Var name. */
  public GraphEvaluator set(String name, T value) {
    values.put(name, value);
    return this;
  }

  /** Evaluates every node and returns the value of {@code v}. */
  public T eval(Var v) {
    for (RecordingEmitter.Node n : e.nodes) {
      if (values.containsKey(n.outputs().get(0).name())) {
        continue;
      }
      T[] in = new T[n.inputs().size()];
      for (int i = 0; i < in.length; i++) {
        in[i] = value(n.inputs().get(i));
      }
      if (n.opType().equals("BatchNormalization") && n.outputs().size() == 3) {
        T[] outs = batchNormTraining(in, ((Number) n.attributes().get("epsilon")).doubleValue(),
            ((Number) n.attributes().get("momentum")).doubleValue());
        for (int i = 0; i < 3; i++) {
          values.put(n.outputs().get(i).name(), outs[i]);
        }
        continue;
      }
      T out = apply(n, in);
      for (Var o : n.outputs()) {
        values.put(o.name(), out);
      }
    }
    return value(v);
  }

  private T value(Var v) {
    T t = values.get(v.name());
    if (t != null) {
      return t;
    }
    if (e.floatConstants.containsKey(v.name())) {
      float[] f = e.floatConstants.get(v.name());
      double[] d = new double[f.length];
      for (int i = 0; i < f.length; i++) d[i] = f[i];
      return new T(v.shape(), d);
    }
    if (e.longConstants.containsKey(v.name())) {
      return new T(v.shape(), Arrays.stream(e.longConstants.get(v.name())).asDoubleStream().toArray());
    }
    Init init = e.params.containsKey(v.name()) ? e.params.get(v.name()).init()
        : e.buffers.containsKey(v.name()) ? e.buffers.get(v.name()).init() : null;
    if (init instanceof Init.Constant c) {
      double[] d = new double[(int) numel(v.shape())];
      Arrays.fill(d, c.value());
      return new T(v.shape(), d);
    }
    throw new IllegalStateException("no value for " + v.name());
  }

  static long numel(long[] s) {
    return Arrays.stream(s).reduce(1, (a, b) -> a * b);
  }

  private T apply(RecordingEmitter.Node n, T[] in) {
    Map<String, Object> a = n.attributes();
    return switch (n.opType()) {
      case "Add" -> binary(in[0], in[1], (x, y) -> x + y);
      case "Sub" -> binary(in[0], in[1], (x, y) -> x - y);
      case "Mul" -> binary(in[0], in[1], (x, y) -> x * y);
      case "Div" -> binary(in[0], in[1], (x, y) -> x / y);
      case "Sqrt" -> unary(in[0], Math::sqrt);
      case "Erf" -> unary(in[0], Erf::erf);
      case "Relu" -> unary(in[0], x -> Math.max(0, x));
      case "Sigmoid" -> unary(in[0], x -> 1 / (1 + Math.exp(-x)));
      case "Tanh" -> unary(in[0], Math::tanh);
      case "LeakyRelu" -> {
        double alpha = ((Number) a.get("alpha")).doubleValue();
        yield unary(in[0], x -> x >= 0 ? x : alpha * x);
      }
      case "Cast", "Identity" -> in[0];
      case "Size" -> new T(new long[0], new double[] {in[0].data().length});
      case "Reshape" -> {
        long[] target = Arrays.stream(in[1].data()).mapToLong(d -> (long) d).toArray();
        long total = in[0].data().length;
        long known = 1;
        for (int i = 0; i < target.length; i++) {
          if (target[i] == 0) target[i] = in[0].shape()[i];
          if (target[i] > 0) known *= target[i];
        }
        for (int i = 0; i < target.length; i++) {
          if (target[i] == -1) target[i] = total / known;
        }
        yield new T(target, in[0].data());
      }
      case "ReduceMean" -> reduceMean(in[0], Arrays.stream(in[1].data()).mapToInt(d -> (int) d).toArray());
      case "Unsqueeze", "Squeeze" -> new T(n.outputs().get(0).shape(), in[0].data());
      case "Transpose" -> transpose(in[0], (long[]) a.get("perm"));
      case "Gemm" -> gemm(in, (Long) a.getOrDefault("transB", 0L) == 1);
      case "BatchNormalization" -> batchNorm(in, ((Number) a.get("epsilon")).doubleValue());
      default -> throw new UnsupportedOperationException("GraphEvaluator does not evaluate " + n.opType());
    };
  }

  private interface Op2 {
    double apply(double x, double y);
  }

  private static T unary(T x, java.util.function.DoubleUnaryOperator f) {
    return new T(x.shape(), Arrays.stream(x.data()).map(f).toArray());
  }

  private static long[] strides(long[] s) {
    long[] st = new long[s.length];
    long acc = 1;
    for (int i = s.length - 1; i >= 0; i--) {
      st[i] = acc;
      acc *= s[i];
    }
    return st;
  }

  private static T binary(T x, T y, Op2 f) {
    long[] shape = ShapeInference.broadcast("eval", x.shape(), y.shape());
    int n = (int) numel(shape);
    double[] out = new double[n];
    long[] os = strides(shape);
    for (int i = 0; i < n; i++) {
      out[i] = f.apply(x.at(index(i, shape, os, x.shape())), y.at(index(i, shape, os, y.shape())));
    }
    return new T(shape, out);
  }

  private static int index(int flat, long[] shape, long[] os, long[] s) {
    long[] ss = strides(s);
    int off = shape.length - s.length;
    long idx = 0;
    for (int d = 0; d < shape.length; d++) {
      long coord = (flat / os[d]) % shape[d];
      if (d >= off && s[d - off] != 1) {
        idx += coord * ss[d - off];
      }
    }
    return (int) idx;
  }

  private static T reduceMean(T x, int[] axes) {
    long[] shape = x.shape().clone();
    for (int ax : axes) {
      shape[ax] = 1;
    }
    double[] sum = new double[(int) numel(shape)];
    long[] xs = strides(x.shape());
    long[] os = strides(shape);
    for (int i = 0; i < x.data().length; i++) {
      long idx = 0;
      for (int d = 0; d < shape.length; d++) {
        long coord = (i / xs[d]) % x.shape()[d];
        if (shape[d] != 1) {
          idx += coord * os[d];
        }
      }
      sum[(int) idx] += x.data()[i];
    }
    double count = (double) x.data().length / sum.length;
    return new T(shape, Arrays.stream(sum).map(s -> s / count).toArray());
  }

  private static T transpose(T x, long[] perm) {
    long[] s = x.shape();
    long[] out = new long[s.length];
    for (int i = 0; i < s.length; i++) {
      out[i] = s[(int) perm[i]];
    }
    long[] xs = strides(s);
    long[] os = strides(out);
    double[] d = new double[x.data().length];
    for (int i = 0; i < d.length; i++) {
      long src = 0;
      for (int k = 0; k < out.length; k++) {
        src += ((i / os[k]) % out[k]) * xs[(int) perm[k]];
      }
      d[i] = x.data()[(int) src];
    }
    return new T(out, d);
  }

  private static T gemm(T[] in, boolean transB) {
    long m = in[0].shape()[0];
    long k = in[0].shape()[1];
    long nOut = transB ? in[1].shape()[0] : in[1].shape()[1];
    double[] out = new double[(int) (m * nOut)];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < nOut; j++) {
        double s = in.length > 2 ? in[2].data()[in[2].data().length == 1 ? 0 : j] : 0;
        for (int q = 0; q < k; q++) {
          double w = transB ? in[1].data()[(int) (j * k + q)] : in[1].data()[(int) (q * nOut + j)];
          s += in[0].data()[(int) (i * k + q)] * w;
        }
        out[(int) (i * nOut + j)] = s;
      }
    }
    return new T(new long[] {m, nOut}, out);
  }

  /**
   * ONNX's training form: normalises with the batch mean and biased variance per channel and
   * outputs {@code input_stat * momentum + batch_stat * (1 - momentum)} for the two statistics.
   */
  private static T[] batchNormTraining(T[] in, double eps, double momentum) {
    long[] s = in[0].shape();
    int c = (int) s[1];
    long inner = numel(s) / (s[0] * c);
    double[] x = in[0].data();
    double[] sum = new double[c];
    double[] count = new double[c];
    for (int i = 0; i < x.length; i++) {
      int ch = (int) ((i / inner) % c);
      sum[ch] += x[i];
      count[ch]++;
    }
    double[] mean = new double[c];
    double[] var = new double[c];
    for (int ch = 0; ch < c; ch++) {
      mean[ch] = sum[ch] / count[ch];
    }
    for (int i = 0; i < x.length; i++) {
      int ch = (int) ((i / inner) % c);
      var[ch] += (x[i] - mean[ch]) * (x[i] - mean[ch]) / count[ch];
    }
    T y = batchNorm(new T[] {in[0], in[1], in[2], new T(new long[] {c}, mean), new T(new long[] {c}, var)}, eps);
    double[] runMean = new double[c];
    double[] runVar = new double[c];
    for (int ch = 0; ch < c; ch++) {
      runMean[ch] = in[3].data()[ch] * momentum + mean[ch] * (1 - momentum);
      runVar[ch] = in[4].data()[ch] * momentum + var[ch] * (1 - momentum);
    }
    return new T[] {y, new T(new long[] {c}, runMean), new T(new long[] {c}, runVar)};
  }

  private static T batchNorm(T[] in, double eps) {
    long[] s = in[0].shape();
    long c = s[1];
    long inner = numel(s) / (s[0] * c);
    double[] out = new double[in[0].data().length];
    for (int i = 0; i < out.length; i++) {
      int ch = (int) ((i / inner) % c);
      out[i] = (in[0].data()[i] - in[3].data()[ch]) / Math.sqrt(in[4].data()[ch] + eps) * in[1].data()[ch]
          + in[2].data()[ch];
    }
    return new T(s, out);
  }
}
