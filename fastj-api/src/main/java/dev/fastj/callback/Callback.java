package dev.fastj.callback;

import dev.fastj.learner.FitState;

/**
 * Something that runs at fastai's training events. Every method is a no-op by default: a
 * callback overrides the events it needs and reads or changes the training through the
 * {@link FitState} (the epoch, the batch, its loss, the hyper-parameters of the next step).
 * Callbacks run in ascending {@link #order()} (ties keep the order they were added in). Mirrors
 * fastai's {@code Callback}.
 *
 * <p>A callback stops part of the training by throwing a {@link CancelException}, for example
 * {@code throw new CancelFitException()} from {@link #afterEpoch} (that is how
 * {@link EarlyStoppingCallback} works).
 *
 * <p>The backend fuses forward pass, loss, backward pass and optimizer step into one graph, so
 * during training {@link #afterPred} and {@link #afterLoss} fire after that fused step; fastai's
 * backward and step events do not exist. Hyper-parameters for a step must be set in
 * {@link #beforeBatch} or earlier.
 *
 * <pre>{@code
 * Callback printer = new Callback() {
 *   public void afterEpoch(FitState s) { System.out.println("done epoch " + s.epoch()); }
 * };
 * learn.fit(3, 1e-3, printer);
 * }</pre>
 */
public interface Callback {

  /** Position among callbacks, smaller first (fastai's {@code order}; the Recorder is 50). */
  default int order() {
    return 0;
  }

  /** Whether the batch events fire while training (fastai's {@code run_train}). */
  default boolean runTrain() {
    return true;
  }

  /** Whether the batch events fire while validating (fastai's {@code run_valid}). */
  default boolean runValid() {
    return true;
  }

  /** fastai's {@code before_fit}: the start of {@code fit}. */
  default void beforeFit(FitState s) {}

  /** fastai's {@code before_epoch}. */
  default void beforeEpoch(FitState s) {}

  /** fastai's {@code before_train}: the training phase of an epoch starts. */
  default void beforeTrain(FitState s) {}

  /** fastai's {@code before_batch}: set hyper-parameters for the coming step here. */
  default void beforeBatch(FitState s) {}

  /** fastai's {@code after_pred}: the outputs are available (validation; training when asked). */
  default void afterPred(FitState s) {}

  /** fastai's {@code after_loss}: {@link FitState#loss()} holds the batch's loss. */
  default void afterLoss(FitState s) {}

  /** fastai's {@code after_batch}. */
  default void afterBatch(FitState s) {}

  /** fastai's {@code after_train}. */
  default void afterTrain(FitState s) {}

  /** fastai's {@code before_validate}. */
  default void beforeValidate(FitState s) {}

  /** fastai's {@code after_validate}. */
  default void afterValidate(FitState s) {}

  /** fastai's {@code after_epoch}: the Recorder has added the epoch's row. */
  default void afterEpoch(FitState s) {}

  /** fastai's {@code after_fit}: runs even when the fit was cancelled. */
  default void afterFit(FitState s) {}

  /** fastai's {@code after_cancel_batch}. */
  default void afterCancelBatch(FitState s) {}

  /** fastai's {@code after_cancel_train}. */
  default void afterCancelTrain(FitState s) {}

  /** fastai's {@code after_cancel_validate}. */
  default void afterCancelValidate(FitState s) {}

  /** fastai's {@code after_cancel_epoch}. */
  default void afterCancelEpoch(FitState s) {}

  /** fastai's {@code after_cancel_fit}. */
  default void afterCancelFit(FitState s) {}
}
