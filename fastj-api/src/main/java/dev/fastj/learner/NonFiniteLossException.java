package dev.fastj.learner;

import java.util.Locale;

/**
 * Thrown when a training step's loss is NaN or infinite: training stops there, naming the epoch
 * and batch, because every later step would be wasted.
 */
public final class NonFiniteLossException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  private final int epoch;
  private final int batch;

  NonFiniteLossException(double loss, int epoch, int batch, double lr) {
    super(String.format(Locale.ROOT,
        "training loss is %s at epoch %d, batch %d (lr of the last group %.3g); lower the learning rate "
            + "(learn.lrFind() suggests one) or check the inputs and targets for NaN",
        Double.isNaN(loss) ? "NaN" : "infinite", epoch, batch, lr));
    this.epoch = epoch;
    this.batch = batch;
  }

  /** The epoch of the failed step, from 0. */
  public int epoch() {
    return epoch;
  }

  /** The batch of the failed step within its epoch, from 0. */
  public int batch() {
    return batch;
  }
}
