package dev.fastj.metrics;

import dev.fastj.data.TensorData;

/** Accuracy-style metrics over the argmax of the class axis. */
final class ArgmaxMetrics {

  private ArgmaxMetrics() {}

  record Accuracy(String name, boolean asError) implements Metric {
    @Override
    public Accumulator newAccumulator() {
      return new Accumulator() {
        long correct;
        long total;

        @Override
        public void accumulate(TensorData out, TensorData target) {
          int[] pred = MetricData.argmaxAxis1(name, out);
          long[] t = MetricData.classTargets(name, target, pred.length, out.shape());
          for (int i = 0; i < pred.length; i++) {
            if (pred[i] == t[i]) {
              correct++;
            }
          }
          total += pred.length;
        }

        @Override
        public double value() {
          if (total == 0) {
            return Double.NaN;
          }
          double acc = (double) correct / total;
          return asError ? 1 - acc : acc;
        }
      };
    }
  }

  record ForegroundAccuracy(int voidCode) implements Metric {
    @Override
    public String name() {
      return "foreground_acc";
    }

    @Override
    public Accumulator newAccumulator() {
      return new Accumulator() {
        long correct;
        long total;

        @Override
        public void accumulate(TensorData out, TensorData target) {
          int[] pred = MetricData.argmaxAxis1(name(), out);
          long[] t = MetricData.classTargets(name(), target, pred.length, out.shape());
          for (int i = 0; i < pred.length; i++) {
            if (t[i] != voidCode) {
              total++;
              if (pred[i] == t[i]) {
                correct++;
              }
            }
          }
        }

        @Override
        public double value() {
          return total == 0 ? Double.NaN : (double) correct / total;
        }
      };
    }
  }
}
