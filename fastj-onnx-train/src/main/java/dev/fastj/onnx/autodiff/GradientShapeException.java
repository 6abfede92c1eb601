package dev.fastj.onnx.autodiff;

/**
 * Thrown by {@link Autodiff} when a gradient rule gives an input a gradient whose static shape
 * differs from the input's: a bug in the rule, reported at the node instead of as a wrong
 * result or a native error at run time.
 */
public final class GradientShapeException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  GradientShapeException(String message) {
    super(message);
  }
}
