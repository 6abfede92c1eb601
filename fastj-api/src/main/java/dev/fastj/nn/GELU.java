package dev.fastj.nn;

/**
 * {@code nn.GELU()} in its exact (erf) form, {@code 0.5 x (1 + erf(x / sqrt(2)))}: emits
 * {@code Mul}, {@code Erf}, {@code Add}, {@code Mul}, {@code Mul} (opset 18 has no Gelu operator).
 */
public record GELU() implements Module {

  /** {@code nn.GELU()}. */
  public static GELU create() {
    return new GELU();
  }

  @Override
  public Var forward(Emitter e, Var x) {
    Var erf = e.op("Erf", e.op("Mul", x, e.constant(new float[] {(float) (1 / Math.sqrt(2))})));
    Var gate = e.op("Add", erf, e.constant(new float[] {1f}));
    return e.op("Mul", e.op("Mul", x, gate), e.constant(new float[] {0.5f}));
  }

  @Override
  public String describe() {
    return "GELU";
  }
}
