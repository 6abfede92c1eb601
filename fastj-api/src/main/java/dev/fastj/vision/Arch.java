package dev.fastj.vision;

import static com.google.common.base.Preconditions.checkArgument;

import dev.fastj.learner.ExportedBody;
import dev.fastj.nn.Module;
import dev.fastj.nn.Sequential;
import dev.fastj.spi.Backend;
import java.nio.file.Path;

/**
 * A convolutional architecture for {@link dev.fastj.vision} learners, already cut before its pooling
 * and classifier (fastai's {@code create_body(arch, cut)}): the body, its number of output channels
 * and where its second parameter group starts. fastai's {@code vision_learner} puts
 * {@link Heads#createHead} after it.
 *
 * <pre>{@code
 * Arch arch = Arch.resnet18();
 * Sequential model = arch.createModel(3, 10);   // Sequential(body, head), as create_vision_model
 * }</pre>
 */
public interface Arch {

  /** A short name such as {@code resnet18}. */
  String name();

  /** The body for images with {@code inChannels} channels ({@code create_body(arch, n_in=...)}). */
  Sequential body(int inChannels);

  /** The number of channels the body outputs (fastai's {@code num_features_model}). */
  int bodyFeatures();

  /**
   * Index of the body child where the second parameter group starts: the groups are
   * {@code body[:splitAt]}, {@code body[splitAt:]} and the head (fastai's {@code _resnet_split} is 6).
   */
  int splitAt();

  /** {@code create_vision_model(arch, n_out, n_in=inChannels)}: {@code Sequential(body, createHead(...))}. */
  default Sequential createModel(int inChannels, int nOut) {
    return createModel(inChannels, nOut, HeadOptions.defaults());
  }

  /** {@link #createModel(int, int)} with head options. */
  default Sequential createModel(int inChannels, int nOut, HeadOptions head) {
    Module h = Heads.createHead(bodyFeatures(), nOut, head);
    return Sequential.of(body(inChannels), h);
  }

  /**
   * The parameter group (0, 1 or 2) of a parameter of a model built by {@link #createModel}, from its
   * full name: {@code 0.<i>...} is group 0 when {@code i < splitAt()} and group 1 otherwise (the body),
   * {@code 1...} is group 2 (the head). fastai's {@code _resnet_split}: body[:6] | body[6:] | head.
   */
  default int paramGroup(String paramName) {
    String[] parts = paramName.split("\\.", 3);
    if (parts.length >= 2 && parts[0].equals("1")) {
      return 2;
    }
    if (parts.length >= 3 && parts[0].equals("0")) {
      try {
        return Integer.parseInt(parts[1]) < splitAt() ? 0 : 1;
      } catch (NumberFormatException ignored) {
        // fall through to the error below
      }
    }
    throw new IllegalArgumentException("parameter " + paramName + " is not named like a model of createModel "
        + "(0.<body child>.<name> or 1.<name>); build the model with Arch.createModel");
  }

  /** torchvision's {@code resnet18} cut before {@code avgpool}: 11,176,512 parameters for 3 channels, 512 features. */
  static Arch resnet18() {
    return new ResNetArch("resnet18", new int[] {2, 2, 2, 2});
  }

  /** torchvision's {@code resnet34} cut before {@code avgpool}: 21,284,672 parameters for 3 channels, 512 features. */
  static Arch resnet34() {
    return new ResNetArch("resnet34", new int[] {3, 4, 6, 3});
  }

  /**
   * A small residual net for 28 to 64 pixel images, in the spirit of fastai's {@code xresnet}: a stem
   * of three 3x3 {@code ConvLayer}s (16, 32, 32 channels; the second with stride 2), then three stages of one
   * {@code ResBlock} each (32, 64, 128 channels, stride 2), kaiming-normal init and zero-initialised
   * last BatchNorms: about 0.32M parameters, 128 features, split at 3 (stem | stages | head, as
   * fastai's {@code _xresnet_split}).
   */
  static Arch xresnetSmall() {
    return new XResNetSmallArch();
  }

