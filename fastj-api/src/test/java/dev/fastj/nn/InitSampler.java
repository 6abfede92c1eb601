package dev.fastj.nn;

import java.util.Arrays;
import java.util.Random;

/** Draws values from an {@link Init} (test scope), to check the statistics layers ask for. */
public final class InitSampler {

  private InitSampler() {}

  public static double[] sample(Init init, int n, long seed) {
    Random r = new Random(seed);
    double[] v = new double[n];
    if (init instanceof Init.Constant c) {
      Arrays.fill(v, c.value());
    } else if (init instanceof Init.Normal nm) {
      for (int i = 0; i < n; i++) v[i] = r.nextGaussian() * nm.std();
    } else if (init instanceof Init.Uniform u) {
      for (int i = 0; i < n; i++) v[i] = (r.nextDouble() * 2 - 1) * u.bound();
    } else if (init instanceof Init.KaimingNormal k) {
      for (int i = 0; i < n; i++) v[i] = r.nextGaussian() * k.std();
    } else {
      throw new IllegalArgumentException("unknown init " + init);
    }
    return v;
  }

  public static double mean(double[] v) {
    return Arrays.stream(v).average().orElse(Double.NaN);
  }

  public static double std(double[] v) {
    double m = mean(v);
    return Math.sqrt(Arrays.stream(v).map(x -> (x - m) * (x - m)).sum() / v.length);
  }
}
