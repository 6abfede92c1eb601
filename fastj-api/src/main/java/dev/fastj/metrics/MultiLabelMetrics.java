package dev.fastj.metrics;

import dev.fastj.data.TensorData;
import java.util.Arrays;

/** Multi-label metrics on thresholded outputs {@code [N, C]} and 0/1 targets. */
final class MultiLabelMetrics {

  private MultiLabelMetrics() {}

  /** Compared in float, as PyTorch compares a float32 tensor with a Python number: 0.1f is not over 0.1. */
  static boolean predicted(float raw, double thresh, boolean sigmoid) {
    float p = sigmoid ? (float) MetricData.sigmoid(raw) : raw;
    return p > (float) thresh;
  }

  record AccuracyMulti(double thresh, boolean sigmoid) implements ThresholdMetric {
    @Override
    public String name() {
      return "accuracy_multi";
    }

    @Override
    public ThresholdMetric onProbabilities(double t) {
      return new AccuracyMulti(t, false);
    }

    @Override
    public Accumulator newAccumulator() {
      return new Accumulator() {
        long correct;
        long total;

        @Override
        public void accumulate(TensorData out, TensorData target) {
          float[][] v = MetricData.sameSize(name(), out, target);
          for (int i = 0; i < v[0].length; i++) {
            if (predicted(v[0][i], thresh, sigmoid) == (v[1][i] != 0)) {
              correct++;
            }
          }
          total += v[0].length;
        }

        @Override
        public double value() {
          return total == 0 ? Double.NaN : (double) correct / total;
        }
      };
    }
  }

  record FBeta(double beta, double thresh, Metrics.Average average, boolean sigmoid) implements ThresholdMetric {
    @Override
    public String name() {
      return "fbeta_score";
    }

    @Override
    public ThresholdMetric onProbabilities(double t) {
      return new FBeta(beta, t, average, false);
    }

    double score(long tp, long fp, long fn) {
      double b2 = beta * beta;
      double denom = (1 + b2) * tp + b2 * fn + fp;
      return denom == 0 ? 0 : (1 + b2) * tp / denom;
    }

    @Override
    public Accumulator newAccumulator() {
      return new Accumulator() {
        double sampleSum;
        long samples;
        long[] tp;
        long[] fp;
        long[] fn;

        @Override
        public void accumulate(TensorData out, TensorData target) {
          int c = MetricData.classes(name(), out);
          float[][] v = MetricData.sameSize(name(), out, target);
          if (tp == null) {
            tp = new long[c];
            fp = new long[c];
            fn = new long[c];
          } else if (tp.length != c) {
            throw new IllegalArgumentException("fbeta_score: this batch has " + c + " classes, earlier ones "
                + tp.length + "; outputs " + Arrays.toString(out.shape()));
          }
          int n = v[0].length / c;
          for (int i = 0; i < n; i++) {
            long rtp = 0;
            long rfp = 0;
            long rfn = 0;
            for (int k = 0; k < c; k++) {
              boolean p = predicted(v[0][i * c + k], thresh, sigmoid);
              boolean t = v[1][i * c + k] != 0;
              if (p && t) {
                rtp++;
                tp[k]++;
              } else if (p) {
                rfp++;
                fp[k]++;
              } else if (t) {
                rfn++;
                fn[k]++;
              }
            }
            sampleSum += score(rtp, rfp, rfn);
            samples++;
          }
        }

        @Override
        public double value() {
          if (samples == 0) {
            return Double.NaN;
          }
          if (average == Metrics.Average.SAMPLES) {
            return sampleSum / samples;
          }
          double sum = 0;
          for (int k = 0; k < tp.length; k++) {
            sum += score(tp[k], fp[k], fn[k]);
          }
          return sum / tp.length;
        }
      };
    }
  }
}
