package dev.fastj.spi;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * The hyper-parameters of one training step, one value per parameter group: fed to the step
 * graph as inputs. {@code step} counts optimizer steps from 1 (Adam's bias correction).
 */
public record Hyper(double[] lr, double[] mom, double[] wd, long step) {

  public Hyper {
    checkArgument(lr.length == mom.length && lr.length == wd.length,
        "lr, mom and wd need one value per group: %s, %s, %s", lr.length, mom.length, wd.length);
    checkArgument(step >= 1, "step counts from 1, got %s", step);
    lr = lr.clone();
    mom = mom.clone();
    wd = wd.clone();
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
