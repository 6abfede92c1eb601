package dev.fastj.text;

import dev.fastj.data.TensorData;
import dev.fastj.metrics.Metric;
import java.util.Arrays;

/**
 * The language model's metrics: fastai's {@code accuracy} over the token axis (the argmax of the
 * last axis of {@code [N, T, vocab]} against the next tokens {@code [N, T]}) and {@link #perplexity()}.
 *
 * <pre>{@code
 * Learner lm = Learner.builder(dls, model).metrics(TextMetrics.accuracy(), TextMetrics.perplexity()).build();
 * }</pre>
 */
public final class TextMetrics {

  private TextMetrics() {}

  /** fastai's {@code accuracy} ({@code axis=-1}): the share of positions whose most likely class is the target. */
  public static Metric accuracy() {
    return new Metric() {
      @Override
      public String name() {
        return "accuracy";
      }

      @Override
      public Accumulator newAccumulator() {
        return new Accumulator() {
          long correct;
          long total;

          @Override
          public void accumulate(TensorData out, TensorData target) {
            float[] v = out.toFloatArray();
            long[] t = targets("accuracy", out, target);
            int c = classes(out);
            for (int i = 0; i < t.length; i++) {
              int best = 0;
              for (int k = 1; k < c; k++) {
                if (v[i * c + k] > v[i * c + best]) {
                  best = k;
                }
              }
              correct += best == t[i] ? 1 : 0;
            }
            total += t.length;
          }

          @Override
          public double value() {
            return total == 0 ? Double.NaN : (double) correct / total;
          }
        };
      }
    };
  }

  /**
   * fastai's {@code Perplexity()}: {@code exp} of the mean cross-entropy over every position,
   * computed from the raw outputs (log-softmax of the last axis).
   */
  public static Metric perplexity() {
    return new Metric() {
      @Override
      public String name() {
        return "perplexity";
      }

      @Override
      public Accumulator newAccumulator() {
        return new Accumulator() {
          double sum;
          long total;

          @Override
          public void accumulate(TensorData out, TensorData target) {
            float[] v = out.toFloatArray();
            long[] t = targets("perplexity", out, target);
            int c = classes(out);
            for (int i = 0; i < t.length; i++) {
              double max = Double.NEGATIVE_INFINITY;
              for (int k = 0; k < c; k++) {
                max = Math.max(max, v[i * c + k]);
              }
              double z = 0;
              for (int k = 0; k < c; k++) {
                z += Math.exp(v[i * c + k] - max);
              }
              sum += max + Math.log(z) - v[i * c + (int) t[i]];
            }
            total += t.length;
          }

          @Override
          public double value() {
            return total == 0 ? Double.NaN : Math.exp(sum / total);
          }
        };
      }
    };
  }

  private static int classes(TensorData out) {
    return Math.toIntExact(out.dim(out.rank() - 1));
  }

  private static long[] targets(String metric, TensorData out, TensorData target) {
    long[] t = target.dtype() == TensorData.DType.INT64 ? target.toLongArray()
        : Arrays.stream(toDoubles(target.toFloatArray())).mapToLong(Math::round).toArray();
    long positions = out.numel() / classes(out);
    if (t.length != positions) {
      throw new IllegalArgumentException(metric + ": targets of shape " + Arrays.toString(target.shape())
          + " do not match outputs of shape " + Arrays.toString(out.shape()) + "; a language model's targets are "
          + "its inputs shifted by one, [N, T] for outputs [N, T, vocab]");
    }
    for (long x : t) {
      if (x < 0 || x >= classes(out)) {
        throw new IllegalArgumentException(metric + ": target " + x + " is not a class of outputs of shape "
            + Arrays.toString(out.shape()));
      }
    }
    return t;
  }

  private static double[] toDoubles(float[] f) {
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      d[i] = f[i];
    }
    return d;
  }
}
