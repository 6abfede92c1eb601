package dev.fastj.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fastj.data.TensorData;
import org.junit.jupiter.api.Test;

class LossesTest {

  private static double logSoftmax(double[] row, int k) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : row) {
      max = Math.max(max, v);
    }
    double s = 0;
    for (double v : row) {
      s += Math.exp(v - max);
    }
    return row[k] - max - Math.log(s);
  }

  private static double eval(Loss loss, double[] out, long[] outShape, double[] target, long[] targetShape,
      boolean knownShape) {
    EagerEmitter e = new EagerEmitter();
    Var o = e.input(out, outShape, knownShape);
    Var t = e.input(target, targetShape, knownShape);
    Var l = loss.forward(e, o, t);
    assertThat(e.value(l)).hasSize(1);
    assertThat(e.shape(l)).as("the loss is a scalar").isEmpty();
    return e.value(l)[0];
  }

  @Test
  void crossEntropy_isMeanNegativeLogSoftmaxOfTarget() {
    double[] out = {1, 2, 3, 1, 0, 0};
    double want = -(logSoftmax(new double[] {1, 2, 3}, 2) + logSoftmax(new double[] {1, 0, 0}, 0)) / 2;
    assertThat(eval(CrossEntropyLossFlat.create(), out, new long[] {2, 3}, new double[] {2, 0}, new long[] {2}, true))
        .isCloseTo(want, within(1e-9));
    assertThat(eval(CrossEntropyLossFlat.create(), out, new long[] {2, 3}, new double[] {2, 0}, new long[] {2}, false))
        .isCloseTo(want, within(1e-9));
  }

  @Test
  void crossEntropy_ignoreIndex_dropsRowsFromSumAndCount() {
    double[] out = {1, 2, 3, 1, 0, 0, 0.5, 0.1, -1};
    double want = -(logSoftmax(new double[] {1, 2, 3}, 2) + logSoftmax(new double[] {0.5, 0.1, -1}, 1)) / 2;
    double got = eval(CrossEntropyLossFlat.create().withIgnoreIndex(255), out, new long[] {3, 3},
        new double[] {2, 255, 1}, new long[] {3}, true);
    assertThat(got).isCloseTo(want, within(1e-9));
  }

  @Test
  void crossEntropy_labelSmoothing_mixesUniformTarget() {
    double eps = 0.1;
    double[] row = {2, -1, 0.5};
    double nll = -logSoftmax(row, 0);
    double uniform = -(logSoftmax(row, 0) + logSoftmax(row, 1) + logSoftmax(row, 2)) / 3;
    double want = (1 - eps) * nll + eps * uniform;
    double got = eval(CrossEntropyLossFlat.create().withLabelSmoothing(eps), row, new long[] {1, 3}, new double[] {0},
        new long[] {1}, true);
    assertThat(got).isCloseTo(want, within(1e-7));
  }

  @Test
  void crossEntropy_segmentation_averagesOverPixels() {
    // N=1, C=2, H=1, W=2: pixel 0 logits (1, 3), pixel 1 logits (2, 0)
    double[] out = {1, 2, 3, 0};
    double want = -(logSoftmax(new double[] {1, 3}, 1) + logSoftmax(new double[] {2, 0}, 1)) / 2;
    assertThat(eval(CrossEntropyLossFlat.create(), out, new long[] {1, 2, 1, 2}, new double[] {1, 1},
        new long[] {1, 1, 2}, true)).isCloseTo(want, within(1e-9));
  }

  @Test
  void bceWithLogits_matchesNaiveFormula_andStaysFiniteForLargeLogits() {
    double[] x = {-2, 0.5, 3};
    double[] y = {0, 1, 1};
    double want = 0;
    for (int i = 0; i < 3; i++) {
      double p = 1 / (1 + Math.exp(-x[i]));
      want += -(y[i] * Math.log(p) + (1 - y[i]) * Math.log(1 - p));
    }
    want /= 3;
    assertThat(eval(BCEWithLogitsLossFlat.create(), x, new long[] {1, 3}, y, new long[] {1, 3}, true))
        .isCloseTo(want, within(1e-9));
    assertThat(eval(BCEWithLogitsLossFlat.create(), new double[] {-500, 500}, new long[] {1, 2}, new double[] {1, 0},
        new long[] {1, 2}, true)).isCloseTo(500, within(1e-6));
  }

  @Test
  void mseAndL1_onFlattenedValues() {
    double[] out = {1, 2, 3, 4};
    double[] t = {1, 0, 3, 7};
    assertThat(eval(MSELossFlat.create(), out, new long[] {2, 2}, t, new long[] {4}, true)).isCloseTo((4 + 9) / 4.0, within(1e-12));
    assertThat(eval(L1LossFlat.create(), out, new long[] {2, 2}, t, new long[] {4}, true)).isCloseTo((2 + 3) / 4.0, within(1e-12));
  }

  @Test
  void crossEntropyActivation_isSoftmaxOverClasses() {
    TensorData p = CrossEntropyLossFlat.create().activation(TensorData.ofFloats(new float[] {0, 0, 1000, 0}, 2, 2));
    assertThat(p.toFloatArray()).containsExactly(new float[] {0.5f, 0.5f, 1f, 0f}, within(1e-6f));
    TensorData seg = CrossEntropyLossFlat.create().activation(TensorData.ofFloats(new float[] {0, 1, 1, 0}, 1, 2, 1, 2));
    float e = (float) (1 / (1 + Math.exp(1)));
    assertThat(seg.toFloatArray()).containsExactly(new float[] {e, 1 - e, 1 - e, e}, within(1e-6f));
  }

  @Test
  void bceActivation_isSigmoid_othersIdentity() {
    TensorData s = BCEWithLogitsLossFlat.create().activation(TensorData.ofFloats(new float[] {0, 2, -800}, 1, 3));
    assertThat(s.toFloatArray()).containsExactly(new float[] {0.5f, (float) (1 / (1 + Math.exp(-2))), 0f}, within(1e-6f));
    TensorData raw = TensorData.ofFloats(new float[] {3, -4}, 1, 2);
    assertThat(MSELossFlat.create().activation(raw).toFloatArray()).containsExactly(3, -4);
    assertThat(CrossEntropyLossFlat.create().targetType()).isEqualTo(TensorData.DType.INT64);
    assertThat(L1LossFlat.create().targetType()).isEqualTo(TensorData.DType.FLOAT32);
    assertThat(CrossEntropyLossFlat.create().withIgnoreIndex(0).withLabelSmoothing(0.1).describe())
        .isEqualTo("CrossEntropyLossFlat(ignore_index=0, eps=0.1)");
  }
}
