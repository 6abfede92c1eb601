package dev.fastj.learner;

import dev.fastj.callback.Recorder;
import dev.fastj.data.Batch;
import dev.fastj.data.DataLoader;
import dev.fastj.data.TensorData;

/**
 * What callbacks see and change during {@code fit}: fastai's attributes of the Learner that the
 * training loop keeps up to date ({@code epoch}, {@code n_epoch}, {@code iter}, {@code n_iter},
 * {@code train_iter}, {@code pct_train}, {@code training}, {@code xb}/{@code yb} as the batch,
 * {@code loss}, {@code pred}) and the hyper-parameters of the next step ({@code opt.hypers}).
 * Owned by one Learner; valid only during its fit.
 */
public final class FitState {

  private final Learner learner;
  private int nEpoch;
  private int epoch;
  private int nIter;
  private int iter;
  private long trainIter;
  private double pctTrain;
  private boolean training;
  private DataLoader dl;
  private Batch batch;
  private double loss = Double.NaN;
  private TensorData output;

  FitState(Learner learner) {
    this.learner = learner;
  }

  void startFit(int epochs) {
    nEpoch = epochs;
    epoch = 0;
    trainIter = 0;
    pctTrain = 0;
    loss = Double.NaN;
    batch = null;
    output = null;
  }

  /** The Learner being trained. */
  public Learner learner() {
    return learner;
  }

  /** The Learner's Recorder. */
  public Recorder recorder() {
    return learner.recorder();
  }

  /** The hyper-parameters of the next step, per parameter group; schedules change them. */
  public Hypers hypers() {
    return learner.hypers();
  }

  /** Number of epochs of this fit (fastai's {@code n_epoch}). */
  public int nEpoch() {
    return nEpoch;
  }

  /** Current epoch, from 0 (fastai's {@code epoch}). */
  public int epoch() {
    return epoch;
  }

  void epoch(int e) {
    epoch = e;
  }

  /** Batches in the current phase (fastai's {@code n_iter}). */
  public int nIter() {
    return nIter;
  }

  void nIter(int n) {
    nIter = n;
  }

  /** Index of the current batch in its phase, from 0 (fastai's {@code iter}). */
  public int iter() {
    return iter;
  }

  void iter(int i) {
    iter = i;
  }

  /** Training batches done since the fit started (fastai's {@code train_iter}). */
  public long trainIter() {
    return trainIter;
  }

  /** Fraction of the fit's training batches done, in [0, 1) during training (fastai's {@code pct_train}). */
  public double pctTrain() {
    return pctTrain;
  }

  void pctTrain(double p) {
    pctTrain = p;
  }

  void advanceTrainIter() {
    pctTrain += 1.0 / ((double) nIter * nEpoch);
    trainIter++;
  }

  /** True in the training phase, false while validating (fastai's {@code training}). */
  public boolean training() {
    return training;
  }

  void training(boolean t) {
    training = t;
  }

  /** The loader of the current phase (fastai's {@code dl}). */
  public DataLoader dl() {
    return dl;
  }

  void dl(DataLoader d) {
    dl = d;
  }

  /** The current batch (fastai's {@code xb} and {@code yb}). */
  public Batch batch() {
    return batch;
  }

  void batch(Batch b) {
    batch = b;
  }

  /** Mean loss of the current batch; NaN before the step (fastai's {@code loss}). */
  public double loss() {
    return loss;
  }

  void loss(double l) {
    loss = l;
  }

  /**
   * Raw outputs of the current batch (fastai's {@code pred}): set while validating, null during
   * training (the fused step does not return them).
   */
  public TensorData output() {
    return output;
  }

  void output(TensorData o) {
    output = o;
  }
}
