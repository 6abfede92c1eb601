package dev.fastj.nn;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Batch normalisation over {@code [N, C]} (or {@code [N, C, L]}), mirroring PyTorch's {@code nn.BatchNorm1d}: eps 1e-5, momentum 0.1,
 * parameters {@code weight} (1, role NORM_WEIGHT) and {@code bias} (0, role NORM_BIAS), buffers
 * {@code running_mean} (0) and {@code running_var} (1).
 *
 * <p>Training emits {@code ReduceMean} (axes as an input, keepdims=1), {@code Sub}, {@code Mul},
 * {@code Add}, {@code Sqrt}, {@code Div} and {@code Reshape} for the output, and {@code Size},
 * {@code Cast(to=FLOAT)} and elementwise operators for the running statistics, which are updated
 * with PyTorch's unbiased variance through {@link Emitter#updateBuffer}. Evaluation emits
 * {@code BatchNormalization(x, weight, bias, running_mean, running_var; epsilon)}.
 *
 * <p>{@link #withZeroInit} starts the weight at 0: fastai's {@code BatchNorm(nf, zero=True)} for the
 * last norm of a residual branch, so each block starts as the identity.
 */
public record BatchNorm1d(int numFeatures, double eps, double momentum, boolean zeroInit) implements Module {

  public BatchNorm1d {
    checkArgument(numFeatures > 0, "BatchNorm1d numFeatures must be positive, got %s", numFeatures);
    checkArgument(eps > 0, "BatchNorm1d eps must be positive, got %s", eps);
    checkArgument(momentum >= 0 && momentum <= 1, "BatchNorm1d momentum must be in [0, 1], got %s", momentum);
  }

  /** {@code nn.BatchNorm1d(numFeatures)} with PyTorch's defaults. */
  public static BatchNorm1d of(int numFeatures) {
    return new BatchNorm1d(numFeatures, 1e-5, 0.1, false);
  }

  /** A copy with epsilon {@code e}. */
  public BatchNorm1d withEps(double e) {
    return new BatchNorm1d(numFeatures, e, momentum, zeroInit);
  }

  /** A copy with running-statistics momentum {@code m} (PyTorch's convention: weight of the new batch). */
  public BatchNorm1d withMomentum(double m) {
    return new BatchNorm1d(numFeatures, eps, m, zeroInit);
  }

  /** A copy whose weight starts at 0 ({@code true}) or 1 ({@code false}). */
  public BatchNorm1d withZeroInit(boolean z) {
    return new BatchNorm1d(numFeatures, eps, momentum, z);
  }

  @Override
  public Var forward(Emitter e, Var x) {
    Shapes.checkRank(this, x, 2, 3);
    return BatchNorms.forward(this, e, x, numFeatures, eps, momentum, zeroInit);
  }

  @Override
  public String describe() {
    return BatchNorms.describe("BatchNorm1d", numFeatures, eps, momentum, zeroInit);
  }
}
