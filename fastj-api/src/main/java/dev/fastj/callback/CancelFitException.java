package dev.fastj.callback;

/**
 * Skips the rest of the fit; the loop then fires {@code afterCancelFit} and {@code afterFit}.
 * Mirrors fastai's {@code CancelFitException}.
 */
public final class CancelFitException extends CancelException {

  private static final long serialVersionUID = 1L;

  /** A cancellation without a message. */
  public CancelFitException() {
    super("cancel fit");
  }

  /** A cancellation with a reason, shown if it escapes the loop. */
  public CancelFitException(String reason) {
    super(reason);
  }
}
