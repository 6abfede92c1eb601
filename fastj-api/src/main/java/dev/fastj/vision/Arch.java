package dev.fastj.vision;

import dev.fastj.nn.Module;
import dev.fastj.nn.Sequential;
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
   * parameter group, the second is empty, the head is the third.
   */
  static Arch fromOnnx(Path file, int bodyFeatures, String cutOutput) {
    return new OnnxArch(file, bodyFeatures, cutOutput);
  }

  /** {@link #fromOnnx(Path, int, String)} with the model's own graph output as the cut. */
  static Arch fromOnnx(Path file, int bodyFeatures) {
    return new OnnxArch(file, bodyFeatures, null);
  }
}
