package dev.fastj.nn;

/**
 * What a parameter is for. Optimizers use it to skip weight decay on BatchNorm and bias
 * parameters (fastai's {@code wd_bn_bias=False}), and {@code freeze} to keep BatchNorm training
 * (fastai's {@code train_bn=True}).
 */
public enum ParamRole {
  WEIGHT,
  BIAS,
  NORM_WEIGHT,
  NORM_BIAS,
  EMBEDDING;

  /** True for BatchNorm/LayerNorm scale and shift. */
  public boolean isNorm() {
    return this == NORM_WEIGHT || this == NORM_BIAS;
  }

  /** True where fastai applies no weight decay by default (norm and bias parameters). */
  public boolean isBnOrBias() {
    return this == BIAS || isNorm();
  }
}
