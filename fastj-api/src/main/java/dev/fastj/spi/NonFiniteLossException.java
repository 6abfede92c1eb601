package dev.fastj.spi;

/**
 * A training step whose loss came out NaN or infinite. The backend leaves the parameters and
 * optimizer state as they were before that step, so a caller (fastai's TerminateOnNaN, or a
 * learning-rate finder) can stop cleanly. Usual causes: a learning rate too high, inputs with
 * NaN, or a loss fed probabilities instead of raw outputs.
 */
public final class NonFiniteLossException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  private final long step;
  private final double loss;
  private final int epoch;
  private final int batch;

  /** The step (counted from 1) whose loss was {@code loss}, where the epoch is not known. */
  public NonFiniteLossException(long step, double loss, String message) {
    this(step, loss, -1, -1, message);
  }

  /** The step (counted from 1) whose loss was {@code loss}, at {@code epoch} and {@code batch} (from 0). */
  public NonFiniteLossException(long step, double loss, int epoch, int batch, String message) {
    super(message);
    this.step = step;
    this.loss = loss;
    this.epoch = epoch;
    this.batch = batch;
  }

  /** The epoch of the failed step, from 0, or -1 when the backend threw it outside a fit. */
  public int epoch() {
    return epoch;
  }

  /** The batch of the failed step within its epoch, from 0, or -1 when not known. */
  public int batch() {
    return batch;
  }

  /** The optimizer step, counted from 1, whose loss was not finite. */
  public long step() {
    return step;
  }

  /** The loss value (NaN or infinite). */
  public double loss() {
    return loss;
  }
}
