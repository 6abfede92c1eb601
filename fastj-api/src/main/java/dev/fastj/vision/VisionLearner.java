package dev.fastj.vision;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.fastj.data.DataLoaders;
import dev.fastj.learner.Learner;
import dev.fastj.learner.LearnerBuilder;
import dev.fastj.metrics.Metric;
import dev.fastj.nn.Sequential;

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
  public static final class Builder extends LearnerOptions<Builder> {
    private HeadOptions head;
    private double[] yRange;

    private Builder(DataLoaders dls, Arch arch) {
      super(dls, arch);
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
     * Builds the model, compiles it, and freezes the body when pretrained. The target is checked
     * against the head first: a {@link MaskBlock} target is refused (segmentation takes
     * {@code UnetLearner}), a {@link PointBlock} target gets {@code yRange(-1, 1)} unless given
     * one, and a class target refuses a {@code yRange} or an {@code nOut} other than its classes.
     */
    @Override
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
      applyTo(b);
      Learner learn = b.build();
      if (freeze) {
        learn.freeze();
      }
      return learn;
    }
  }
}
