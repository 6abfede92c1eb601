package dev.fastj.nn;

/** {@code nn.Tanh}: emits {@code Tanh(x)}. */
public record Tanh() implements Module {

  /** {@code nn.Tanh()}. */
  public static Tanh create() {
    return new Tanh();
  }

  @Override
  public Var forward(Emitter e, Var x) {
    return e.op("Tanh", x);
  }

  @Override
  public String describe() {
    return "Tanh";
  }
}
