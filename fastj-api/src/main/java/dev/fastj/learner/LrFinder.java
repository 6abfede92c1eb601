package dev.fastj.learner;

import dev.fastj.callback.CancelFitException;
import dev.fastj.callback.CancelValidException;
import dev.fastj.callback.ParamScheduler;
import dev.fastj.data.TensorData;
import dev.fastj.learner.schedule.Schedule;
import java.util.List;
import java.util.Map;

/**
 * fastai's {@code LRFinder}: raises the learning rate exponentially from {@code startLr} to
 * {@code endLr} over {@code numIt} training batches, skips validation, stops when the smoothed
 * loss exceeds 4 times the best seen, and restores the weights and optimizer state (kept in
 * memory through {@code stateDict}) when it ends.
 */
final class LrFinder extends ParamScheduler {

  private final int numIt;
  private final boolean stopDiv;
  private double bestLoss;
  private Map<String, TensorData> saved;
  private long savedStep;
  private double[][] savedHypers;

  LrFinder(double startLr, double endLr, int numIt, boolean stopDiv) {
    super(Map.of(HyperParam.LR, List.of(Schedule.exp(startLr, endLr))));
    this.numIt = Math.max(numIt, 6);
    this.stopDiv = stopDiv;
  }

  int numIt() {
    return numIt;
  }

  /** Keeps the weights, optimizer state and hyper-parameters to restore; call before the fit. */
  void snapshot(Learner learn) {
    saved = learn.model().stateDict(true);
    savedStep = learn.optimizerStep();
    Hypers h = learn.hypers();
    savedHypers = new double[][] {h.get(HyperParam.LR), h.get(HyperParam.MOM), h.get(HyperParam.WD)};
  }

  @Override
  public void beforeFit(FitState s) {
    bestLoss = Double.POSITIVE_INFINITY;
  }

  @Override
  public void beforeBatch(FitState s) {
    update(s, (double) s.trainIter() / numIt);
  }

  @Override
  public void afterBatch(FitState s) {
    double smooth = s.recorder().smoothLoss();
    if (smooth < bestLoss) {
      bestLoss = smooth;
    }
    if (stopDiv && smooth > 4 * bestLoss) {
      throw new CancelFitException("loss diverged");
    }
    if (s.trainIter() >= numIt) {
      throw new CancelFitException("lrFind done");
    }
  }

  @Override
  public void beforeValidate(FitState s) {
    throw new CancelValidException();
  }

  @Override
  public void afterFit(FitState s) {
    restore(s.learner());
  }

  /** Puts back the weights, optimizer state and hyper-parameters saved before the run; idempotent. */
  void restore(Learner learn) {
    if (saved != null) {
      learn.model().loadStateDict(saved);
      learn.optimizerStep(savedStep);
      learn.hypers().set(HyperParam.LR, savedHypers[0]);
      learn.hypers().set(HyperParam.MOM, savedHypers[1]);
      learn.hypers().set(HyperParam.WD, savedHypers[2]);
      saved = null;
    }
  }
}
