package dev.fastj.onnx.graph;

import java.util.Arrays;

/**
 * The resolved spatial geometry of a Conv, ConvTranspose or pooling node: kernel, strides,
 * dilations, begin and end pads (after {@code auto_pad}) and the spatial sizes of its input
 * and output. Shape rules use it for output sizes and gradient rules for the backward
 * operators' attributes, so both always agree with ONNX Runtime's arithmetic.
 *
 * <p>A spatial size is -1 when it is not known statically; {@link #requireStatic} fails with
 * the node's description in that case, since the backward formulations need static sizes.
 */
public final class ConvGeometry {

  private final long[] kernel;
  private final long[] strides;
  private final long[] dilations;
  private final long[] padsBegin;
  private final long[] padsEnd;
  private final long[] in;
  private final long[] out;

  private ConvGeometry(long[] kernel, long[] strides, long[] dilations, long[] padsBegin,
      long[] padsEnd, long[] in, long[] out) {
    this.kernel = kernel;
    this.strides = strides;
    this.dilations = dilations;
    this.padsBegin = padsBegin;
    this.padsEnd = padsEnd;
    this.in = in;
    this.out = out;
  }

  /**
   * The geometry of a Conv node with input dims {@code x} [N, C, spatial...] and weight dims
   * {@code w} [F, C/group, k...] (either may be null when the attributes give the kernel).
   */
  public static ConvGeometry conv(Node node, long[] x, long[] w) {
    int rank = spatialRank(node, x, w);
    long[] k = node.attrLongs("kernel_shape", null);
    if (k == null) {
      if (w == null) {
        throw new IllegalArgumentException("cannot resolve the kernel of " + node.describe()
            + ": no kernel_shape attribute and the weight's shape is unknown");
      }
      k = Arrays.copyOfRange(w, 2, w.length);
    }
    return forward(node, x, rank, k, false);
  }

  /** The geometry of a MaxPool or AveragePool node with input dims {@code x}. */
  public static ConvGeometry pool(Node node, long[] x) {
    long[] k = node.attrLongs("kernel_shape", null);
    if (k == null) {
      throw new IllegalArgumentException(node.describe() + " has no kernel_shape attribute");
    }
    return forward(node, x, k.length, k, node.attrLong("ceil_mode", 0) != 0);
  }

  /**
   * The geometry of a ConvTranspose node with input dims {@code x} [N, Cin, in...] and weight
   * dims {@code w} [Cin, Cout/group, k...]; {@link #in()} is the input's and {@link #out()} the
   * output's spatial size, and the pads are the effective ones ONNX Runtime uses (derived from
   * {@code output_shape} or {@code auto_pad} when given).
   */
  public static ConvGeometry convTranspose(Node node, long[] x, long[] w) {
    int rank = spatialRank(node, x, w);
    long[] k = node.attrLongs("kernel_shape", null);
    if (k == null) {
      if (w == null) {
        throw new IllegalArgumentException("cannot resolve the kernel of " + node.describe()
            + ": no kernel_shape attribute and the weight's shape is unknown");
      }
      k = Arrays.copyOfRange(w, 2, w.length);
    }
    long[] s = attrOr(node, "strides", rank, 1);
    long[] d = attrOr(node, "dilations", rank, 1);
    long[] op = attrOr(node, "output_padding", rank, 0);
    long[] pads = node.attrLongs("pads", new long[2 * rank]);
    long[] outShape = node.attrLongs("output_shape", null);
    String autoPad = node.attrString("auto_pad", "NOTSET");
    long[] inSp = spatial(x, rank);
    long[] pb = new long[rank];
    long[] pe = new long[rank];
    long[] o = new long[rank];
    for (int i = 0; i < rank; i++) {
      long extent = (k[i] - 1) * d[i] + 1;
      long target = -1;
      if (outShape != null) {
        target = outShape.length == rank ? outShape[i] : outShape[i + 2];
      } else if (autoPad.equals("SAME_UPPER") || autoPad.equals("SAME_LOWER")) {
        target = inSp[i] < 0 ? -1 : inSp[i] * s[i];
      }
      if (outShape != null || autoPad.startsWith("SAME")) {
        if (inSp[i] < 0) {
          o[i] = target;
          continue;
        }
        long total = Math.max(0, (inSp[i] - 1) * s[i] + op[i] + extent - target);
        // an odd total pad puts the extra one at the tail for SAME_UPPER and at the head
        // otherwise (output_shape with NOTSET too), as ONNX Runtime 1.24 does; older releases
        // had it the other way round, so the tests pin it
        pb[i] = autoPad.equals("SAME_UPPER") ? total / 2 : total - total / 2;
        pe[i] = total - pb[i];
        o[i] = target;
      } else {
        if (!autoPad.equals("VALID")) {
          pb[i] = pads[i];
          pe[i] = pads[i + rank];
        }
        o[i] = inSp[i] < 0 ? -1 : s[i] * (inSp[i] - 1) + op[i] + extent - pb[i] - pe[i];
      }
    }
    return new ConvGeometry(k, s, d, pb, pe, inSp, o);
  }

