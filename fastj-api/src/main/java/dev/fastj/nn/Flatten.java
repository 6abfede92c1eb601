package dev.fastj.nn;

import java.util.List;
import java.util.Map;

/**
 * fastai's {@code Flatten} ({@code nn.Flatten()}): {@code [N, d1, d2, ...]} to
 * {@code [N, d1*d2*...]}. Emits {@code Flatten(x; axis=1)}.
 */
public record Flatten() implements Module {

  /** {@code Flatten()}. */
  public static Flatten create() {
    return new Flatten();
  }

  @Override
  public Var forward(Emitter e, Var x) {
    return e.op("Flatten", List.of(x), Map.of("axis", 1L));
  }

  @Override
  public String describe() {
    return "Flatten";
  }
}
