package dev.fastj.nn;

import dev.fastj.data.TensorData;

/**
 * fastai's {@code MSELossFlat}: the mean of squared differences between output and FLOAT32
 * target, both viewed as vectors. Used for points and regression; the activation is the identity.
 */
public final class MSELossFlat implements Loss {

  private MSELossFlat() {}

  /** The loss. */
  public static MSELossFlat create() {
    return new MSELossFlat();
  }

  @Override
  public Var forward(Emitter e, Var output, Var target) {
    Var d = e.op("Sub", Losses.flatten(e, output), Losses.flatten(e, target));
    return Losses.reduce(e, "ReduceMean", e.op("Mul", d, d), false);
  }

  @Override
  public TensorData.DType targetType() {
    return TensorData.DType.FLOAT32;
  }
}
