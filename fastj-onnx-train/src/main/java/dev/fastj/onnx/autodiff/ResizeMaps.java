package dev.fastj.onnx.autodiff;

import dev.fastj.onnx.graph.DataType;
import dev.fastj.onnx.graph.Node;
import dev.fastj.onnx.graph.Tensor;
import java.util.Arrays;

/**
 * The per-axis interpolation matrices of a Resize node, computed with ONNX Runtime's float
 * arithmetic for the coordinate transformation and its rounding and clamping rules, so the
 * gradient is the exact adjoint of the forward that ran.
 */
final class ResizeMaps {

  private final Node node;
  private final long[] in;
  private final long[] out;
  private final float[] scales;

  private ResizeMaps(Node node, long[] in, long[] out, float[] scales) {
    this.node = node;
    this.in = in;
    this.out = out;
    this.scales = scales;
  }

  /** The maps of {@code node} on an input of dims {@code xs}, from its constant scales or sizes. */
  static ResizeMaps of(Node node, long[] xs, Tensor scalesT, Tensor sizesT) {
    String mode = node.attrString("mode", "nearest");
    String ctm = node.attrString("coordinate_transformation_mode", "half_pixel");
    if (!mode.equals("nearest") && !mode.equals("linear")) {
      throw new IllegalArgumentException("the backward of " + node.describe() + " in mode '" + mode
          + "' is not supported; use nearest or linear");
    }
    if (ctm.equals("tf_crop_and_resize")) {
      throw new IllegalArgumentException("the backward of " + node.describe()
          + " with coordinate_transformation_mode tf_crop_and_resize is not supported");
    }
    if (node.attrLong("antialias", 0) != 0) {
      throw new IllegalArgumentException("the backward of " + node.describe() + " with antialias is not supported");
    }
    String policy = node.attrString("keep_aspect_ratio_policy", "stretch");
    if (!policy.equals("stretch")) {
      throw new IllegalArgumentException("the backward of " + node.describe()
          + " with keep_aspect_ratio_policy " + policy + " is not supported");
    }
    int rank = xs.length;
    long[] axes = node.attrLongs("axes", null);
    if (axes == null) {
      axes = new long[rank];
      for (int i = 0; i < rank; i++) {
        axes[i] = i;
      }
    }
    long[] out = xs.clone();
    float[] scales = new float[rank];
    Arrays.fill(scales, 1f);
    boolean haveScales = scalesT != null && scalesT.numel() > 0;
    boolean haveSizes = sizesT != null && sizesT.numel() > 0;
    if (!haveScales && !haveSizes) {
      throw new IllegalArgumentException("the backward of " + node.describe()
          + " needs constant scales or sizes");
    }
    float[] sv = haveScales ? scalesT.toFloats() : null;
    long[] zv = haveSizes && !haveScales ? sizesT.toLongs() : null;
    for (int j = 0; j < axes.length; j++) {
      int a = (int) (axes[j] < 0 ? axes[j] + rank : axes[j]);
      if (sv != null) {
        scales[a] = sv[j];
        out[a] = xs[a] < 0 ? -1 : (long) (xs[a] * sv[j]);
      } else {
        out[a] = zv[j];
        scales[a] = xs[a] <= 0 ? 1f : (float) zv[j] / (float) xs[a];
      }
      if (xs[a] < 0 && scales[a] != 1f) {
        throw new IllegalArgumentException("the backward of " + node.describe()
            + " needs a static size on resized axis " + a + ", got " + Arrays.toString(xs));
      }
    }
    return new ResizeMaps(node, xs, out, scales);
  }

  /** True when axis {@code a} is not resized at all. */
  boolean isIdentity(int a) {
    if (in[a] < 0) {
      return true;
    }
    if (in[a] != out[a]) {
      return false;
    }
    double[][] m = weights(a);
    for (int o = 0; o < out[a]; o++) {
      if (m[o][o] != 1.0) {
        return false;
      }
    }
    return true;
  }

  /** m when axis {@code a} copies each input element to m consecutive outputs, else 0. */
  long blockFactor(int a) {
    if (in[a] <= 0 || out[a] % in[a] != 0) {
      return 0;
    }
    long m = out[a] / in[a];
    double[][] w = weights(a);
    for (int o = 0; o < out[a]; o++) {
      if (w[o][(int) (o / m)] != 1.0) {
        return 0;
      }
    }
    return m;
  }

  /** The interpolation matrix of axis {@code a} as a tensor [out, in] of {@code type}. */
  Tensor matrix(int a, DataType type) {
    double[][] w = weights(a);
    int rows = (int) out[a];
    int cols = (int) in[a];
    double[] flat = new double[rows * cols];
    for (int o = 0; o < rows; o++) {
      System.arraycopy(w[o], 0, flat, o * cols, cols);
    }
    return Tensor.ofDoubles(flat, rows, cols).cast(type);
  }

  private double[][] weights(int a) {
    int rows = (int) out[a];
    int cols = (int) in[a];
    double[][] w = new double[rows][cols];
    boolean nearest = node.attrString("mode", "nearest").equals("nearest");
    for (int o = 0; o < rows; o++) {
      float x = original(o, a);
      if (nearest) {
        long i = nearestIndex(x);
        i = Math.max(0, Math.min(i, cols - 1));
        w[o][(int) i] += 1.0;
      } else {
        float c = Math.max(0f, Math.min(x, cols - 1));
        int i1 = Math.min((int) c, cols - 1);
        int i2 = Math.min(i1 + 1, cols - 1);
        float d1 = Math.abs(c - i1);
        float d2 = Math.abs(c - i2);
        if (i1 == i2) {
          d1 = 0.5f;
          d2 = 0.5f;
        }
        w[o][i1] += d2;
        w[o][i2] += d1;
      }
    }
    return w;
  }

  private float original(int o, int a) {
    float scale = scales[a];
    float lenOut = out[a];
    float lenIn = in[a];
    String ctm = node.attrString("coordinate_transformation_mode", "half_pixel");
    return switch (ctm) {
      case "half_pixel" -> (o + 0.5f) / scale - 0.5f;
      case "pytorch_half_pixel" -> lenOut > 1 ? (o + 0.5f) / scale - 0.5f : 0f;
      case "asymmetric" -> o / scale;
      case "tf_half_pixel_for_nn" -> (o + 0.5f) / scale;
      case "align_corners" -> lenOut == 1 ? 0f : o * (lenIn - 1) / (lenOut - 1);
      case "half_pixel_symmetric" -> {
        float adjustment = lenOut / (scale * lenIn);
        float center = lenIn / 2;
        float offset = center * (1 - adjustment);
        yield offset + (o + 0.5f) / scale - 0.5f;
      }
      default -> throw new IllegalArgumentException(node.describe()
          + " has unknown coordinate_transformation_mode " + ctm);
    };
  }

  private long nearestIndex(float x) {
    String mode = node.attrString("nearest_mode", "round_prefer_floor");
    return switch (mode) {
      case "round_prefer_floor" -> x == (long) x + 0.5f ? (long) Math.floor(x) : roundHalfAway(x);
      case "round_prefer_ceil" -> roundHalfAway(x);
      case "floor" -> (long) Math.floor(x);
      case "ceil" -> (long) Math.ceil(x);
      default -> throw new IllegalArgumentException(node.describe() + " has unknown nearest_mode " + mode);
    };
  }

  private static long roundHalfAway(float x) {
    return x < 0 ? -Math.round(-x) : Math.round(x);
  }
}
