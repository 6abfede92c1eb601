package dev.fastj.callback;

/**
 * Skips the validation phase of this epoch; the loop then fires {@code afterCancelValidate} and {@code afterValidate}.
 * Mirrors fastai's {@code CancelValidException}.
 */
public final class CancelValidException extends CancelException {

  private static final long serialVersionUID = 1L;

  /** A cancellation without a message. */
  public CancelValidException() {
    super("cancel validate");
  }

  /** A cancellation with a reason, shown if it escapes the loop. */
  public CancelValidException(String reason) {
    super(reason);
  }
}
