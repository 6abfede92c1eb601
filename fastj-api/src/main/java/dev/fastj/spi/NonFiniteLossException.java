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

  /** The step (counted from 1) whose loss was {@code loss}. */
  public NonFiniteLossException(long step, double loss, String message) {
    super(message);
    this.step = step;
    this.loss = loss;
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
