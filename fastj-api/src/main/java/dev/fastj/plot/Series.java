package dev.fastj.plot;

import java.util.Objects;

/**
 * One named line of a {@link LinePlot}: y against x, point by point (fastai's recorder plots
 * a "train" and a "valid" series, each with its own x).
 *
 * @param name the legend entry
 * @param x the x values
 * @param y the y values, as many as x
 */
public record Series(String name, double[] x, double[] y) {

  /** Checks that x and y have the same length. */
  public Series {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(x, "x");
    Objects.requireNonNull(y, "y");
    if (x.length != y.length) {
      throw new IllegalArgumentException(
          "series " + name + " has " + x.length + " x values but " + y.length
              + " y values; pass one y per x");
    }
  }

  /** A series with x = 0, 1, 2, ... (iterations, say). */
  public static Series of(String name, double[] y) {
    double[] x = new double[y.length];
    for (int i = 0; i < x.length; i++) {
      x[i] = i;
    }
    return new Series(name, x, y);
  }

  /** Number of points. */
  public int size() {
    return x.length;
  }
}
