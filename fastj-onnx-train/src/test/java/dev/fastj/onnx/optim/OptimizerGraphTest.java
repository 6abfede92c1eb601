package dev.fastj.onnx.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fastj.data.Batch;
import dev.fastj.data.TensorData;
import dev.fastj.nn.Emitter;
import dev.fastj.nn.Init;
import dev.fastj.nn.Loss;
import dev.fastj.nn.Module;
import dev.fastj.nn.ParamRole;
import dev.fastj.nn.Var;
import dev.fastj.optim.OptimizerSpec;
import dev.fastj.spi.Backend;
import dev.fastj.spi.Hyper;
import dev.fastj.spi.ModelSpec;
import dev.fastj.spi.TrainableModel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The optimizer subgraphs against a plain Java reference of PyTorch's SGD with momentum and
 * fastai's Adam, for a few steps, on y = x * w + b with an element-wise squared error (whose
 * gradient is known in closed form: 2 (y - t) x and 2 (y - t)).
 */
class OptimizerGraphTest {

  private static final int K = 4;
  private static final float[] X = {0.5f, -1.0f, 2.0f, 0.25f};
  private static final float[] T = {1.0f, 0.5f, -1.0f, 2.0f};

  /** y = x * w + b, elementwise over K features. */
  private static final Module AFFINE = (e, x) -> {
    Var w = e.param("w", new long[] {K}, new Init.Uniform(1.0), ParamRole.WEIGHT);
    Var b = e.param("b", new long[] {K}, new Init.Uniform(1.0), ParamRole.BIAS);
    return e.op("Add", e.op("Mul", x, w), b);
  };

  /** (y - t)^2 elementwise; the gradient of its sum reaches the parameters. */
  private static final Loss SQUARED = new Loss() {
    @Override
    public Var forward(Emitter e, Var output, Var target) {
      Var d = e.op("Sub", output, target);
      return e.op("Mul", d, d);
    }

    @Override
    public TensorData.DType targetType() {
      return TensorData.DType.FLOAT32;
    }
  };

  private static Batch batch() {
    return new Batch(List.of(TensorData.ofFloats(X, 1, K)), List.of(TensorData.ofFloats(T, 1, K)), new int[1]);
  }

