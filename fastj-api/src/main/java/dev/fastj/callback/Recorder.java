package dev.fastj.callback;

import static com.google.common.base.Preconditions.checkArgument;

import dev.fastj.data.Batch;
import dev.fastj.learner.FitState;
import dev.fastj.learner.HyperParam;
import dev.fastj.metrics.Metric;
import dev.fastj.plot.LinePlot;
import dev.fastj.plot.Plots;
import dev.fastj.plot.Series;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Records what happens during a fit, as fastai's {@code Recorder}: the smoothed training loss
 * after every batch (an exponential moving average with {@code beta = 0.98}, debiased by
 * {@code 1 - beta^count}), the learning rate and momentum of the last parameter group, and one
 * {@link EpochRow} per epoch (train_loss is the smoothed loss at the end of the epoch, valid_loss
 * the mean over validation items, then each metric). Every Learner has one; it is reset at the
 * start of each fit (so after {@code lrFind} it holds the finder's run).
 *
 * <pre>{@code
 * learn.fitOneCycle(3, 1e-3);
 * learn.recorder().plotLosses(Path.of("losses.png"));
 * double lastValid = learn.recorder().rows().get(2).validLoss();
 * }</pre>
 */
public final class Recorder implements Callback {

  /** fastai's smoothing factor. */
  public static final double DEFAULT_BETA = 0.98;

  private final double beta;
  private long smoothCount;
  private double smoothVal;
  private double validTotal;
  private long validCount;
  private List<Metric.Accumulator> accumulators = List.of();
  private double trainLoss = Double.NaN;
  private double validLoss = Double.NaN;
  private double[] metricValues = new double[0];
  private long epochStart;
  private final List<Double> losses = new ArrayList<>();
  private final List<Double> lrs = new ArrayList<>();
  private final List<Double> moms = new ArrayList<>();
  private final List<Long> iters = new ArrayList<>();
  private final List<EpochRow> rows = new ArrayList<>();
  private List<String> metricNames = List.of("epoch", "train_loss", "valid_loss", "time");

  /** A Recorder with fastai's beta of 0.98. */
  public Recorder() {
    this(DEFAULT_BETA);
  }

  /** A Recorder with another smoothing factor in [0, 1). */
  public Recorder(double beta) {
    checkArgument(beta >= 0 && beta < 1, "beta must be in [0, 1), got %s", beta);
    this.beta = beta;
  }

  /** fastai's order 50: after schedules set values, before trackers read the epoch's row. */
  @Override
  public int order() {
    return 50;
  }

  @Override
  public void beforeFit(FitState s) {
    losses.clear();
    lrs.clear();
    moms.clear();
    iters.clear();
    rows.clear();
    List<String> names = new ArrayList<>(List.of("epoch", "train_loss", "valid_loss"));
    for (Metric m : s.learner().metrics()) {
      names.add(m.name());
    }
    names.add("time");
    metricNames = List.copyOf(names);
    smoothCount = 0;
    smoothVal = 0;
  }

  @Override
  public void beforeEpoch(FitState s) {
    epochStart = System.nanoTime();
    trainLoss = Double.NaN;
    validLoss = Double.NaN;
    metricValues = new double[s.learner().metrics().size()];
    java.util.Arrays.fill(metricValues, Double.NaN);
  }

  @Override
  public void beforeValidate(FitState s) {
    validTotal = 0;
    validCount = 0;
    validLoss = Double.NaN;
    metricValues = new double[s.learner().metrics().size()];
    java.util.Arrays.fill(metricValues, Double.NaN);
    List<Metric.Accumulator> accs = new ArrayList<>();
    for (Metric m : s.learner().metrics()) {
      accs.add(m.newAccumulator());
    }
    accumulators = accs;
  }

  @Override
  public void afterBatch(FitState s) {
    Batch b = s.batch();
    if (b == null || b.targets().isEmpty() || Double.isNaN(s.loss())) {
      return;
    }
    if (s.training()) {
      addSmoothed(s.loss());
      losses.add(smoothLoss());
      lrs.add(s.hypers().last(HyperParam.LR));
      moms.add(s.hypers().last(HyperParam.MOM));
    } else {
      validTotal += s.loss() * b.size();
      validCount += b.size();
      if (s.output() != null) {
        for (Metric.Accumulator a : accumulators) {
          a.accumulate(s.output(), b.targets().get(0));
        }
      }
    }
  }

  @Override
  public void afterTrain(FitState s) {
    trainLoss = smoothLoss();
  }

  @Override
  public void afterValidate(FitState s) {
    if (validCount == 0) {
      return;
    }
    validLoss = validTotal / validCount;
    for (int i = 0; i < accumulators.size(); i++) {
      metricValues[i] = accumulators.get(i).value();
    }
  }

  @Override
  public void afterEpoch(FitState s) {
    double seconds = (System.nanoTime() - epochStart) / 1e9;
    rows.add(new EpochRow(s.epoch(), trainLoss, validLoss, metricValues, seconds));
    iters.add(smoothCount);
  }

  /**
   * The last validation pass: valid_loss, then each metric (NaN when it was cancelled), as
   * fastai's {@code learn.validate()} returns them.
   */
  public double[] lastValidation() {
    double[] v = new double[1 + metricValues.length];
    v[0] = validLoss;
    System.arraycopy(metricValues, 0, v, 1, metricValues.length);
    return v;
  }

  /** Adds one batch loss to the moving average (fastai's {@code AvgSmoothLoss.accumulate}). */
  void addSmoothed(double loss) {
    smoothCount++;
    smoothVal = loss + beta * (smoothVal - loss);
  }

  /** The debiased smoothed training loss so far in this fit (fastai's {@code smooth_loss}). */
  public double smoothLoss() {
    return smoothVal / (1 - Math.pow(beta, smoothCount));
  }

  /** Smoothed training loss after each training batch (fastai's {@code recorder.losses}). */
  public List<Double> losses() {
    return Collections.unmodifiableList(new ArrayList<>(losses));
  }

  /** Learning rate of the last parameter group at each training batch (fastai's {@code recorder.lrs}). */
  public List<Double> lrs() {
    return Collections.unmodifiableList(new ArrayList<>(lrs));
  }

  /** Momentum of the last parameter group at each training batch. */
  public List<Double> moms() {
    return Collections.unmodifiableList(new ArrayList<>(moms));
  }

  /** Number of training batches done at the end of each epoch (fastai's {@code recorder.iters}). */
  public List<Long> iters() {
    return Collections.unmodifiableList(new ArrayList<>(iters));
  }

  /** One row per finished epoch. */
  public List<EpochRow> rows() {
    return List.copyOf(rows);
  }

  /** Per epoch: train_loss, valid_loss, then the metrics (fastai's {@code recorder.values}). */
  public List<double[]> values() {
    return rows.stream().map(EpochRow::values).toList();
  }

  /** Column names: epoch, train_loss, valid_loss, each metric, time (fastai's {@code metric_names}). */
  public List<String> metricNames() {
    return metricNames;
  }

  /** The epoch table of the last fit, as fastai prints it. */
  public String table() {
    StringBuilder sb = new StringBuilder(EpochTable.header(metricNames)).append('\n');
    for (EpochRow r : rows) {
      sb.append(EpochTable.row(metricNames, r)).append('\n');
    }
    return sb.toString();
  }

  /** {@link #plotLosses(Path, int, boolean)} with fastai's defaults: skip 5 batches, with valid loss. */
  public void plotLosses(Path png) {
    plotLosses(png, 5, true);
  }

  /**
   * Plots the smoothed training loss per batch and the validation loss at each epoch's end into
   * a PNG (fastai's {@code plot_loss}).
   */
  public void plotLosses(Path png, int skipStart, boolean withValid) {
    checkArgument(!losses.isEmpty(), "nothing recorded yet; call plotLosses after a fit");
    int start = Math.min(Math.max(0, skipStart), losses.size() - 1);
    List<double[]> train = new ArrayList<>();
    for (int i = start; i < losses.size(); i++) {
      train.add(new double[] {i, losses.get(i)});
    }
    List<Series> series = new ArrayList<>();
    series.add(series("train", train));
    if (withValid) {
      List<double[]> valid = new ArrayList<>();
      for (int e = 0; e < rows.size(); e++) {
        if (iters.get(e) >= start) {
          valid.add(new double[] {iters.get(e), rows.get(e).validLoss()});
        }
      }
      if (!valid.isEmpty()) {
        series.add(series("valid", valid));
      }
    }
    Plots.line(new LinePlot(null, "iteration", "loss", series, false, null, LinePlot.DEFAULT_WIDTH,
        LinePlot.DEFAULT_HEIGHT), png);
  }

  /** A series of the finite points among (x, y) pairs. */
  private static Series series(String name, List<double[]> points) {
    double[][] kept = points.stream().filter(p -> Double.isFinite(p[1])).toArray(double[][]::new);
    double[] x = new double[kept.length];
    double[] y = new double[kept.length];
    for (int i = 0; i < kept.length; i++) {
      x[i] = kept[i][0];
      y[i] = kept[i][1];
    }
    return new Series(name, x, y);
  }

  /** Plots the learning rate (last group) per training batch into a PNG (fastai's {@code plot_sched}). */
  public void plotLr(Path png) {
    checkArgument(!lrs.isEmpty(), "nothing recorded yet; call plotLr after a fit");
    double[] y = lrs.stream().mapToDouble(Double::doubleValue).toArray();
    Plots.line(LinePlot.of("iteration", "lr", Series.of("lr", y)), png);
  }

  /** Plots the momentum (last group) per training batch into a PNG. */
  public void plotMom(Path png) {
    checkArgument(!moms.isEmpty(), "nothing recorded yet; call plotMom after a fit");
    double[] y = moms.stream().mapToDouble(Double::doubleValue).toArray();
    Plots.line(LinePlot.of("iteration", "mom", Series.of("mom", y)), png);
  }
}
