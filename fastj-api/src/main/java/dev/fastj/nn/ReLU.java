package dev.fastj.nn;

/** {@code nn.ReLU}: emits {@code Relu(x)}. */
public record ReLU() implements Module {

  /** {@code nn.ReLU()}. */
  public static ReLU create() {
    return new ReLU();
  }

  @Override
  public Var forward(Emitter e, Var x) {
    return e.op("Relu", x);
  }

  @Override
  public String describe() {
    return "ReLU";
  }
}
