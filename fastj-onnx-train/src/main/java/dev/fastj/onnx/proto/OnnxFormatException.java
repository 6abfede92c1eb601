package dev.fastj.onnx.proto;

/**
 * A file or byte array that is not a valid ONNX model, or uses a feature fastj does not read
 * (external data, sparse tensors, model-local functions). The message names the source, the
 * byte offset where decoding stopped, and what was wrong.
 */
public final class OnnxFormatException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String source;
  private final long offset;

  /** A format error in {@code source} at byte {@code offset} (-1 when not known). */
  public OnnxFormatException(String source, long offset, String message) {
    this(source, offset, message, null);
  }

  /** A format error with the exception that revealed it. */
  public OnnxFormatException(String source, long offset, String message, Throwable cause) {
    super(source + (offset >= 0 ? " at byte " + offset : "") + ": " + message, cause);
    this.source = source;
    this.offset = offset;
  }

  /** The file name, or a description of the bytes read. */
  public String source() {
    return source;
  }

  /** The byte offset where decoding stopped, or -1. */
  public long offset() {
    return offset;
  }
}
