package dev.fastj.learner;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * fastai's learning-rate suggestions ({@code SuggestionMethod}), each over the learning rates
 * and smoothed losses that {@code lr_find} keeps (it drops the first tenth and the last five
 * points). Each returns the suggested learning rate and the point to mark on the plot.
 */
public final class LrSuggestions {

  /** A suggested learning rate and where to mark it on the loss curve. */
  public record Suggestion(double lr, double pointLr, double pointLoss) {}

  private LrSuggestions() {}

  /**
   * fastai's {@code valley}: the longest decreasing run of losses (longest decreasing
   * subsequence ending at each point), and a point 1/3 + 1/6 of the way along it, i.e. about
   * halfway down the steepest part of the valley.
   */
  public static Suggestion valley(double[] lrs, double[] losses) {
    check(lrs, losses, 1);
    int n = losses.length;
    int maxStart = 0;
    int maxEnd = 0;
    int[] lds = new int[n];
    java.util.Arrays.fill(lds, 1);
    for (int i = 1; i < n; i++) {
      for (int j = 0; j < i; j++) {
        if (losses[i] < losses[j] && lds[i] < lds[j] + 1) {
          lds[i] = lds[j] + 1;
        }
        if (lds[maxEnd] < lds[i]) {
          maxEnd = i;
          maxStart = maxEnd - lds[maxEnd];
        }
      }
    }
    double sections = (maxEnd - maxStart) / 3.0;
    int idx = maxStart + (int) sections + (int) (sections / 2);
    // fastai indexes a Python list here: -1 (a valley starting at the first point) means the last
    if (idx < 0) {
      idx += n;
    }
    return new Suggestion(lrs[idx], lrs[idx], losses[idx]);
  }

  /**
   * fastai's {@code slide} with its defaults ({@code lr_diff=15, thresh=0.005, adjust_value=1}):
   * walks left from the end until the loss gradient at two points 15 apart agrees within the
   * threshold. Needs at least 16 points.
   */
  public static Suggestion slide(double[] lrs, double[] losses) {
    return slide(lrs, losses, 15, 0.005, 1.0);
  }

  /** fastai's {@code slide} with explicit parameters. */
  public static Suggestion slide(double[] lrs, double[] losses, int lrDiff, double thresh, double adjustValue) {
    check(lrs, losses, lrDiff + 1);
    int n = losses.length;
    double[] grad = gradient(losses);
    int r = n - 1;
    int l = r - lrDiff;
    double localMinLr = lrs[l];
    while (l >= 0 && Math.abs(grad[r] - grad[l]) > thresh) {
      localMinLr = lrs[l];
      r--;
      l--;
    }
    double suggestion = localMinLr * adjustValue;
    return new Suggestion(suggestion, suggestion, interpLog10(suggestion, lrs, losses));
  }

  /** fastai's {@code minimum}: a tenth of the learning rate with the lowest loss. */
  public static Suggestion minimum(double[] lrs, double[] losses) {
    check(lrs, losses, 1);
    int best = 0;
    for (int i = 1; i < losses.length; i++) {
      if (losses[i] < losses[best]) {
        best = i;
      }
    }
    return new Suggestion(lrs[best] / 10, lrs[best], losses[best]);
  }

  /** fastai's {@code steep}: where the loss falls fastest per log step of the learning rate. */
  public static Suggestion steep(double[] lrs, double[] losses) {
    check(lrs, losses, 2);
    int best = 0;
    double bestGrad = Double.POSITIVE_INFINITY;
    for (int i = 0; i + 1 < losses.length; i++) {
      double g = (losses[i + 1] - losses[i]) / (Math.log(lrs[i + 1]) - Math.log(lrs[i]));
      if (g < bestGrad) {
        bestGrad = g;
        best = i;
      }
    }
    return new Suggestion(lrs[best], lrs[best], losses[best]);
  }

  /** numpy's {@code gradient} with unit spacing: central differences inside, one-sided at the ends. */
  static double[] gradient(double[] y) {
    int n = y.length;
    double[] g = new double[n];
    g[0] = y[1] - y[0];
    g[n - 1] = y[n - 1] - y[n - 2];
    for (int i = 1; i < n - 1; i++) {
      g[i] = (y[i + 1] - y[i - 1]) / 2;
    }
    return g;
  }

  /** numpy's {@code interp(log10(x), log10(xs), ys)} for increasing xs. */
  static double interpLog10(double x, double[] xs, double[] ys) {
    double lx = Math.log10(x);
    if (lx <= Math.log10(xs[0])) {
      return ys[0];
    }
    for (int i = 1; i < xs.length; i++) {
      double hi = Math.log10(xs[i]);
      if (lx <= hi) {
        double lo = Math.log10(xs[i - 1]);
        return hi == lo ? ys[i] : ys[i - 1] + (lx - lo) / (hi - lo) * (ys[i] - ys[i - 1]);
      }
    }
    return ys[ys.length - 1];
  }

  private static void check(double[] lrs, double[] losses, int min) {
    checkArgument(lrs.length == losses.length, "%s learning rates but %s losses", lrs.length, losses.length);
    checkArgument(losses.length >= min, "need at least %s points to suggest a learning rate, got %s; "
        + "run lrFind with more iterations", min, losses.length);
  }
}
