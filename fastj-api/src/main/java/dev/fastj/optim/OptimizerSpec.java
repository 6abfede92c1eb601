package dev.fastj.optim;

/**
 * An optimizer's fixed settings. The values that schedules change each step (learning rate,
 * momentum or beta1, weight decay) travel in {@link dev.fastj.spi.Hyper} instead, so a schedule
 * never rebuilds a graph; the values here are their defaults and the rest (beta2, eps).
 */
public sealed interface OptimizerSpec {

  /** Default weight decay for every parameter group. */
  double wd();

  /** Default momentum (SGD) or beta1 (Adam). */
  double mom();

  /** True when BatchNorm and bias parameters get weight decay too (fastai's wd_bn_bias). */
  boolean wdBnBias();

  /**
   * Adam, fastai's defaults: beta1 0.9, beta2 0.99, eps 1e-5, decoupled weight decay 0.01
   * (AdamW when {@code decoupledWd}).
   */
  record Adam(double beta1, double beta2, double eps, double wd, boolean decoupledWd, boolean wdBnBias)
      implements OptimizerSpec {
    public static Adam defaults() {
      return new Adam(0.9, 0.99, 1e-5, 0.01, true, false);
    }

    @Override
    public double mom() {
      return beta1;
    }

    public Adam withBeta1(double v) {
      return new Adam(v, beta2, eps, wd, decoupledWd, wdBnBias);
    }

    public Adam withBeta2(double v) {
      return new Adam(beta1, v, eps, wd, decoupledWd, wdBnBias);
    }

    public Adam withEps(double v) {
      return new Adam(beta1, beta2, v, wd, decoupledWd, wdBnBias);
    }

    public Adam withWd(double v) {
      return new Adam(beta1, beta2, eps, v, decoupledWd, wdBnBias);
    }

    public Adam withDecoupledWd(boolean v) {
      return new Adam(beta1, beta2, eps, wd, v, wdBnBias);
    }

    public Adam withWdBnBias(boolean v) {
      return new Adam(beta1, beta2, eps, wd, decoupledWd, v);
    }
  }

  /**
   * SGD with momentum, PyTorch's convention (v = mom * v + g; w -= lr * v); fastai's SGD
   * defaults: momentum 0, weight decay 0.
   */
  record Sgd(double mom, double wd, boolean decoupledWd, boolean wdBnBias) implements OptimizerSpec {
    public static Sgd defaults() {
      return new Sgd(0.0, 0.0, true, false);
    }

    public Sgd withMom(double v) {
      return new Sgd(v, wd, decoupledWd, wdBnBias);
    }

    public Sgd withWd(double v) {
      return new Sgd(mom, v, decoupledWd, wdBnBias);
    }

    public Sgd withDecoupledWd(boolean v) {
      return new Sgd(mom, wd, v, wdBnBias);
    }

    public Sgd withWdBnBias(boolean v) {
      return new Sgd(mom, wd, decoupledWd, v);
    }
  }
}
