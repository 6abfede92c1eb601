package dev.fastj.vision;

import static com.google.common.base.Preconditions.checkArgument;

import dev.fastj.data.DataLoader;
import dev.fastj.data.DataLoaders;
import dev.fastj.data.TensorData;
import dev.fastj.learner.Learner;
import dev.fastj.learner.LearnerBuilder;
import dev.fastj.learner.ParamSplitter;
import dev.fastj.metrics.Metric;
import dev.fastj.nn.Sequential;
import java.util.Arrays;
import java.util.List;

/**
 * A {@link Learner} for segmentation: fastai's {@code unet_learner(dls, arch)}. The model is a
 * {@link DynamicUnet} over {@code arch.body(channels)} with one output channel per code of the
 * {@link MaskBlock}, the loss is the block's {@code CrossEntropyLossFlat} over axis 1 (every pixel), and
 * the parameters fall in fastai's groups: the body before {@code arch.splitAt()}, the rest of the
 * body, and the whole decoder, so that {@code freeze} trains the decoder only and {@code fineTune}
 * works as in fastai. A pretrained body is frozen at creation.
 *
 * <pre>{@code
 * try (Learner learn = UnetLearner.create(dls, Arch.resnet34(), Metrics.foregroundAcc(voidCode))) {
 *   learn.fineTune(8);
 *   MaskTensor m = learn.predict(Path.of("street.png")).mask();   // at the image's own size
 * }
 * }</pre>
 *
 * <p>Any body fastj has works: the built-in {@link Arch#resnet18()}, {@link Arch#resnet34()} and
 * {@link Arch#xresnetSmall()}, whose children give the activations, and bodies read from ONNX files
 * ({@link Arch#fromOnnx(java.nio.file.Path)}, {@link Arch#fromExport(java.nio.file.Path)}). Those are
 * one inlined graph; the backend finds in it, by shape inference at the data's image size, the values
 * every path from the input to the body's output goes through that are the last at their size (fastai's
 * hooks on the children's outputs), and the U-Net inlines the graph with those as extra outputs. A
 * body from a file is pretrained unless told otherwise, so it is frozen at creation as in
 * {@code VisionLearner}: one parameter group for the body, the decoder in the last.
 */
public final class UnetLearner {

  private UnetLearner() {}

  /** fastai's {@code unet_learner(dls, arch, metrics=...)} with every other default. */
  public static Learner create(DataLoaders dls, Arch arch, Metric... metrics) {
    return builder(dls, arch).metrics(metrics).build();
  }

  /** Starts a U-Net learner with options. */
  public static Builder builder(DataLoaders dls, Arch arch) {
    return new Builder(dls, arch);
  }

  /**
   * fastai's splitter for a U-Net over {@code arch}: the encoder's parameters ({@code 0.<child>...})
   * split at {@code arch.splitAt()} into groups 0 and 1, everything after the encoder in group 2.
   */
  static ParamSplitter splitter(Arch arch) {
    return name -> {
      String[] parts = name.split("\\.", 3);
      if (!parts[0].equals("0")) {
        return 2;
      }
      checkArgument(parts.length == 3, "parameter %s is not named like a U-Net encoder's (0.<child>.<name>)", name);
      return Integer.parseInt(parts[1]) < arch.splitAt() ? 0 : 1;
    };
  }

  /**
   * Options of {@code unet_learner}; {@link #build()} compiles the model. {@code nOut} defaults to
   * the number of codes, the loss to the MaskBlock's {@code CrossEntropyLossFlat(axis=1)}, and
   * {@code metrics} are such as {@code Metrics.foregroundAcc(voidCode)} and
   * {@code Metrics.diceMulti()}.
   */
  public static final class Builder extends LearnerOptions<Builder> {

    private Builder(DataLoaders dls, Arch arch) {
      super(dls, arch);
    }

    /**
     * Checks the data and the body, builds the U-Net, compiles it, and freezes the body when pretrained
     * (by default a body from an ONNX file or an export).
     *
     * @throws IllegalArgumentException when the targets are not masks, or a body from a file cannot be
     *     hooked (no change of image size that every path goes through); the message names the values
     */
    @Override
    public Learner build() {
      long[] shape = dls.inputShape();
      checkArgument(shape.length == 3, "a U-Net needs image inputs (channels, height, width), got shape %s",
          Arrays.toString(shape));
      checkMaskTargets(dls);
      int out = nOut != null ? nOut : dls.outputCount();
      Sequential body = arch instanceof OnnxArch onnx ? onnx.unetBody(shape) : arch.body((int) shape[0]);
      DynamicUnet model = new DynamicUnet(body, out);
      LearnerBuilder b = Learner.builder(dls, model).splitter(splitter(arch));
      applyTo(b);
      Learner learn = b.build();
      if (pretrained != null ? pretrained : arch instanceof OnnxArch) {
        learn.freeze();
      }
      return learn;
    }
  }

  private static void checkMaskTargets(DataLoaders dls) {
    DataLoader train = dls.train();
    checkArgument(train.itemCount() > 0, "the training set is empty; a U-Net needs images with masks");
    List<TensorData> t = train.target(0);
    boolean mask = t.size() == 1 && t.get(0).dtype() == TensorData.DType.INT64 && t.get(0).rank() == 2;
    checkArgument(mask, "UnetLearner needs a mask per image (MaskBlock.create(codes) as the target block), but item "
        + "%s has targets %s; for classes use VisionLearner", train.describeItem(0),
        t.stream().map(d -> d.dtype() + Arrays.toString(d.shape())).toList());
  }
}
