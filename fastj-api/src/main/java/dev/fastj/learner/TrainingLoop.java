package dev.fastj.learner;

import dev.fastj.callback.Callback;
import dev.fastj.callback.CancelBatchException;
import dev.fastj.callback.CancelEpochException;
import dev.fastj.callback.CancelException;
import dev.fastj.callback.CancelFitException;
import dev.fastj.callback.CancelTrainException;
import dev.fastj.callback.CancelValidException;
import dev.fastj.callback.Event;
import dev.fastj.data.Batch;
import dev.fastj.data.DataLoader;
import dev.fastj.spi.Hyper;
import dev.fastj.spi.StepResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import dev.fastj.spi.NonFiniteLossException;

/**
 * fastai's {@code Learner.fit} loop: epochs of a training phase and a validation phase, each
 * stage wrapped in its before/after events, cancellation exceptions caught at their own stage
 * ({@code _with_events}). What fastai's {@code TrainEvalCallback} does (pct_train, train_iter,
 * training flag) is done here directly.
 */
final class TrainingLoop {

  private interface Stage {
    void run();
  }

  private final Learner learner;
  private final FitState state;
  private final List<Callback> callbacks;
  private final boolean cancelOnNonFinite;

  TrainingLoop(Learner learner, FitState state, List<Callback> callbacks, boolean cancelOnNonFinite) {
    this.learner = learner;
    this.state = state;
    List<Callback> sorted = new ArrayList<>(callbacks);
    sorted.sort(Comparator.comparingInt(Callback::order));
    this.callbacks = List.copyOf(sorted);
    this.cancelOnNonFinite = cancelOnNonFinite;
  }

  private NonFiniteLossException nonFinite(double loss, Hyper h) {
    double lr = h.lr()[h.lr().length - 1];
    return new NonFiniteLossException(h.step(), loss, state.epoch(), state.iter(), String.format(Locale.ROOT,
        "training loss is %s at epoch %d, batch %d (lr of the last group %.3g); lower the learning rate "
            + "(learn.lrFind() suggests one) or check the inputs and targets for NaN",
        Double.isNaN(loss) ? "NaN" : "infinite", state.epoch(), state.iter(), lr));
  }

  void fit(int nEpoch) {
    state.startFit(nEpoch);
    withEvents(Event.BEFORE_FIT, this::doFit, CancelFitException.class, Event.AFTER_CANCEL_FIT, Event.AFTER_FIT);
  }

  /** One validation pass over {@code dl} (fastai's {@code _do_epoch_validate}). */
  void validate(DataLoader dl) {
    state.training(false);
    withEvents(Event.BEFORE_VALIDATE, () -> allBatches(dl), CancelValidException.class,
        Event.AFTER_CANCEL_VALIDATE, Event.AFTER_VALIDATE);
  }

  private void doFit() {
    for (int epoch = 0; epoch < state.nEpoch(); epoch++) {
      state.epoch(epoch);
      withEvents(Event.BEFORE_EPOCH, this::doEpoch, CancelEpochException.class, Event.AFTER_CANCEL_EPOCH,
          Event.AFTER_EPOCH);
    }
  }

  private void doEpoch() {
    DataLoader train = learner.dls().train();
    if (train.size() == 0) {
      throw new IllegalStateException("the training set has " + train.itemCount() + " items, fewer than one batch of "
          + train.batchSize() + " (the last partial batch is dropped); use a smaller batch size");
    }
    state.pctTrain((double) state.epoch() / state.nEpoch());
    state.training(true);
    state.nIter(train.size());
    withEvents(Event.BEFORE_TRAIN, () -> allBatches(train), CancelTrainException.class, Event.AFTER_CANCEL_TRAIN,
        Event.AFTER_TRAIN);
    DataLoader valid = learner.dls().valid();
    state.training(false);
    state.nIter(valid.size());
    withEvents(Event.BEFORE_VALIDATE, () -> allBatches(valid), CancelValidException.class,
        Event.AFTER_CANCEL_VALIDATE, Event.AFTER_VALIDATE);
  }

  private void allBatches(DataLoader dl) {
    state.dl(dl);
    state.nIter(dl.size());
    int i = 0;
    for (Batch b : dl) {
      state.iter(i++);
      state.batch(b);
      state.loss(Double.NaN);
      state.output(null);
      withEvents(Event.BEFORE_BATCH, this::oneBatch, CancelBatchException.class, Event.AFTER_CANCEL_BATCH, null);
      if (state.training()) {
        state.advanceTrainIter();
      }
      fire(Event.AFTER_BATCH);
    }
  }

  private void oneBatch() {
    Batch b = state.batch();
    StepResult r;
    if (state.training()) {
      if (b.targets().isEmpty()) {
        throw new IllegalStateException("training batch " + state.iter() + " has no targets; "
            + "the training set needs labels (check getY)");
      }
      Hyper h = learner.nextHyper();
      // backends either throw (keeping the weights of before the step) or return the bad loss
      double bad;
      try {
        r = learner.model().trainStep(b, h, false);
        bad = r.loss();
      } catch (NonFiniteLossException e) {
        r = null;
        bad = e.loss();
      }
      if (r == null || !Double.isFinite(bad)) {
        if (cancelOnNonFinite) {
          throw new CancelFitException("loss diverged");
        }
        throw nonFinite(bad, h);
      }
      GradScaler scaler = learner.afterTrainStep(r.stepped());
      if (scaler != null && scaler.givenUp()) {
        throw new NonFiniteLossException(h.step(), r.loss(), state.epoch(), state.iter(), String.format(
            "gradients were infinite or NaN in %d train steps in a row under mixed precision, down to loss scale %.3g, "
                + "at epoch %d, batch %d; the weights are those of before these steps; train in float32 "
                + "(learn.toFp32()) to see whether the model or the data give non-finite gradients",
            scaler.skippedInARow(), h.lossScale(), state.epoch(), state.iter()));
      }
    } else {
      r = learner.model().evalStep(b);
    }
    state.output(r.output());
    fire(Event.AFTER_PRED);
    state.loss(r.loss());
    fire(Event.AFTER_LOSS);
  }

  private void withEvents(Event before, Stage body, Class<? extends CancelException> cancel, Event afterCancel,
      Event after) {
    try {
      fire(before);
      body.run();
    } catch (CancelException e) {
      if (!cancel.isInstance(e)) {
        throw e;
      }
      fire(afterCancel);
    }
    if (after != null) {
      fire(after);
    }
  }

  private void fire(Event event) {
    for (Callback cb : callbacks) {
      event.fire(cb, state);
    }
  }
}