  /**
   * A body read from a standard ONNX file (for example a torchvision model exported with
   * {@code torch.onnx.export}), cut at the value named {@code cutOutput} (null: the model's graph
   * output), which must have {@code bodyFeatures} channels. The file's input channels must match the
   * data's. The whole inlined graph is one body child, so {@code splitAt} is 1: the body is the first
   * parameter group, the second is empty, the head is the third. Only the nodes the cut output
   * depends on are kept (a classifier after the cut is dropped).
   */
  static Arch fromOnnx(Path file, int bodyFeatures, String cutOutput) {
    return new OnnxArch("onnx:" + file.getFileName(), file, bodyFeatures, cutOutput, 0);
  }

  /** {@link #fromOnnx(Path, int, String)} with the model's own graph output as the cut. */
  static Arch fromOnnx(Path file, int bodyFeatures) {
    return fromOnnx(file, bodyFeatures, null);
  }

  /**
   * {@link #fromOnnx(Path, int, String)} with the number of features read from the file: the
   * backend ({@link Backend#get()}) infers the shape of {@code cutOutput} for the file's declared
   * input and takes its channels (dimension 1 of a batch, channels, height, width map).
   *
   * @throws IllegalStateException when no backend is on the class path
   * @throws IllegalArgumentException when the shape cannot be inferred; then pass the features
   */
  static Arch fromOnnx(Path file, String cutOutput) {
    long[] shape = Backend.get().onnxOutputShape(file, cutOutput, null);
    String what = cutOutput == null ? "the output" : cutOutput;
    checkArgument(shape == null || shape.length == 4, "%s of %s has shape %s, not an image feature map (batch, "
        + "channels, height, width); cut the model before its pooling with Arch.fromOnnx(file, cutOutput)", what,
        file.getFileName(), java.util.Arrays.toString(shape));
    checkArgument(shape != null && shape[1] > 0, "could not tell the channels of %s in %s (shape %s); pass them with "
        + "Arch.fromOnnx(file, features%s)", what, file, java.util.Arrays.toString(shape),
        cutOutput == null ? "" : ", cutOutput");
    return fromOnnx(file, (int) shape[1], cutOutput);
  }

  /**
   * The body of the image model in a standard ONNX file, cut where fastai's
   * {@code create_body(model)} would: before the last global pooling (and the classifier after
   * it) of a whole classifier such as an exported torchvision resnet18, or at the graph output of
   * a file that already ends in a feature map. The backend finds the cut
   * ({@link Backend#onnxBodyCut}) and the features; {@link #fromOnnx(Path, String)} names a cut.
   *
   * <pre>{@code
   * Learner learn = VisionLearner.create(dls, Arch.fromOnnx(Path.of("resnet18.onnx")), Metrics.errorRate());
   * learn.fineTune(3);
   * }</pre>
   *
   * @throws IllegalArgumentException when the file has no global pooling and does not end in a
   *     feature map; the message names values to cut at
   */
  static Arch fromOnnx(Path file) {
    return fromOnnx(file, Backend.get().onnxBodyCut(file));
  }

  /**
   * The body of a model exported by {@link dev.fastj.learner.Learner#export} from a
   * {@link VisionLearner}, with its trained weights: everything before fastai's head, cut exactly
   * where the export recorded that the body ends, with the channels recorded there. Like
   * {@link #fromOnnx} bodies it is pretrained (a VisionLearner freezes it at creation) and one
   * parameter group. The export's ONNX model is extracted to a temporary file that lives as long as
   * this JVM; the images must have the channels the export was trained on.
   *
   * <pre>{@code
   * learn.export(Path.of("first-five.fastj"));
   * Learner next = VisionLearner.create(otherDls, Arch.fromExport(Path.of("first-five.fastj")), Metrics.accuracy());
   * next.fineTune(3);
   * }</pre>
   *
   * @throws IllegalArgumentException when the file is not an export of a vision learner, or an export by an
   *     older fastj that did not record the body (export again)
   */
  static Arch fromExport(Path exportFile) {
    Path onnx;
    try {
      onnx = java.nio.file.Files.createTempFile("fastj-body", ".onnx");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("could not create a temporary file for the body of " + exportFile
          + ": " + e.getMessage(), e);
    }
    onnx.toFile().deleteOnExit();
    ExportedBody body = ExportedBody.extract(exportFile, onnx);
    return new OnnxArch("export:" + exportFile.getFileName(), onnx, body.features(), body.output(),
        body.inChannels());
  }
}
