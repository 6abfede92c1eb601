package dev.fastj.callback;

import dev.fastj.learner.FitState;
import java.util.function.BiConsumer;

/**
 * fastai's training events, in the order a normal epoch fires them, each bound to its
 * {@link Callback} method. The batch events ({@link #isBatchEvent()}) only reach callbacks whose
 * {@link Callback#runTrain()} or {@link Callback#runValid()} allows the current phase.
 */
public enum Event {
  BEFORE_FIT(Callback::beforeFit, false),
  BEFORE_EPOCH(Callback::beforeEpoch, false),
  BEFORE_TRAIN(Callback::beforeTrain, false),
  BEFORE_BATCH(Callback::beforeBatch, true),
  AFTER_PRED(Callback::afterPred, true),
  AFTER_LOSS(Callback::afterLoss, true),
  AFTER_BATCH(Callback::afterBatch, true),
  AFTER_CANCEL_BATCH(Callback::afterCancelBatch, true),
  AFTER_TRAIN(Callback::afterTrain, false),
  AFTER_CANCEL_TRAIN(Callback::afterCancelTrain, false),
  BEFORE_VALIDATE(Callback::beforeValidate, false),
  AFTER_VALIDATE(Callback::afterValidate, false),
  AFTER_CANCEL_VALIDATE(Callback::afterCancelValidate, false),
  AFTER_EPOCH(Callback::afterEpoch, false),
  AFTER_CANCEL_EPOCH(Callback::afterCancelEpoch, false),
  AFTER_FIT(Callback::afterFit, false),
  AFTER_CANCEL_FIT(Callback::afterCancelFit, false);

  private final BiConsumer<Callback, FitState> method;
  private final boolean batchEvent;

  Event(BiConsumer<Callback, FitState> method, boolean batchEvent) {
    this.method = method;
    this.batchEvent = batchEvent;
  }

  /** True for the events fired once per batch (fastai's {@code _inner_loop}). */
  public boolean isBatchEvent() {
    return batchEvent;
  }

  /** Calls this event's method on {@code callback}, honouring runTrain/runValid for batch events. */
  public void fire(Callback callback, FitState state) {
    if (batchEvent && !(state.training() ? callback.runTrain() : callback.runValid())) {
      return;
    }
    method.accept(callback, state);
  }

  /** fastai's name of the event, such as {@code before_fit}. */
  public String fastaiName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
