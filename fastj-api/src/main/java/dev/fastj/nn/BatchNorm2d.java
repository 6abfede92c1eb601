package dev.fastj.nn;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Batch normalisation over {@code [N, C, H, W]}, mirroring PyTorch's
 * {@code nn.BatchNorm2d}: eps 1e-5, momentum 0.1, parameters {@code weight} (1, role NORM_WEIGHT) and
 * {@code bias} (0, or 1e-3 with {@link #fastai}, role NORM_BIAS), buffers {@code running_mean} (0)
 * and {@code running_var} (1).
 *
 * <p>Training emits {@code BatchNormalization(x, weight, bias, running_mean * 0, running_var * 0;
 * epsilon, momentum=0, training_mode=1)} with three outputs (the output, the batch mean and the biased
 * batch variance), and {@code Size}, {@code Cast(to=FLOAT)} and elementwise operators for the running
 * statistics, which are updated with PyTorch's unbiased variance through {@link Emitter#updateBuffer} (a
 * training batch with one value per channel makes it infinite, and then NaN through the {@code * 0} in
 * the next training step, where PyTorch refuses the batch: fastai's training loader drops its last
 * partial batch). Evaluation emits
 * {@code BatchNormalization(x, weight, bias, running_mean, running_var; epsilon)}.
 *
 * <p>{@link #withZeroInit} starts the weight at 0: fastai's {@code BatchNorm(nf, zero=True)} for the
 * last norm of a residual branch, so each block starts as the identity.
 *
 * @param numFeatures channels C
 * @param eps added to the variance for stability
 * @param momentum weight of the batch statistic in the running update
 * @param zeroInit whether the weight starts at 0 instead of 1
 * @param biasInit the bias's initial value (0 in PyTorch, 1e-3 in fastai's {@code BatchNorm})
 */
public record BatchNorm2d(int numFeatures, double eps, double momentum, boolean zeroInit, double biasInit)
    implements Module {

  /** Creates the layer, checking every value; the static factories give the defaults. */
  public BatchNorm2d {
    checkArgument(numFeatures > 0, "BatchNorm2d numFeatures must be positive, got %s", numFeatures);
    checkArgument(eps > 0, "BatchNorm2d eps must be positive, got %s", eps);
    checkArgument(momentum >= 0 && momentum <= 1, "BatchNorm2d momentum must be in [0, 1], got %s", momentum);
    checkArgument(Double.isFinite(biasInit), "BatchNorm2d biasInit must be finite, got %s", biasInit);
  }

  /** {@code nn.BatchNorm2d(numFeatures)} with PyTorch's defaults. */
  public static BatchNorm2d of(int numFeatures) {
    return new BatchNorm2d(numFeatures, 1e-5, 0.1, false, 0);
  }

  /**
   * fastai's {@code BatchNorm(nf, ndim=2)}: PyTorch's layer with the bias starting at 1e-3 (used by
   * {@code ConvLayer} and {@code LinBnDrop}, so by fastai's heads).
   */
  public static BatchNorm2d fastai(int numFeatures) {
    return new BatchNorm2d(numFeatures, 1e-5, 0.1, false, 1e-3);
  }

  /** A copy with epsilon {@code e}. */
  public BatchNorm2d withEps(double e) {
    return new BatchNorm2d(numFeatures, e, momentum, zeroInit, biasInit);
  }

  /** A copy with running-statistics momentum {@code m} (PyTorch's convention: weight of the new batch). */
  public BatchNorm2d withMomentum(double m) {
    return new BatchNorm2d(numFeatures, eps, m, zeroInit, biasInit);
  }

  /** A copy whose weight starts at 0 ({@code true}) or 1 ({@code false}). */
  public BatchNorm2d withZeroInit(boolean z) {
    return new BatchNorm2d(numFeatures, eps, momentum, z, biasInit);
  }

  @Override
  public Var forward(Emitter e, Var x) {
    Shapes.checkRank(this, x, 4);
    return BatchNorms.forward(this, e, x, 4, numFeatures, eps, momentum, zeroInit, biasInit);
  }

  @Override
  public String describe() {
    return BatchNorms.describe("BatchNorm2d", numFeatures, eps, momentum, zeroInit, biasInit);
  }
}
