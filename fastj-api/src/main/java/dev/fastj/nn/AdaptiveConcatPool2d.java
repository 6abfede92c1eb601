package dev.fastj.nn;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;
import java.util.Map;

/**
 * fastai's {@code AdaptiveConcatPool2d}: adaptive max pooling and adaptive average pooling
 * concatenated on the channel axis, max first, so {@code [N, C, H, W]} becomes
 * {@code [N, 2C, size, size]}. For size 1 it emits {@code GlobalMaxPool(x)},
 * {@code GlobalAveragePool(x)} and {@code Concat(max, avg; axis=1)}.
 *
 * @param outputSize output height and width
 */
public record AdaptiveConcatPool2d(int outputSize) implements Module {

  /** Creates the layer, checking every value; the static factories give the defaults. */
  public AdaptiveConcatPool2d {
    checkArgument(outputSize > 0, "AdaptiveConcatPool2d outputSize must be positive, got %s", outputSize);
  }

  /** {@code AdaptiveConcatPool2d()}: output size 1. */
  public static AdaptiveConcatPool2d create() {
    return new AdaptiveConcatPool2d(1);
  }

  /** {@code AdaptiveConcatPool2d(size)}. */
  public static AdaptiveConcatPool2d of(int outputSize) {
    return new AdaptiveConcatPool2d(outputSize);
  }

  @Override
  public Var forward(Emitter e, Var x) {
    Var max = AdaptiveMaxPool2d.of(outputSize).forward(e, x);
    Var avg = AdaptiveAvgPool2d.of(outputSize).forward(e, x);
    return e.op("Concat", List.of(max, avg), Map.of("axis", 1L));
  }

  @Override
  public String describe() {
    return "AdaptiveConcatPool2d(" + outputSize + ")";
  }
}
