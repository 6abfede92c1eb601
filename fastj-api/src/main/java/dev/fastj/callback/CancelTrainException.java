package dev.fastj.callback;

/**
 * Skips the rest of the training phase of this epoch; the loop then fires {@code afterCancelTrain} and {@code afterTrain}.
 * Mirrors fastai's {@code CancelTrainException}.
 */
public final class CancelTrainException extends CancelException {

  private static final long serialVersionUID = 1L;

  /** A cancellation without a message. */
  public CancelTrainException() {
    super("cancel train");
  }

  /** A cancellation with a reason, shown if it escapes the loop. */
  public CancelTrainException(String reason) {
    super(reason);
  }
}
