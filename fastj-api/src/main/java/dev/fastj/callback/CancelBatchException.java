package dev.fastj.callback;

/**
 * Skips the rest of this batch; the loop then fires {@code afterCancelBatch} and {@code afterBatch}.
 * Mirrors fastai's {@code CancelBatchException}.
 */
public final class CancelBatchException extends CancelException {

  private static final long serialVersionUID = 1L;

  /** A cancellation without a message. */
  public CancelBatchException() {
    super("cancel batch");
  }

  /** A cancellation with a reason, shown if it escapes the loop. */
  public CancelBatchException(String reason) {
    super(reason);
  }
}
