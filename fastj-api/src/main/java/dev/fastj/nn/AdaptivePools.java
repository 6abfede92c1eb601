package dev.fastj.nn;

import java.util.List;
import java.util.Map;

/** Adaptive pooling to a fixed output size, shared by the average and max variants. */
final class AdaptivePools {

  private AdaptivePools() {}

  /**
   * Emits the global operator for output size 1, otherwise a windowed pool whose kernel and stride
   * are H/size and W/size, which needs static spatial dimensions divisible by the size.
   */
  static Var pool(Module layer, Emitter e, Var x, int outputSize, String globalOp, String windowOp) {
    Shapes.checkRank(layer, x, 4);
    if (outputSize == 1) {
      return e.op(globalOp, x);
    }
    if (x.shape() == null || x.dim(2) < 0 || x.dim(3) < 0 || x.dim(2) % outputSize != 0
        || x.dim(3) % outputSize != 0) {
      throw new IllegalArgumentException(layer.describe() + " needs static height and width divisible by "
          + outputSize + " but got input shape " + Shapes.str(x.shape()) + "; use output size 1 or resize the input");
    }
    long kh = x.dim(2) / outputSize;
    long kw = x.dim(3) / outputSize;
    return e.op(windowOp, List.of(x), Map.of(
        "kernel_shape", new long[] {kh, kw},
        "strides", new long[] {kh, kw},
        "pads", new long[] {0, 0, 0, 0}));
  }
}
