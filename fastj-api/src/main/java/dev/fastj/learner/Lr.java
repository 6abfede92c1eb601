package dev.fastj.learner;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Arrays;

/**
 * A learning rate for every parameter group: one value, fastai's {@code slice(stop)} or
 * {@code slice(start, stop)} for discriminative learning rates, or explicit values.
 * {@link #forGroups} follows fastai's {@code Optimizer.set_hyper}:
 * <ul>
 *   <li>{@code Lr.of(x)}: x for every group;
 *   <li>{@code Lr.slice(stop)}: stop/10 for every group but the last, stop for the last;
 *   <li>{@code Lr.slice(start, stop)}: geometric steps from start to stop ({@code even_mults});
 *       with one group, stop.
 * </ul>
 *
 * <pre>{@code
 * learn.fitOneCycle(3, Lr.slice(1e-5, 1e-3));   // fit_one_cycle(3, slice(1e-5, 1e-3))
 * }</pre>
 */
public final class Lr {

  private final double start;
  private final double stop;
  private final double[] values;

  private Lr(double start, double stop, double[] values) {
    this.start = start;
    this.stop = stop;
    this.values = values;
  }

  /** The same learning rate for every group. */
  public static Lr of(double lr) {
    checkPositive(lr, "lr");
    return new Lr(Double.NaN, Double.NaN, new double[] {lr});
  }

  /** fastai's {@code slice(stop)}: stop/10 for all groups but the last, which gets stop. */
  public static Lr slice(double stop) {
    checkPositive(stop, "slice stop");
    return new Lr(Double.NaN, stop, null);
  }

  /** fastai's {@code slice(start, stop)}: geometrically spaced from start (first group) to stop (last). */
  public static Lr slice(double start, double stop) {
    checkPositive(start, "slice start");
    checkPositive(stop, "slice stop");
    return new Lr(start, stop, null);
  }

  /** One learning rate per group, first group first (or a single value for all). */
  public static Lr perGroup(double... lrs) {
    checkArgument(lrs.length > 0, "perGroup needs at least one learning rate");
    for (double v : lrs) {
      checkPositive(v, "lr");
    }
    return new Lr(Double.NaN, Double.NaN, lrs.clone());
  }

  /** fastai's {@code even_mults(start, stop, n)}: n values from start to stop in equal ratios. */
  public static double[] evenMults(double start, double stop, int n) {
    checkArgument(n > 0, "n must be positive, got %s", n);
    if (n == 1) {
      return new double[] {stop};
    }
    double step = Math.pow(stop / start, 1.0 / (n - 1));
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = start * Math.pow(step, i);
    }
    return out;
  }

  /** The learning rate of each of {@code groups} parameter groups. */
  public double[] forGroups(int groups) {
    checkArgument(groups > 0, "groups must be positive, got %s", groups);
    double[] out = new double[groups];
    if (values != null) {
      checkArgument(values.length == 1 || values.length == groups,
          "%s learning rates given for %s parameter groups; give 1 or %s", values.length, groups, groups);
      for (int g = 0; g < groups; g++) {
        out[g] = values.length == 1 ? values[0] : values[g];
      }
    } else if (!Double.isNaN(start)) {
      return evenMults(start, stop, groups);
    } else {
      Arrays.fill(out, stop / 10);
      out[groups - 1] = stop;
    }
    return out;
  }

  /** The largest learning rate this describes (the last group's for slices). */
  public double max() {
    if (values != null) {
      return Arrays.stream(values).max().orElseThrow();
    }
    return stop;
  }

  private static void checkPositive(double v, String what) {
    HyperChecks.positive(what, v);
  }

  @Override
  public String toString() {
    if (values != null) {
      return values.length == 1 ? Double.toString(values[0]) : Arrays.toString(values);
    }
    return Double.isNaN(start) ? "slice(" + stop + ")" : "slice(" + start + ", " + stop + ")";
  }
}
