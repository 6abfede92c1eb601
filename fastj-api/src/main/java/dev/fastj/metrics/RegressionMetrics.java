package dev.fastj.metrics;

import dev.fastj.data.TensorData;

/** {@code rmse} and {@code mae} over every output value. */
record RegressionMetrics(String name, boolean squared) implements Metric {

  @Override
  public Accumulator newAccumulator() {
    return new Accumulator() {
      double sum;
      long count;

      @Override
      public void accumulate(TensorData out, TensorData target) {
        float[][] v = MetricData.sameSize(name, out, target);
        for (int i = 0; i < v[0].length; i++) {
          double d = (double) v[0][i] - v[1][i];
          sum += squared ? d * d : Math.abs(d);
        }
        count += v[0].length;
      }

      @Override
      public double value() {
        if (count == 0) {
          return Double.NaN;
        }
        return squared ? Math.sqrt(sum / count) : sum / count;
      }
    };
  }
}
