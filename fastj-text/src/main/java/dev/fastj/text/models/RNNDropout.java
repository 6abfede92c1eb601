package dev.fastj.text.models;

import static com.google.common.base.Preconditions.checkArgument;

import dev.fastj.nn.Emitter;
import dev.fastj.nn.Module;
import dev.fastj.nn.Var;
import java.util.List;
import java.util.Map;

/**
 * fastai's {@code RNNDropout(p)}: while training, drops whole features of each sequence, with one
 * mask per (row, feature) that is the same at every step ({@code [N, 1, C]}), the kept values
 * scaled by {@code 1/(1-p)}; in evaluation it is the identity and emits nothing.
 *
 * <p>The mask is ONNX's Dropout applied to ones of shape {@code [N, 1, C]}, which gives the
 * scaled mask itself (fastai's {@code dropout_mask}); the input is multiplied by it, broadcast over
 * the steps, so the gradient is the same mask.
 *
 * @param p probability of dropping a feature of a sequence, in [0, 1)
 */
public record RNNDropout(double p) implements Module {

  /** Creates the layer, checking {@code p}. */
  public RNNDropout {
    checkArgument(p >= 0 && p < 1, "RNNDropout p must be in [0, 1), got %s", p);
  }

  @Override
  public Var forward(Emitter e, Var x) {
    if (!e.training() || p == 0) {
      return x;
    }
    checkArgument(x.rank() == 3, "RNNDropout takes [N, T, C], got %s of rank %s", x.name(), x.rank());
    Var shape = e.op("Shape", x);
    Var n = e.op("Slice", List.of(shape, e.constantLongs(new long[] {0}, 1), e.constantLongs(new long[] {1}, 1)),
        Map.of());
    Var c = e.op("Slice", List.of(shape, e.constantLongs(new long[] {2}, 1), e.constantLongs(new long[] {3}, 1)),
        Map.of());
    Var maskShape = e.op("Concat", List.of(n, e.constantLongs(new long[] {1}, 1), c), Map.of("axis", 0L));
    return e.op("Mul", x, Masks.scaledMask(e, maskShape, p));
  }

  @Override
  public String describe() {
    return "RNNDropout(" + p + ")";
  }
}