  private static double[] values(Map<String, TensorData> sd, String name) {
    float[] f = sd.get(name).toFloatArray();
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      d[i] = f[i];
    }
    return d;
  }

  private static Hyper hyper(int t, double mom, double wd) {
    // two groups (w in 0, b in 1) with different, changing learning rates
    return new Hyper(new double[] {0.05 * (1 + 0.1 * t), 0.02}, new double[] {mom, mom}, new double[] {wd, wd}, t);
  }

  @Test
  void sgdWithMomentumAndDecoupledWd_matchesJavaReference() {
    checkSgd(true, false);
  }

  @Test
  void sgdWithMomentumAndL2Wd_matchesJavaReference() {
    checkSgd(false, false);
  }

  @Test
  void sgdWithWdBnBias_decaysTheBiasToo() {
    checkSgd(true, true);
  }

  private void checkSgd(boolean decoupled, boolean wdBnBias) {
    OptimizerSpec.Sgd spec = new OptimizerSpec.Sgd(0.9, 0.1, decoupled, wdBnBias);
    try (TrainableModel m = Backend.get().compile(ModelSpec.of(AFFINE, new long[] {K}, SQUARED, spec))) {
      m.setParamGroups(new int[] {0, 1});
      Map<String, TensorData> sd = m.stateDict(true);
      double[] w = values(sd, "w");
      double[] b = values(sd, "b");
      double[] bw = new double[K];
      double[] bb = new double[K];
      for (int t = 1; t <= 5; t++) {
        Hyper h = hyper(t, 0.9, 0.1);
        m.trainStep(batch(), h, false);
        for (int i = 0; i < K; i++) {
          double r = X[i] * w[i] + b[i] - T[i];
          double gw = 2 * r * X[i];
          double gb = 2 * r;
          if (!decoupled) {
            gw += h.wd()[0] * w[i];
            gb += wdBnBias ? h.wd()[1] * b[i] : 0; // the bias decays only with wd_bn_bias
          }
          bw[i] = h.mom()[0] * bw[i] + gw;
          bb[i] = h.mom()[1] * bb[i] + gb;
          w[i] = (decoupled ? w[i] * (1 - h.lr()[0] * h.wd()[0]) : w[i]) - h.lr()[0] * bw[i];
          b[i] = (decoupled && wdBnBias ? b[i] * (1 - h.lr()[1] * h.wd()[1]) : b[i]) - h.lr()[1] * bb[i];
        }
        Map<String, TensorData> now = m.stateDict(true);
        assertClose(values(now, "w"), w, "w after step " + t);
        assertClose(values(now, "b"), b, "b after step " + t);
        assertClose(values(now, "opt.momentum_buffer.w"), bw, "momentum of w after step " + t);
      }
    }
  }

  @Test
  void adamWithDecoupledWd_matchesFastaiFormula() {
    checkAdam(OptimizerSpec.Adam.defaults().withWd(0.1));
  }

  @Test
  void adamWithL2Wd_matchesReference() {
    checkAdam(OptimizerSpec.Adam.defaults().withWd(0.1).withDecoupledWd(false));
  }

  private void checkAdam(OptimizerSpec.Adam spec) {
    try (TrainableModel m = Backend.get().compile(ModelSpec.of(AFFINE, new long[] {K}, SQUARED, spec))) {
      m.setParamGroups(new int[] {0, 1});
      Map<String, TensorData> sd = m.stateDict(true);
      double[][] p = {values(sd, "w"), values(sd, "b")};
      double[][] mm = new double[2][K];
      double[][] vv = new double[2][K];
      for (int t = 1; t <= 5; t++) {
        // beta1 changes per step, as fit_one_cycle's momentum schedule does
        Hyper h = hyper(t, 0.95 - 0.01 * t, spec.wd());
        m.trainStep(batch(), h, false);
        double[] w = p[0];
        double[] b = p[1];
        double[][] g = new double[2][K];
        for (int i = 0; i < K; i++) {
          double r = X[i] * w[i] + b[i] - T[i];
          g[0][i] = 2 * r * X[i];
          g[1][i] = 2 * r;
        }
        for (int k = 0; k < 2; k++) {
          double lr = h.lr()[k];
          double b1 = h.mom()[k];
          boolean decay = k == 0;
          for (int i = 0; i < K; i++) {
            double gi = g[k][i] + (decay && !spec.decoupledWd() ? spec.wd() * p[k][i] : 0);
            mm[k][i] = b1 * mm[k][i] + (1 - b1) * gi;
            vv[k][i] = spec.beta2() * vv[k][i] + (1 - spec.beta2()) * gi * gi;
            double base = decay && spec.decoupledWd() ? p[k][i] * (1 - lr * spec.wd()) : p[k][i];
            double mhat = mm[k][i] / (1 - Math.pow(b1, t));
            double vhat = vv[k][i] / (1 - Math.pow(spec.beta2(), t));
            p[k][i] = base - lr * mhat / (Math.sqrt(vhat) + spec.eps());
          }
        }
        Map<String, TensorData> now = m.stateDict(true);
        assertClose(values(now, "w"), p[0], "w after step " + t);
        assertClose(values(now, "b"), p[1], "b after step " + t);
        assertClose(values(now, "opt.exp_avg.w"), mm[0], "exp_avg of w after step " + t);
        assertClose(values(now, "opt.exp_avg_sq.b"), vv[1], "exp_avg_sq of b after step " + t);
      }
    }
  }

  private static void assertClose(double[] actual, double[] expected, String what) {
    assertThat(actual).as(what).hasSameSizeAs(expected);
    for (int i = 0; i < actual.length; i++) {
      assertThat(actual[i]).as(what + " [" + i + "]").isCloseTo(expected[i], within(1e-6));
    }
  }
}
