package dev.fastj.nn;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Supplier;

/**
 * A test {@link Emitter} that evaluates the ONNX operators the losses use, eagerly in float64, so
 * a loss's graph can be checked against values computed by hand. Not a backend: only the
 * operators and attribute forms the flat losses emit.
 */
final class EagerEmitter implements Emitter {

  record T(double[] v, long[] shape) {
    int size() {
      return v.length;
    }
  }

  private final Map<String, T> values = new HashMap<>();
  final List<String> ops = new ArrayList<>();
  private int next;

  /** Registers an input value; {@code knownShape} false hides its shape from the loss. */
  Var input(double[] v, long[] shape, boolean knownShape) {
    String name = "in" + next++;
    values.put(name, new T(v, shape));
    return new Var(name, knownShape ? shape : null);
  }

  double[] value(Var v) {
    return values.get(v.name()).v();
  }

  long[] shape(Var v) {
    return values.get(v.name()).shape();
  }

  private Var put(T t) {
    String name = "v" + next++;
    values.put(name, t);
    return new Var(name, t.shape());
  }

  @Override
  public List<Var> op(String opType, List<Var> inputs, Map<String, Object> attributes, int outputs) {
    ops.add(opType);
    List<T> in = inputs.stream().map(v -> v == null ? null : values.get(v.name())).toList();
    T out = switch (opType) {
      case "LogSoftmax" -> logSoftmax(in.get(0), ((Number) attributes.get("axis")).intValue());
      case "Shape" -> new T(Arrays.stream(in.get(0).shape()).asDoubleStream().toArray(), new long[] {in.get(0).shape().length});
      case "Gather" -> gather(in.get(0), in.get(1));
      case "Cast" -> in.get(0);
      case "Equal" -> binary(in.get(0), in.get(1), (a, b) -> a == b ? 1 : 0);
      case "Not" -> unary(in.get(0), a -> a == 0 ? 1 : 0);
      case "Where" -> where(in.get(0), in.get(1), in.get(2));
      case "OneHot" -> oneHot(in.get(0), (int) in.get(1).v()[0], in.get(2), ((Number) attributes.get("axis")).intValue());
      case "Mul" -> binary(in.get(0), in.get(1), (a, b) -> a * b);
      case "Add" -> binary(in.get(0), in.get(1), Double::sum);
      case "Sub" -> binary(in.get(0), in.get(1), (a, b) -> a - b);
      case "Div" -> binary(in.get(0), in.get(1), (a, b) -> a / b);
      case "Max" -> binary(in.get(0), in.get(1), Math::max);
      case "Neg" -> unary(in.get(0), a -> -a);
      case "Relu" -> unary(in.get(0), a -> Math.max(a, 0));
      case "Abs" -> unary(in.get(0), Math::abs);
      case "Exp" -> unary(in.get(0), Math::exp);
      case "Log" -> unary(in.get(0), Math::log);
      case "Reshape" -> new T(in.get(0).v(), new long[] {in.get(0).size()});
      case "ReduceSum", "ReduceMean" -> reduce(in.get(0), in.size() > 1 ? in.get(1) : null,
          ((Number) attributes.get("keepdims")).intValue() == 1, opType.equals("ReduceMean"));
      default -> throw new UnsupportedOperationException("EagerEmitter does not evaluate " + opType);
    };
    return List.of(put(out));
  }

  private static T unary(T a, DoubleUnaryOperator f) {
    return new T(Arrays.stream(a.v()).map(f).toArray(), a.shape());
  }

