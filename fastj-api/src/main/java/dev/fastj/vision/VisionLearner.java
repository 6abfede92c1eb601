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
import dev.fastj.nn.Sequential;
import dev.fastj.optim.OptimizerSpec;
import dev.fastj.spi.Backend;
import dev.fastj.spi.Device;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A {@link Learner} for images with a convolutional body and fastai's head: fastai's
 * {@code vision_learner} (formerly {@code cnn_learner}). The model is
 * {@code Sequential(arch.body(channels), Heads.createHead(arch.bodyFeatures(), nOut))} and its
 * parameters fall in fastai's three groups (body before {@code arch.splitAt()}, the rest of the
 * body, the head), so {@code fineTune} and discriminative learning rates work as in fastai. A
 * pretrained body (an {@link Arch#fromOnnx} file or {@link Arch#fromExport} export) is frozen at
 * creation, as fastai does.
 *
 * <pre>{@code
 * try (Learner learn = VisionLearner.create(dls, Arch.resnet18(), Metrics.errorRate())) {
 *   learn.fineTune(2);
 * }
 * }</pre>
 */
public final class VisionLearner {

  private VisionLearner() {}

  /** fastai's {@code vision_learner(dls, arch, metrics=...)} with every other default. */
  public static Learner create(DataLoaders dls, Arch arch, Metric... metrics) {
    return builder(dls, arch).metrics(metrics).build();
  }

  /** Starts a vision learner with options (head, loss, optimizer, pretrained...). */
  public static Builder builder(DataLoaders dls, Arch arch) {
    return new Builder(dls, arch);
  }

  /** Options of {@code vision_learner}; {@link #build()} compiles the model. */
  public static final class Builder {
    private final DataLoaders dls;
    private final Arch arch;
    private HeadOptions head;
    private Integer nOut;
    private Boolean pretrained;
    private double[] yRange;
    // Learner options wait here: the Learner's builder needs the model, which needs head and nOut
    private final List<Consumer<LearnerBuilder>> options = new ArrayList<>();

    private Builder(DataLoaders dls, Arch arch) {
      this.dls = checkNotNull(dls, "dls");
      this.arch = checkNotNull(arch, "arch");
    }

    /**
     * fastai's head arguments ({@code lin_ftrs}, {@code ps}, {@code concat_pool}, ...). Default:
     * fastai's {@link HeadOptions#defaults()} on a pretrained body, {@link HeadOptions#scratch()}
     * (pool and one linear layer) on one trained from scratch.
     */
    public Builder head(HeadOptions h) {
      head = checkNotNull(h, "head");
      return this;
    }

    /** fastai's {@code n_out}; default {@code dls.outputCount()}. */
    public Builder nOut(int n) {
      checkArgument(n > 0, "nOut must be positive, got %s", n);
      nOut = n;
      return this;
    }

    /**
     * fastai's {@code y_range}: the head ends with {@code SigmoidRange(low, high)}, for regression
     * targets. A {@link PointBlock} target gets {@code yRange(-1, 1)} when none is given, the range
     * its points are scaled to (fastai's {@code PointScaler}).
     */
    public Builder yRange(double low, double high) {
      checkArgument(low < high, "yRange needs low < high, got %s and %s", low, high);
      yRange = new double[] {low, high};
      return this;
    }

    /**
     * fastai's {@code pretrained}: freeze the body after creation. Default true for bodies read
     * from ONNX files, false for the built-in architectures (they start from random weights).
     */
    public Builder pretrained(boolean p) {
      pretrained = p;
      return this;
    }

    /** fastai's {@code metrics}. */
    public Builder metrics(Metric... m) {
      options.add(b -> b.metrics(m));
      return this;
    }

    /** fastai's {@code loss_func}; default {@code dls.defaultLoss()}. */
    public Builder loss(Loss l) {
      options.add(b -> b.loss(l));
      return this;
    }

    /** fastai's {@code opt_func}; default Adam. */
    public Builder optimizer(OptimizerSpec o) {
      options.add(b -> b.optimizer(o));
      return this;
    }

    /** fastai's {@code cbs}. */
    public Builder callbacks(Callback... cbs) {
      options.add(b -> b.callbacks(cbs));
      return this;
    }

    /** fastai's {@code path} (checkpoints under {@code path/models}). */
    public Builder path(Path p) {
      options.add(b -> b.path(p));
      return this;
    }

    /** fastai's {@code lr}. */
    public Builder lr(double v) {
      options.add(b -> b.lr(v));
      return this;
    }

    /** fastai's {@code wd}. */
    public Builder wd(double v) {
      options.add(b -> b.wd(v));
      return this;
    }

    /** fastai's {@code train_bn}. */
    public Builder trainBn(boolean v) {
      options.add(b -> b.trainBn(v));
      return this;
    }

    /** Where to train. */
    public Builder device(Device d) {
      options.add(b -> b.device(d));
      return this;
    }

    /** Seed of the initial weights. */
    public Builder seed(long s) {
      options.add(b -> b.seed(s));
      return this;
    }

    /** The backend; default {@link Backend#get()}. */
    public Builder backend(Backend backend) {
      options.add(b -> b.backend(backend));
      return this;
    }

    /** The progress display; null prints nothing. */
    public Builder progress(ProgressCallback p) {
      options.add(b -> b.progress(p));
      return this;
    }

    /**
     * Builds the model, compiles it, and freezes the body when pretrained. The target is checked
     * against the head first: a {@link MaskBlock} target is refused (segmentation takes
     * {@code UnetLearner}), a {@link PointBlock} target gets {@code yRange(-1, 1)} unless given
     * one, and a class target refuses a {@code yRange} or an {@code nOut} other than its classes.
     */
    public Learner build() {
      long[] shape = dls.inputShape();
      checkArgument(shape.length == 3, "vision learners need image inputs (channels, height, width), got shape %s",
          java.util.Arrays.toString(shape));
      int out = nOut != null ? nOut : dls.outputCount();
      checkArgument(out > 0, "the data has %s outputs; pass nOut(...)", out);
      boolean freeze = pretrained != null ? pretrained : arch instanceof OnnxArch;
      HeadOptions h = head != null ? head : freeze ? HeadOptions.defaults() : HeadOptions.scratch();
      h = TargetCheck.head(dls, h, yRange, nOut);
      Sequential model = arch.createModel((int) shape[0], out, h);
      LearnerBuilder b = Learner.builder(dls, model).splitter(arch::paramGroup);
      options.forEach(o -> o.accept(b));
      Learner learn = b.build();
      if (freeze) {
        learn.freeze();
      }
      return learn;
    }
  }
}
