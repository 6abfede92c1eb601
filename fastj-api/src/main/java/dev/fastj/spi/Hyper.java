package dev.fastj.spi;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * The hyper-parameters of one training step, one value per parameter group: fed to the step
 * graph as inputs. {@code step} counts optimizer steps from 1 (Adam's bias correction).
 * {@code lossScale} multiplies the loss before the backward pass under mixed precision (the
 * gradients are divided by it again before the update); it is 1 in float32 training.
 */
public record Hyper(double[] lr, double[] mom, double[] wd, long step, double lossScale) {

  public Hyper {
    checkArgument(lr.length == mom.length && lr.length == wd.length,
        "lr, mom and wd need one value per group: %s, %s, %s", lr.length, mom.length, wd.length);
    checkArgument(step >= 1, "step counts from 1, got %s", step);
    checkArgument(lossScale > 0 && lossScale <= Float.MAX_VALUE, "lossScale must be positive and a finite float32, got %s",
        lossScale);
    for (int g = 0; g < lr.length; g++) {
      checkFloat32("lr", g, lr[g]);
      checkFloat32("mom", g, mom[g]);
      checkFloat32("wd", g, wd[g]);
    }
    lr = lr.clone();
    mom = mom.clone();
    wd = wd.clone();
  }

  /** The graph reads the values as float32: a larger one would arrive as infinity and the weights turn NaN. */
  private static void checkFloat32(String what, int group, double v) {
    checkArgument(Double.isFinite(v) && Math.abs(v) <= Float.MAX_VALUE,
        "%s of parameter group %s must be finite and within float32's range (%s), got %s", what, group,
        Float.MAX_VALUE, v);
  }

  /** Hyper-parameters with a loss scale of 1 (float32 training). */
  public Hyper(double[] lr, double[] mom, double[] wd, long step) {
    this(lr, mom, wd, step, 1);
  }

  /** A copy with the loss scale {@code scale}. */
  public Hyper withLossScale(double scale) {
    return new Hyper(lr, mom, wd, step, scale);
  }

  /** The same values for {@code groups} groups. */
  public static Hyper uniform(int groups, double lr, double mom, double wd, long step) {
    double[] l = new double[groups];
    double[] m = new double[groups];
    double[] w = new double[groups];
    java.util.Arrays.fill(l, lr);
    java.util.Arrays.fill(m, mom);
    java.util.Arrays.fill(w, wd);
    return new Hyper(l, m, w, step);
  }

  public int groups() {
    return lr.length;
  }
}
