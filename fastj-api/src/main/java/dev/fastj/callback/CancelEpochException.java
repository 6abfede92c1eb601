package dev.fastj.callback;

/**
 * Skips the rest of this epoch; the loop then fires {@code afterCancelEpoch} and {@code afterEpoch}.
 * Mirrors fastai's {@code CancelEpochException}.
 */
public final class CancelEpochException extends CancelException {

  private static final long serialVersionUID = 1L;

  /** A cancellation without a message. */
  public CancelEpochException() {
    super("cancel epoch");
  }

  /** A cancellation with a reason, shown if it escapes the loop. */
  public CancelEpochException(String reason) {
    super(reason);
  }
}
