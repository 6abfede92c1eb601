package dev.fastj.metrics;

import dev.fastj.data.TensorData;

/** Dice and Jaccard over the argmax of {@code [N, C, H, W]} outputs against {@code [N, H, W]} targets. */
final class SegmentationMetrics {

  private SegmentationMetrics() {}

  static double overlap(double inter, double union, boolean jaccard) {
    return jaccard ? inter / (union - inter) : 2 * inter / union;
  }

  /** fastai's {@code Dice} / {@code JaccardCoeff}: sums of {@code p*t} and {@code p+t} of the masks' values. */
  record BinaryOverlap(String name, boolean jaccard) implements Metric {
    @Override
    public Accumulator newAccumulator() {
      return new Accumulator() {
        double inter;
        double union;

        @Override
        public void accumulate(TensorData out, TensorData target) {
          int[] pred = MetricData.argmaxAxis1(name, out);
          long[] t = MetricData.classTargets(name, target, pred.length, out.shape());
          for (int i = 0; i < pred.length; i++) {
            inter += (double) pred[i] * t[i];
            union += pred[i] + t[i];
          }
        }

        @Override
        public double value() {
          return union > 0 ? overlap(inter, union, jaccard) : Double.NaN;
        }
      };
    }
  }

  /** fastai's {@code DiceMulti} / {@code JaccardCoeffMulti}: per class, averaged over classes that occur. */
  record MultiOverlap(String name, boolean jaccard) implements Metric {
    @Override
    public Accumulator newAccumulator() {
      return new Accumulator() {
        long[] inter;
        long[] union;

        @Override
        public void accumulate(TensorData out, TensorData target) {
          int c = MetricData.classes(name, out);
          int[] pred = MetricData.argmaxAxis1(name, out);
          long[] t = MetricData.classTargets(name, target, pred.length, out.shape());
          if (inter == null || inter.length < c) {
            long[] ni = new long[c];
            long[] nu = new long[c];
            if (inter != null) {
              System.arraycopy(inter, 0, ni, 0, inter.length);
              System.arraycopy(union, 0, nu, 0, union.length);
            }
            inter = ni;
            union = nu;
          }
          for (int i = 0; i < pred.length; i++) {
            union[pred[i]]++;
            if (t[i] >= 0 && t[i] < c) {
              union[(int) t[i]]++;
              if (t[i] == pred[i]) {
                inter[pred[i]]++;
              }
            }
          }
        }

        @Override
        public double value() {
          if (inter == null) {
            return Double.NaN;
          }
          double sum = 0;
          int counted = 0;
          for (int k = 0; k < inter.length; k++) {
            if (union[k] > 0) {
              sum += overlap(inter[k], union[k], jaccard);
              counted++;
            }
          }
          return counted == 0 ? Double.NaN : sum / counted;
        }
      };
    }
  }
}
