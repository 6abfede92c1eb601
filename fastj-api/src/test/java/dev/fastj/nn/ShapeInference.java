package dev.fastj.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** Static shape inference for the ONNX operators the layers emit (test scope). -1 is symbolic. */
final class ShapeInference {

  private ShapeInference() {}

  static List<long[]> infer(RecordingEmitter e, String op, List<Var> in, Map<String, Object> a, int outputs) {
    for (Var v : in) {
      if (v == null) {
        throw new IllegalStateException(op + " got a null input; no layer here omits inputs");
      }
    }
    long[] x = in.isEmpty() ? null : in.get(0).shape();
    if (in.stream().anyMatch(v -> v.shape() == null)) {
      // an input of unknown shape (an inlined ONNX graph's output): so is the result
      return Collections.nCopies(outputs, op.equals("Size") ? new long[0] : null);
    }
    long[] out = switch (op) {
      case "Relu", "LeakyRelu", "Sigmoid", "Tanh", "Erf", "Sqrt", "Identity", "Neg", "Exp", "Log", "Cast",
          "BatchNormalization", "LayerNormalization" -> {
        checkInputs(op, in, op.equals("BatchNormalization") ? 5 : op.equals("LayerNormalization") ? 3 : 1);
        if (op.equals("BatchNormalization")) {
          for (int i = 1; i < 5; i++) {
            expect(op, in.get(i).shape(), new long[] {x[1]}, "input " + i);
          }
        }
        yield x;
      }
      case "Add", "Sub", "Mul", "Div" -> {
        checkInputs(op, in, 2);
        yield broadcast(op, x, in.get(1).shape());
      }
      case "Gemm" -> gemm(op, in, a);
      case "MatMul" -> {
        long[] b = in.get(1).shape();
        require(op, x.length >= 2 && b.length == 2, x, b);
        requireDim(op, x[x.length - 1], b[0], x, b);
        long[] r = x.clone();
        r[r.length - 1] = b[1];
        yield r;
      }
      case "Transpose" -> {
        long[] perm = (long[]) a.get("perm");
        long[] r = new long[x.length];
        for (int i = 0; i < r.length; i++) {
          r[i] = x[(int) perm[i]];
        }
        yield r;
      }
      case "Conv" -> conv(op, in, a);
      case "MaxPool", "AveragePool" -> pool(op, x, a);
      case "GlobalAveragePool", "GlobalMaxPool" -> {
        require(op, x.length == 4, x, null);
        yield new long[] {x[0], x[1], 1, 1};
      }
      case "Concat" -> concat(op, in, ((Long) a.get("axis")).intValue());
      case "Flatten" -> {
        int axis = ((Long) a.get("axis")).intValue();
        yield new long[] {prod(x, 0, axis), prod(x, axis, x.length)};
      }
      case "ReduceMean" -> {
        long[] axes = e.longConstants.get(in.get(1).name());
        if (axes == null) {
          throw new IllegalStateException("ReduceMean axes must be a constant input");
        }
        boolean keep = ((Long) a.getOrDefault("keepdims", 1L)) == 1;
        List<Long> r = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
          final int axis = i;
          boolean reduced = Arrays.stream(axes).anyMatch(ax -> (ax < 0 ? ax + x.length : ax) == axis);
          if (!reduced) {
            r.add(x[i]);
          } else if (keep) {
            r.add(1L);
          }
        }
        yield r.stream().mapToLong(Long::longValue).toArray();
      }
      case "Reshape" -> reshape(e, op, x, in.get(1));
      case "Unsqueeze", "Squeeze" -> {
        long[] axes = e.longConstants.get(in.get(1).name());
        if (axes == null) {
          throw new IllegalStateException(op + " axes must be a constant input");
        }
        List<Long> r = new ArrayList<>();
        for (long d : x) {
          r.add(d);
        }
        if (op.equals("Unsqueeze")) {
          for (long ax : axes) {
            r.add((int) ax, 1L);
          }
        } else {
          for (int i = axes.length - 1; i >= 0; i--) {
            require(op, r.get((int) axes[i]) == 1, x, null);
            r.remove((int) axes[i]);
          }
        }
        yield r.stream().mapToLong(Long::longValue).toArray();
      }
      case "Size" -> new long[0];
      case "Gather" -> {
        long axis = (Long) a.getOrDefault("axis", 0L);
        require(op, axis == 0, x, null);
        long[] idx = in.get(1).shape();
        if (idx == null) {
          yield null;
        }
        long[] r = Arrays.copyOf(idx, idx.length + x.length - 1);
        System.arraycopy(x, 1, r, idx.length, x.length - 1);
        yield r;
      }
      case "Dropout" -> {
        checkInputs(op, in, 3);
        yield x;
      }
      default -> throw new UnsupportedOperationException("RecordingEmitter does not know operator " + op);
    };
    if (op.equals("BatchNormalization") && outputs > 1) {
      // training mode: the batch mean and variance, one value per channel
      List<long[]> shapes = new java.util.ArrayList<>(Collections.nCopies(outputs, new long[] {x[1]}));
      shapes.set(0, out);
      return shapes;
    }
    return Collections.nCopies(outputs, out);
  }

  private static void checkInputs(String op, List<Var> in, int n) {
    if (in.size() != n) {
      throw new IllegalStateException(op + " needs " + n + " inputs, got " + in.size());
    }
  }

  private static long prod(long[] s, int from, int to) {
    long p = 1;
    for (int i = from; i < to; i++) {
      if (s[i] < 0) {
        return -1;
      }
      p *= s[i];
    }
    return p;
  }

  private static void require(String op, boolean ok, long[] a, long[] b) {
    if (!ok) {
      throw new IllegalStateException(op + ": bad shapes " + Arrays.toString(a) + " " + Arrays.toString(b));
    }
  }

  private static void requireDim(String op, long d1, long d2, long[] a, long[] b) {
    require(op, d1 < 0 || d2 < 0 || d1 == d2, a, b);
  }

  private static void expect(String op, long[] got, long[] want, String what) {
    if (!Arrays.equals(got, want)) {
      throw new IllegalStateException(op + " " + what + " has shape " + Arrays.toString(got) + ", expected "
          + Arrays.toString(want));
    }
  }

  static long[] broadcast(String op, long[] a, long[] b) {
    int n = Math.max(a.length, b.length);
    long[] r = new long[n];
    for (int i = 0; i < n; i++) {
      long da = i < n - a.length ? 1 : a[i - (n - a.length)];
      long db = i < n - b.length ? 1 : b[i - (n - b.length)];
      if (da == db || db == 1) {
        r[i] = da;
      } else if (da == 1) {
        r[i] = db;
      } else if (da < 0 || db < 0) {
        r[i] = Math.max(da, db);
      } else {
        throw new IllegalStateException(op + ": cannot broadcast " + Arrays.toString(a) + " and " + Arrays.toString(b));
      }
    }
    return r;
  }

  private static long[] gemm(String op, List<Var> in, Map<String, Object> a) {
    long[] x = in.get(0).shape();
    long[] w = in.get(1).shape();
    boolean ta = (Long) a.getOrDefault("transA", 0L) == 1;
    boolean tb = (Long) a.getOrDefault("transB", 0L) == 1;
    require(op, x.length == 2 && w.length == 2, x, w);
    long m = ta ? x[1] : x[0];
    long k = ta ? x[0] : x[1];
    long k2 = tb ? w[1] : w[0];
    long n = tb ? w[0] : w[1];
    requireDim(op, k, k2, x, w);
    if (in.size() == 3) {
      broadcast(op, new long[] {m, n}, in.get(2).shape());
    }
    return new long[] {m, n};
  }

  private static long[] conv(String op, List<Var> in, Map<String, Object> a) {
    long[] x = in.get(0).shape();
    long[] w = in.get(1).shape();
    long group = (Long) a.get("group");
    require(op, x.length == 4 && w.length == 4, x, w);
    requireDim(op, x[1], w[1] * group, x, w);
    long[] k = (long[]) a.get("kernel_shape");
    require(op, k[0] == w[2] && k[1] == w[3], x, w);
    if (in.size() == 3) {
      expect(op, in.get(2).shape(), new long[] {w[0]}, "bias");
    }
    long[] s = (long[]) a.get("strides");
    long[] p = (long[]) a.get("pads");
    long[] d = (long[]) a.get("dilations");
    return new long[] {x[0], w[0], outSize(x[2], k[0], s[0], p[0], p[2], d[0], false),
        outSize(x[3], k[1], s[1], p[1], p[3], d[1], false)};
  }

  private static long[] pool(String op, long[] x, Map<String, Object> a) {
    require(op, x.length == 4, x, null);
    long[] k = (long[]) a.get("kernel_shape");
    long[] s = (long[]) a.get("strides");
    long[] p = (long[]) a.get("pads");
    boolean ceil = (Long) a.getOrDefault("ceil_mode", 0L) == 1;
    return new long[] {x[0], x[1], outSize(x[2], k[0], s[0], p[0], p[2], 1, ceil),
        outSize(x[3], k[1], s[1], p[1], p[3], 1, ceil)};
  }

  static long outSize(long in, long k, long s, long p0, long p1, long d, boolean ceil) {
    if (in < 0) {
      return -1;
    }
    long span = in + p0 + p1 - d * (k - 1) - 1;
    if (span < 0) {
      throw new IllegalStateException("window of " + k + " does not fit input size " + in);
    }
    long out = (ceil ? Math.floorDiv(span + s - 1, s) : Math.floorDiv(span, s)) + 1;
    if (ceil && (out - 1) * s >= in + p0) {
      out--;
    }
    return out;
  }

  private static long[] concat(String op, List<Var> in, int axis) {
    long[] r = in.get(0).shape().clone();
    for (int i = 1; i < in.size(); i++) {
      long[] s = in.get(i).shape();
      require(op, s.length == r.length, r, s);
      for (int j = 0; j < r.length; j++) {
        if (j == axis) {
          r[j] = r[j] < 0 || s[j] < 0 ? -1 : r[j] + s[j];
        } else {
          requireDim(op, r[j], s[j], r, s);
        }
      }
    }
    return r;
  }

  private static long[] reshape(RecordingEmitter e, String op, long[] x, Var shapeVar) {
    long[] target = e.longConstants.get(shapeVar.name());
    if (target == null) {
      throw new IllegalStateException("Reshape shape must be a constant input");
    }
    long[] r = target.clone();
    int inferred = -1;
    for (int i = 0; i < r.length; i++) {
      if (r[i] == 0) {
        r[i] = x[i];
      } else if (r[i] == -1) {
        inferred = i;
      }
    }
    long total = prod(x, 0, x.length);
    if (inferred >= 0) {
      long rest = 1;
      for (int i = 0; i < r.length; i++) {
        if (i != inferred) {
          rest *= r[i];
        }
      }
      r[inferred] = total < 0 ? -1 : total / rest;
    } else if (total >= 0 && prod(r, 0, r.length) != total) {
      throw new IllegalStateException("Reshape of " + Arrays.toString(x) + " to " + Arrays.toString(target));
    }
    return r;
  }
}
