package dev.fastj.onnx.autodiff;

/**
 * Registers the built-in gradient rules. Each group of operators lives in its own class
 * ({@code ElementwiseRules}, {@code NnRules}, ...) with a static {@code register} method that
 * this class calls.
 */
final class BuiltinRules {

  private BuiltinRules() {}

  static void registerAll(GradientRules r) {
    ElementwiseRules.register(r);
    MathRules.register(r);
    ActivationRules.register(r);
    ShapeOpsRules.register(r);
    NnRules.register(r);
  }
}
