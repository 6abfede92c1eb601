package dev.fastj.nn;

/** {@code nn.Sigmoid}: emits {@code Sigmoid(x)}. */
public record Sigmoid() implements Module {

  /** {@code nn.Sigmoid()}. */
  public static Sigmoid create() {
    return new Sigmoid();
  }

  @Override
  public Var forward(Emitter e, Var x) {
    return e.op("Sigmoid", x);
  }

  @Override
  public String describe() {
    return "Sigmoid";
  }
}
