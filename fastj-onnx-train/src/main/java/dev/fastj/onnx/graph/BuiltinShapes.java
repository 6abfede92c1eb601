package dev.fastj.onnx.graph;

/**
 * Registers the built-in shape rules; each operator family has its own class with a static
 * {@code register(ShapeRules)} method called from here.
 */
final class BuiltinShapes {

  private BuiltinShapes() {}

  static void registerAll(ShapeRules r) {
    ElementwiseShapes.register(r);
    LinalgShapes.register(r);
    ShapeOpShapes.register(r);
    NnShapes.register(r);
  }
}
