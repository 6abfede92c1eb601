package dev.fastj.nn;

import dev.fastj.data.TensorData;

/**
 * fastai's {@code L1LossFlat}: the mean absolute difference between output and FLOAT32 target,
 * both viewed as vectors. The activation is the identity.
 */
public final class L1LossFlat implements Loss {

  private L1LossFlat() {}

  /** The loss. */
  public static L1LossFlat create() {
    return new L1LossFlat();
  }

  @Override
  public Var forward(Emitter e, Var output, Var target) {
    Var d = e.op("Sub", Losses.flatten(e, output), Losses.flatten(e, target));
    return Losses.reduce(e, "ReduceMean", e.op("Abs", d), false);
  }

  @Override
  public TensorData.DType targetType() {
    return TensorData.DType.FLOAT32;
  }
}