  private static ConvGeometry forward(Node node, long[] x, int rank, long[] k, boolean ceil) {
    long[] s = attrOr(node, "strides", rank, 1);
    long[] d = attrOr(node, "dilations", rank, 1);
    long[] pads = node.attrLongs("pads", new long[2 * rank]);
    if (pads.length != 2 * rank || k.length != rank || s.length != rank || d.length != rank) {
      throw new IllegalArgumentException(node.describe() + " has attributes of the wrong length"
          + " for " + rank + " spatial dims: kernel " + Arrays.toString(k) + ", strides "
          + Arrays.toString(s) + ", dilations " + Arrays.toString(d) + ", pads " + Arrays.toString(pads));
    }
    String autoPad = node.attrString("auto_pad", "NOTSET");
    long[] inSp = spatial(x, rank);
    long[] pb = new long[rank];
    long[] pe = new long[rank];
    long[] o = new long[rank];
    for (int i = 0; i < rank; i++) {
      long extent = (k[i] - 1) * d[i] + 1;
      switch (autoPad) {
        case "NOTSET" -> {
          pb[i] = pads[i];
          pe[i] = pads[i + rank];
        }
        case "VALID" -> { }
        case "SAME_UPPER", "SAME_LOWER" -> {
          if (inSp[i] >= 0) {
            long target = (inSp[i] + s[i] - 1) / s[i];
            long total = Math.max(0, (target - 1) * s[i] + extent - inSp[i]);
            pb[i] = autoPad.equals("SAME_UPPER") ? total / 2 : (total + 1) / 2;
            pe[i] = total - pb[i];
          }
        }
        default -> throw new IllegalArgumentException(node.describe() + " has unknown auto_pad " + autoPad);
      }
      if (inSp[i] < 0) {
        o[i] = -1;
        continue;
      }
      long span = inSp[i] + pb[i] + pe[i] - extent;
      if (span < 0) {
        throw new IllegalArgumentException(node.describe() + ": kernel extent " + extent
            + " exceeds the padded input size " + (inSp[i] + pb[i] + pe[i]) + " on spatial axis " + i);
      }
      if (ceil) {
        o[i] = (span + s[i] - 1) / s[i] + 1;
        // a last window that would start in the end padding is dropped, as in ONNX Runtime
        if ((o[i] - 1) * s[i] >= inSp[i] + pb[i]) {
          o[i]--;
        }
      } else {
        o[i] = span / s[i] + 1;
      }
    }
    return new ConvGeometry(k, s, d, pb, pe, inSp, o);
  }

  private static int spatialRank(Node node, long[] x, long[] w) {
    long[] k = node.attrLongs("kernel_shape", null);
    if (k != null) {
      return k.length;
    }
    if (w != null) {
      return w.length - 2;
    }
    if (x != null) {
      return x.length - 2;
    }
    throw new IllegalArgumentException("cannot tell the spatial rank of " + node.describe());
  }

  private static long[] spatial(long[] x, int rank) {
    long[] sp = new long[rank];
    if (x == null) {
      Arrays.fill(sp, -1);
      return sp;
    }
    if (x.length != rank + 2) {
      throw new IllegalArgumentException("input of rank " + x.length + " " + Arrays.toString(x)
          + " does not match " + rank + " spatial dims");
    }
    System.arraycopy(x, 2, sp, 0, rank);
    return sp;
  }

  private static long[] attrOr(Node node, String name, int rank, long dflt) {
    long[] v = node.attrLongs(name, null);
    if (v == null) {
      v = new long[rank];
      Arrays.fill(v, dflt);
    }
    return v;
  }

  /**
   * Fails naming the node when a spatial size of the input or output is not static.
   *
   * @return this, for chaining
   */
  public ConvGeometry requireStatic(Node node) {
    for (int i = 0; i < in.length; i++) {
      if (in[i] < 0 || out[i] < 0) {
        throw new IllegalArgumentException("the backward of " + node.describe()
            + " needs static spatial sizes, got input " + Arrays.toString(in) + " and output "
            + Arrays.toString(out) + "; give the graph input static height and width");
      }
    }
    return this;
  }

  /** Number of spatial dims. */
  public int rank() {
    return kernel.length;
  }

  /** Kernel size per spatial dim. */
  public long[] kernel() {
    return kernel.clone();
  }

  /** Strides per spatial dim. */
  public long[] strides() {
    return strides.clone();
  }

  /** Dilations per spatial dim. */
  public long[] dilations() {
    return dilations.clone();
  }

  /** Effective pads at the beginning of each spatial dim. */
  public long[] padsBegin() {
    return padsBegin.clone();
  }

  /** Effective pads at the end of each spatial dim. */
  public long[] padsEnd() {
    return padsEnd.clone();
  }

  /** The pads in ONNX order: all begins, then all ends. */
  public long[] pads() {
    long[] p = new long[2 * rank()];
    System.arraycopy(padsBegin, 0, p, 0, rank());
    System.arraycopy(padsEnd, 0, p, rank(), rank());
    return p;
  }

  /** True when any pad is not zero. */
  public boolean padded() {
    return Arrays.stream(padsBegin).anyMatch(p -> p != 0) || Arrays.stream(padsEnd).anyMatch(p -> p != 0);
  }

  /** Spatial sizes of the node's input (-1 unknown). */
  public long[] in() {
    return in.clone();
  }

  /** Spatial sizes of the node's output (-1 unknown). */
  public long[] out() {
    return out.clone();
  }

  /** Product of the kernel sizes. */
  public long kernelVolume() {
    long v = 1;
    for (long k : kernel) {
      v *= k;
    }
    return v;
  }

  @Override
  public String toString() {
    return "ConvGeometry[kernel " + Arrays.toString(kernel) + ", strides " + Arrays.toString(strides)
        + ", dilations " + Arrays.toString(dilations) + ", pads " + Arrays.toString(pads())
        + ", in " + Arrays.toString(in) + ", out " + Arrays.toString(out) + "]";
  }
}
