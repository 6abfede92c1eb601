package dev.fastj.vision;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.fastj.callback.Callback;
import dev.fastj.callback.ProgressCallback;
import dev.fastj.data.DataLoaders;
import dev.fastj.learner.Learner;
import dev.fastj.learner.LearnerBuilder;
import dev.fastj.metrics.Metric;
import dev.fastj.nn.Loss;
import dev.fastj.optim.OptimizerSpec;
import dev.fastj.spi.Backend;
import dev.fastj.spi.Device;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * What the builders of {@code vision_learner} and {@code unet_learner} share: the data, the body,
 * {@code n_out}, {@code pretrained}, and the {@link Learner} options, which wait here until the
 * model exists (the Learner's builder needs the model, and the model needs the head and nOut).
 *
 * @param <B> the builder itself, so that each option returns it
 */
abstract class LearnerOptions<B extends LearnerOptions<B>> {
  final DataLoaders dls;
  final Arch arch;
  Integer nOut;
  Boolean pretrained;
  private final List<Consumer<LearnerBuilder>> options = new ArrayList<>();

  LearnerOptions(DataLoaders dls, Arch arch) {
    this.dls = checkNotNull(dls, "dls");
    this.arch = checkNotNull(arch, "arch");
  }

  @SuppressWarnings("unchecked")
  private B self() {
    return (B) this;
  }

  private B option(Consumer<LearnerBuilder> o) {
    options.add(o);
    return self();
  }

  /** Applies the waiting Learner options to {@code b}. */
  final void applyTo(LearnerBuilder b) {
    options.forEach(o -> o.accept(b));
  }

  /** fastai's {@code n_out}; default {@code dls.outputCount()} (the classes, codes or point values). */
  public B nOut(int n) {
    checkArgument(n > 0, "nOut must be positive, got %s", n);
    nOut = n;
    return self();
  }

  /**
   * fastai's {@code pretrained}: freeze the body after creation. Default true for bodies read
   * from ONNX files, false for the built-in architectures (they start from random weights).
   */
  public B pretrained(boolean p) {
    pretrained = p;
    return self();
  }

  /** fastai's {@code metrics}. */
  public B metrics(Metric... m) {
    return option(b -> b.metrics(m));
  }

  /** fastai's {@code loss_func}; default {@code dls.defaultLoss()}, the target block's loss. */
  public B loss(Loss l) {
    return option(b -> b.loss(l));
  }

  /** fastai's {@code opt_func}; default Adam. */
  public B optimizer(OptimizerSpec o) {
    return option(b -> b.optimizer(o));
  }

  /** fastai's {@code cbs}. */
  public B callbacks(Callback... cbs) {
    return option(b -> b.callbacks(cbs));
  }

  /** fastai's {@code path} (checkpoints under {@code path/models}). */
  public B path(Path p) {
    return option(b -> b.path(p));
  }

  /** fastai's {@code lr}. */
  public B lr(double v) {
    return option(b -> b.lr(v));
  }

  /** fastai's {@code wd}. */
  public B wd(double v) {
    return option(b -> b.wd(v));
  }

  /** fastai's {@code train_bn}. */
  public B trainBn(boolean v) {
    return option(b -> b.trainBn(v));
  }

  /** Where to train. */
  public B device(Device d) {
    return option(b -> b.device(d));
  }

  /** Seed of the initial weights. */
  public B seed(long s) {
    return option(b -> b.seed(s));
  }

  /** The backend; default {@link Backend#get()}. */
  public B backend(Backend backend) {
    return option(b -> b.backend(backend));
  }

  /** The progress display; null prints nothing. */
  public B progress(ProgressCallback p) {
    return option(b -> b.progress(p));
  }

  /** Builds the model, compiles it, and freezes the body when pretrained. */
  public abstract Learner build();
}
