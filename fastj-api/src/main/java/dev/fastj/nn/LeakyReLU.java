package dev.fastj.nn;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;
import java.util.Map;

/** {@code nn.LeakyReLU(negative_slope)}: emits {@code LeakyRelu(x; alpha)}; the default slope is 0.01. *
 * @param negativeSlope slope for negative inputs
 */
public record LeakyReLU(double negativeSlope) implements Module {

  /** Creates the layer, checking every value; the static factories give the defaults. */
  public LeakyReLU {
    checkArgument(Double.isFinite(negativeSlope), "LeakyReLU negativeSlope must be finite, got %s", negativeSlope);
  }

  /** {@code nn.LeakyReLU()}: slope 0.01. */
  public static LeakyReLU create() {
    return new LeakyReLU(0.01);
  }

  /** {@code nn.LeakyReLU(negativeSlope)}. */
  public static LeakyReLU of(double negativeSlope) {
    return new LeakyReLU(negativeSlope);
  }

  @Override
  public Var forward(Emitter e, Var x) {
    return e.op("LeakyRelu", List.of(x), Map.of("alpha", (float) negativeSlope));
  }

  @Override
  public String describe() {
    return "LeakyReLU(" + negativeSlope + ")";
  }
}
