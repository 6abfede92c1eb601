package dev.fastj.learner;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.fastj.callback.Callback;
import dev.fastj.callback.ProgressCallback;
import dev.fastj.data.DataLoaders;
import dev.fastj.metrics.Metric;
import dev.fastj.nn.Loss;
import dev.fastj.nn.Module;
import dev.fastj.optim.OptimizerSpec;
import dev.fastj.spi.Backend;
import dev.fastj.spi.Device;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Configures a {@link Learner} with fastai's {@code Learner} arguments and defaults;
 * {@link #build()} compiles the model. Start one with {@link Learner#builder}.
 *
 * <pre>{@code
 * Learner learn = Learner.builder(dls, model)
 *     .metrics(Metrics.accuracy())
 *     .splitter(name -> name.startsWith("0.") ? 0 : 1)
 *     .build();
 * }</pre>
 */
public final class LearnerBuilder {

  final DataLoaders dls;
  final Module module;
  Loss loss;
  OptimizerSpec optimizer = OptimizerSpec.Adam.defaults();
  final List<Metric> metrics = new ArrayList<>();
  ParamSplitter splitter = ParamSplitter.single();
  final List<Callback> callbacks = new ArrayList<>();
  Path path = Path.of(".");
  boolean trainBn = true;
  Double lr;
  Double wd;
  Moms moms = Moms.defaults();
  Device device = Device.cpu();
  long seed = 42;
  Backend backend;
  ProgressCallback progress = new ProgressCallback();

  LearnerBuilder(DataLoaders dls, Module module) {
    this.dls = checkNotNull(dls, "dls");
    this.module = checkNotNull(module, "model");
  }

  /** fastai's {@code loss_func}; default {@code dls.defaultLoss()}. */
  public LearnerBuilder loss(Loss l) {
    loss = checkNotNull(l, "loss");
    return this;
  }

  /** fastai's {@code opt_func}; default Adam with fastai's settings. */
  public LearnerBuilder optimizer(OptimizerSpec o) {
    optimizer = checkNotNull(o, "optimizer");
    return this;
  }

  /** fastai's {@code metrics}, computed on the validation set each epoch. */
  public LearnerBuilder metrics(Metric... m) {
    for (Metric x : m) {
      metrics.add(checkNotNull(x, "metrics must not contain null"));
    }
    return this;
  }

  /** fastai's {@code splitter}; default one group. */
  public LearnerBuilder splitter(ParamSplitter s) {
    splitter = checkNotNull(s, "splitter");
    return this;
  }

  /** fastai's {@code cbs}: callbacks for every fit. */
  public LearnerBuilder callbacks(Callback... cbs) {
    for (Callback c : cbs) {
      callbacks.add(checkNotNull(c, "callbacks must not contain null"));
    }
    return this;
  }

  /** fastai's {@code path}: checkpoints go to {@code <path>/models}; default the working directory. */
  public LearnerBuilder path(Path p) {
    path = checkNotNull(p, "path");
    return this;
  }

  /** fastai's {@code train_bn}: norm layers keep training when frozen; default true. */
  public LearnerBuilder trainBn(boolean v) {
    trainBn = v;
    return this;
  }

  /**
   * fastai's {@code lr}: the learning rate when a fit gives none. Without it, a fit that gives
   * none runs {@link Learner#lrFind()} first and trains at its {@link LrFind#suggested()} rate
   * (fastai's {@code defaults.lr} is a fixed 1e-3, which is too low for most nets trained from
   * scratch: docs/training.md has the measurements).
   */
  public LearnerBuilder lr(double v) {
    lr = HyperChecks.positive("lr", v);
    return this;
  }

  /** fastai's {@code wd}: weight decay for all groups; default the optimizer's. */
  public LearnerBuilder wd(double v) {
    wd = HyperChecks.nonNegative("wd", v);
    return this;
  }

  /**
   * fastai's {@code moms}: the momentum cycle of {@code fitOneCycle} calls that give no
   * {@link OneCycle}; default {@code (0.95, 0.85, 0.95)}, fastai's text learners use
   * {@code (0.8, 0.7, 0.8)}.
   */
  public LearnerBuilder moms(Moms m) {
    moms = checkNotNull(m, "moms");
    return this;
  }

  /** Where to train; default the CPU. */
  public LearnerBuilder device(Device d) {
    device = checkNotNull(d, "device");
    return this;
  }

  /**
   * Seed of the initial weights and of the dropout masks; default 42. With the data loaders' seed
   * ({@link dev.fastj.data.DataLoaderOptions#withSeed}) it makes a training run reproducible.
   */
  public LearnerBuilder seed(long s) {
    seed = s;
    return this;
  }

  /** The backend; default {@link Backend#get()}. */
  public LearnerBuilder backend(Backend b) {
    backend = checkNotNull(b, "backend");
    return this;
  }

  /** The progress display; null prints nothing. Default a {@link ProgressCallback} on System.out. */
  public LearnerBuilder progress(ProgressCallback p) {
    progress = p;
    return this;
  }

  /** Compiles the model and returns the Learner. */
  public Learner build() {
    return new Learner(this);
  }
}
