package dev.fastj.learner;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

/**
 * The current hyper-parameters of a Learner, one value per parameter group as the user sees the
 * groups (fastai's {@code opt.hypers}). Schedules change them before each batch; the Learner turns
 * them into the backend's {@link dev.fastj.spi.Hyper} for every step. Not thread-safe.
 */
public final class Hypers {

  private final int groups;
  private final Map<HyperParam, double[]> values = new EnumMap<>(HyperParam.class);

  /** The same lr, mom and wd for {@code groups} groups. */
  public Hypers(int groups, double lr, double mom, double wd) {
    checkArgument(groups > 0, "need at least one parameter group, got %s", groups);
    this.groups = groups;
    set(HyperParam.LR, lr);
    set(HyperParam.MOM, mom);
    set(HyperParam.WD, wd);
  }

  /** Number of parameter groups. */
  public int groups() {
    return groups;
  }

  /** A copy of the values of {@code p}, one per group. */
  public double[] get(HyperParam p) {
    return values.get(p).clone();
  }

  /** The value of {@code p} for the last group (what fastai's Recorder logs). */
  public double last(HyperParam p) {
    double[] v = values.get(p);
    return v[v.length - 1];
  }

  /**
   * Sets {@code p} per group: one value for all groups, or exactly one per group (fastai's
   * {@code opt.set_hyper}).
   */
  public void set(HyperParam p, double... v) {
    checkArgument(v.length == 1 || v.length == groups,
        "%s needs 1 or %s values (one per parameter group), got %s", p, groups, v.length);
    for (double x : v) {
      checkArgument(Double.isFinite(x) && x >= 0 && x <= Float.MAX_VALUE,
          "%s must be finite, >= 0 and no larger than float32's largest (%s), got %s", p, Float.MAX_VALUE,
          Arrays.toString(v));
    }
    double[] out = new double[groups];
    for (int g = 0; g < groups; g++) {
      out[g] = v.length == 1 ? v[0] : v[g];
    }
    values.put(p, out);
  }

  /** Sets the learning rates from an {@link Lr} (slice semantics over the groups). */
  public void setLr(Lr lr) {
    set(HyperParam.LR, lr.forGroups(groups));
  }

  @Override
  public String toString() {
    return "Hypers[lr=" + Arrays.toString(values.get(HyperParam.LR)) + ", mom="
        + Arrays.toString(values.get(HyperParam.MOM)) + ", wd=" + Arrays.toString(values.get(HyperParam.WD)) + "]";
  }
}
