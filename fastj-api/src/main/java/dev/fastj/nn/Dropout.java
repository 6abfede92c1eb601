package dev.fastj.nn;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;
import java.util.Map;

/**
 * {@code nn.Dropout(p)}: while training, zeroes each value with probability {@code p} and scales the
 * others by {@code 1/(1-p)}; in evaluation it is the identity and emits nothing.
 *
 * <p>Training emits {@code Dropout(x, ratio, training_mode)} with two outputs (output, mask), the
 * ratio a float scalar constant and training_mode a bool scalar constant
 * ({@link Emitter#constantBool}); the mask is there for the gradient rule. {@code p == 0} emits
 * nothing in either mode.
 *
 * @param p probability of zeroing a value, in [0, 1)
 */
public record Dropout(double p) implements Module {

  /** Creates the layer, checking every value; the static factories give the defaults. */
  public Dropout {
    checkArgument(p >= 0 && p < 1, "Dropout p must be in [0, 1), got %s", p);
  }

  /** {@code nn.Dropout(p)}. */
  public static Dropout of(double p) {
    return new Dropout(p);
  }

  @Override
  public Var forward(Emitter e, Var x) {
    if (!e.training() || p == 0) {
      return x;
    }
    Var ratio = e.constant(new float[] {(float) p});
    return e.op("Dropout", List.of(x, ratio, e.constantBool(true)), Map.of(), 2).get(0);
  }

  @Override
  public String describe() {
    return "Dropout(p=" + p + ")";
  }
}