  private static T binary(T a, T b, DoubleBinaryOperator f) {
    int rank = Math.max(a.shape().length, b.shape().length);
    long[] shape = new long[rank];
    for (int i = 0; i < rank; i++) {
      long da = dim(a.shape(), i, rank);
      long db = dim(b.shape(), i, rank);
      if (da != db && da != 1 && db != 1) {
        throw new IllegalArgumentException("cannot broadcast " + Arrays.toString(a.shape()) + " and " + Arrays.toString(b.shape()));
      }
      shape[i] = Math.max(da, db);
    }
    int n = (int) Arrays.stream(shape).reduce(1, (x, y) -> x * y);
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = f.applyAsDouble(a.v()[index(i, shape, a.shape())], b.v()[index(i, shape, b.shape())]);
    }
    return new T(out, shape);
  }

  private static long dim(long[] s, int i, int rank) {
    int k = i - (rank - s.length);
    return k < 0 ? 1 : s[k];
  }

  private static int index(int flat, long[] outShape, long[] s) {
    int rank = outShape.length;
    int idx = 0;
    int stride = 1;
    for (int i = rank - 1; i >= 0; i--) {
      int coord = (int) (flat % outShape[i]);
      flat /= (int) outShape[i];
      long d = dim(s, i, rank);
      if (d != 1) {
        idx += coord * stride;
      }
      stride *= (int) d;
    }
    return idx;
  }

  private static T where(T c, T x, T y) {
    T xy = binary(x, y, (a, b) -> 0);
    T full = binary(c, xy, (a, b) -> a);
    double[] out = new double[full.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = full.v()[i] != 0 ? x.v()[index(i, full.shape(), x.shape())] : y.v()[index(i, full.shape(), y.shape())];
    }
    return new T(out, full.shape());
  }

  private static T gather(T data, T idx) {
    double[] out = new double[idx.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = data.v()[(int) idx.v()[i]];
    }
    return new T(out, idx.shape());
  }

  private static T logSoftmax(T x, int axis) {
    long[] s = x.shape();
    int c = (int) s[axis];
    int inner = 1;
    for (int i = axis + 1; i < s.length; i++) {
      inner *= (int) s[i];
    }
    int outer = x.size() / (c * inner);
    double[] out = new double[x.size()];
    for (int o = 0; o < outer; o++) {
      for (int r = 0; r < inner; r++) {
        int base = o * c * inner + r;
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < c; k++) {
          max = Math.max(max, x.v()[base + k * inner]);
        }
        double sum = 0;
        for (int k = 0; k < c; k++) {
          sum += Math.exp(x.v()[base + k * inner] - max);
        }
        for (int k = 0; k < c; k++) {
          out[base + k * inner] = x.v()[base + k * inner] - max - Math.log(sum);
        }
      }
    }
    return new T(out, s);
  }

  private static T oneHot(T idx, int depth, T values, int axis) {
    long[] s = idx.shape();
    long[] shape = new long[s.length + 1];
    for (int i = 0, j = 0; i < shape.length; i++) {
      shape[i] = i == axis ? depth : s[j++];
    }
    int inner = 1;
    for (int i = axis; i < s.length; i++) {
      inner *= (int) s[i];
    }
    int outer = idx.size() / inner;
    double[] out = new double[idx.size() * depth];
    for (int o = 0; o < outer; o++) {
      for (int r = 0; r < inner; r++) {
        int cls = (int) idx.v()[o * inner + r];
        for (int k = 0; k < depth; k++) {
          out[o * depth * inner + k * inner + r] = k == cls ? values.v()[1] : values.v()[0];
        }
      }
    }
    return new T(out, shape);
  }

  private static T reduce(T x, T axesT, boolean keep, boolean mean) {
    long[] s = x.shape();
    boolean[] red = new boolean[s.length];
    if (axesT == null) {
      Arrays.fill(red, true);
    } else {
      for (double a : axesT.v()) {
        red[(int) a < 0 ? s.length + (int) a : (int) a] = true;
      }
    }
    List<Long> outShape = new ArrayList<>();
    List<Long> keptShape = new ArrayList<>();
    for (int i = 0; i < s.length; i++) {
      keptShape.add(red[i] ? 1L : s[i]);
      if (!red[i]) {
        outShape.add(s[i]);
      } else if (keep) {
        outShape.add(1L);
      }
    }
    long[] ks = keptShape.stream().mapToLong(Long::longValue).toArray();
    int n = (int) Arrays.stream(ks).reduce(1, (a, b) -> a * b);
    double[] out = new double[n];
    int count = x.size() / n;
    for (int i = 0; i < x.size(); i++) {
      int rest = i;
      int o = 0;
      int stride = 1;
      int[] coord = new int[s.length];
      for (int d = s.length - 1; d >= 0; d--) {
        coord[d] = (int) (rest % s[d]);
        rest /= (int) s[d];
      }
      for (int d = s.length - 1; d >= 0; d--) {
        if (!red[d]) {
          o += coord[d] * stride;
          stride *= (int) s[d];
        }
      }
      out[o] += x.v()[i];
    }
    if (mean) {
      for (int i = 0; i < n; i++) {
        out[i] /= count;
      }
    }
    return new T(out, outShape.stream().mapToLong(Long::longValue).toArray());
  }

  @Override
  public Var param(String name, long[] shape, Init init, ParamRole role) {
    throw new UnsupportedOperationException("losses declare no parameters");
  }

  @Override
  public Var buffer(String name, long[] shape, Init init) {
    throw new UnsupportedOperationException("losses declare no buffers");
  }

  @Override
  public void updateBuffer(Var buffer, Var newValue) {
    throw new UnsupportedOperationException("losses update no buffers");
  }

  @Override
  public Var constant(float[] v, long... shape) {
    double[] d = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      d[i] = v[i];
    }
    return put(new T(d, shape));
  }

  @Override
  public Var constantLongs(long[] v, long... shape) {
    return put(new T(Arrays.stream(v).asDoubleStream().toArray(), shape));
  }

  @Override
  public List<Var> inlineOnnx(Path onnxFile, List<Var> inputs, String... outputNames) {
    throw new UnsupportedOperationException("losses inline no models");
  }

  @Override
  public boolean training() {
    return true;
  }

  @Override
  public <R> R scoped(String name, Supplier<R> body) {
    return body.get();
  }
}
