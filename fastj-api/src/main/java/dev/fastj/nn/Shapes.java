package dev.fastj.nn;

import java.util.Arrays;

/** Shape checks shared by the layers; messages name the layer, both shapes and the fix. */
final class Shapes {

  private Shapes() {}

  static String str(long[] shape) {
    return shape == null ? "[unknown]" : Arrays.toString(shape);
  }

  /** Fails unless {@code x} has rank {@code rank} (when its shape is known). */
  static void checkRank(Module layer, Var x, int... ranks) {
    if (x.shape() == null) {
      return;
    }
    for (int r : ranks) {
      if (x.rank() == r) {
        return;
      }
    }
    throw new IllegalArgumentException(layer.describe() + " expects an input of rank "
        + Arrays.toString(ranks).replaceAll("[\\[\\]]", "").replace(", ", " or ")
        + " but got shape " + str(x.shape()) + "; check the layer before it");
  }

  /**
   * Fails unless dimension {@code axis} of {@code x} equals {@code expected} (when known); {@code what}
   * names the dimension and the option to change, such as "input channels (inChannels)".
   */
  static void checkDim(Module layer, Var x, int axis, long expected, String what) {
    if (x.shape() == null || x.rank() <= axis) {
      return;
    }
    long got = x.dim(axis);
    if (got >= 0 && got != expected) {
      throw new IllegalArgumentException(layer.describe() + " expects " + expected + " " + what
          + " but got input shape " + str(x.shape()) + "; set it to " + got
          + " or fix the layer before it");
    }
  }

  static long[] of(long... dims) {
    return dims;
  }
}
