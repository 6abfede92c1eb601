package dev.fastj.callback;

/**
 * Thrown by a callback to skip the rest of a stage of training; the loop catches it, fires the
 * matching {@code afterCancel...} event, then the {@code after...} event, and carries on. Mirrors
 * fastai's {@code CancelBatchException} family. No stack trace is captured: it is control flow.
 */
public abstract sealed class CancelException extends RuntimeException
    permits CancelBatchException, CancelTrainException, CancelValidException, CancelEpochException,
        CancelFitException {

  private static final long serialVersionUID = 1L;

  protected CancelException(String message) {
    super(message, null, false, false);
  }
}
