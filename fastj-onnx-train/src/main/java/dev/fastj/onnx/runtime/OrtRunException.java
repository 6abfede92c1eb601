package dev.fastj.onnx.runtime;

/**
 * An ONNX Runtime failure (session creation, a run, a tensor conversion), with the graph and
 * the step that failed in its message; the native error is the cause.
 */
public final class OrtRunException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** A failure described by {@code message}, caused by {@code cause}. */
  public OrtRunException(String message, Throwable cause) {
    super(message, cause);
  }
}
