package dev.fastj.onnx.autodiff;

/**
 * Registers the neural-network gradient rules: convolutions, pooling, normalization, dropout,
 * softmax and the class-index losses, resizing and padding, ONNX's LSTM
 * (the variadic Sum, Max and Min are element-wise rules).
 */
final class NnRules {

  private NnRules() {}

  static void register(GradientRules r) {
    ConvRules.register(r);
    PoolRules.register(r);
    NormRules.register(r);
    SoftmaxRules.register(r);
    ResizeRules.register(r);
    LstmRule.register(r);
  }
}
