package dev.fastj.vision;

import static com.google.common.base.Preconditions.checkArgument;

import dev.fastj.nn.BatchNorm2d;
import dev.fastj.nn.Conv2d;
import dev.fastj.nn.Emitter;
import dev.fastj.nn.Module;
import dev.fastj.nn.PixelShuffleIcnr;
import dev.fastj.nn.ReLU;
import dev.fastj.nn.Sequential;
import dev.fastj.nn.Var;
import dev.fastj.nn.WeightInit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * fastai's {@code DynamicUnet(encoder, n_out, img_size)} with its defaults (no blur, no self-attention,
 * {@code last_cross=True}, {@code norm_type=None} in the decoder): a U-Net built around any body
 * whose children change the image size.
 *
 * <p>The encoder's children run in order; wherever the size of the activation changes from one child
 * to the next, the first one's output is kept as a skip connection (fastai's
 * {@code _get_sz_change_idxs} and hooks). A body read from an ONNX file is one child that gives
 * several activations: {@code UnetLearner} inlines it with the values where its image size changes
 * as extra outputs (found by the backend's shape inference), and those count as children's outputs. After the encoder come fastai's BatchNorm, ReLU and middle
 * conv (two 3x3 conv layers, to twice the channels and back), then one {@link UnetBlock} per skip,
 * deepest first; a last {@link PixelShuffleIcnr} when the first skip is smaller than the input, a nearest
 * resize to the input's size if still needed, the input concatenated ({@code MergeLayer(dense=True)}),
 * a residual block over that ({@code last_cross}), and a 1x1 conv to {@code nOut} channels. The
 * output is {@code [N, nOut, H, W]} at the input's size.
 *
 * <p>Children are numbered as fastai's {@code SequentialEx}: {@code 0} the encoder, {@code 1} its
 * BatchNorm, {@code 2} ReLU, {@code 3} the middle conv, {@code 4...} the blocks, then the optional
 * shuffle, the resize, the merge, the residual block and the final conv. Decoder conv layers are
 * fastai's {@code ConvLayer(norm_type=None)}: a conv with bias and kaiming-normal weights, then ReLU.
 *
 * <p>The layout depends on the activation sizes, so the input's height and width must be static
 * (as fastai's {@code img_size}); the batch may be symbolic.
 *
 * @param encoder the body, a {@link Sequential} whose children change the image size
 * @param nOut the output channels (the number of codes)
 */
public record DynamicUnet(Sequential encoder, int nOut) implements Module {

  /** Creates the model, checking every value. */
  public DynamicUnet {
    checkArgument(encoder != null, "DynamicUnet encoder is null");
    checkArgument(nOut > 0, "DynamicUnet nOut must be positive, got %s", nOut);
  }

  @Override
  public Var forward(Emitter e, Var x) {
    checkArgument(x.rank() == 4 && x.dim(1) > 0 && x.dim(2) > 0 && x.dim(3) > 0, "a U-Net needs an image input "
        + "[N, C, H, W] with static channels, height and width, got %s", x.shape() == null ? "an unknown shape"
        : Arrays.toString(x.shape()));
    List<Var> acts = e.scoped("0", () -> encoderActivations(e, x));
    List<Integer> skips = sizeChanges(acts);
    Var h = acts.get(acts.size() - 1);
    int ni = (int) h.dim(1);
    Var hb = h;
    h = e.scoped("1", () -> BatchNorm2d.fastai(ni).forward(e, hb));
    h = e.op("Relu", h);
    Var hm = h;
    h = e.scoped("3", () -> Sequential.of(convLayer(ni, ni * 2, 3, true), convLayer(ni * 2, ni, 3, true))
        .forward(e, hm));
    int child = 4;
    for (int j = skips.size() - 1; j >= 0; j--) {
      Var skip = acts.get(skips.get(j));
      UnetBlock block = new UnetBlock((int) h.dim(1), (int) skip.dim(1), j != 0);
      Var up = h;
      h = e.scoped(Integer.toString(child++), () -> block.forward(e, up, skip));
    }
    if (acts.get(0).dim(2) != x.dim(2) || acts.get(0).dim(3) != x.dim(3)) {
      Var last = h;
      int c = (int) h.dim(1);
      h = e.scoped(Integer.toString(child++), () -> PixelShuffleIcnr.of(c, c).forward(e, last));
    }
    child++;
    h = resizeTo(e, h, x.dim(2), x.dim(3));
    child++;
    h = e.op("Concat", List.of(h, x), Map.of("axis", 1L));
    int merged = (int) h.dim(1);
    Var cross = h;
    h = e.scoped(Integer.toString(child++), () -> residual(e, cross, merged));
    Var fin = h;
    return e.scoped(Integer.toString(child), () -> convLayer(merged, nOut, 1, false).forward(e, fin));
  }

  private List<Var> encoderActivations(Emitter e, Var x) {
    List<Var> acts = new ArrayList<>();
    Var h = x;
    for (int i = 0; i < encoder.size(); i++) {
      Module m = encoder.get(i);
      Var in = h;
      List<Var> out = e.scoped(Integer.toString(i), () -> m instanceof HookedOnnxBody hooked
          ? hooked.forwardAll(e, in) : List.of(m.forward(e, in)));
      for (Var a : out) {
        checkArgument(a.rank() == 4 && a.dim(2) > 0 && a.dim(3) > 0, "a U-Net needs the static size of every "
            + "encoder child's output, but child %s (%s) gives %s for %s; use a body of fastj modules "
            + "(Arch.resnet34(), Arch.xresnetSmall()) whose children output image maps, or one read with "
            + "Arch.fromOnnx", i, m.describe(), a.shape() == null ? "an unknown shape" : Arrays.toString(a.shape()),
            a.name());
      }
      acts.addAll(out);
      h = out.get(out.size() - 1);
    }
    return acts;
  }

  /**
   * fastai's {@code _get_sz_change_idxs}: activations whose size differs from the next one's (fastai
   * compares widths; the height counts too, for images that are not square).
   */
  private List<Integer> sizeChanges(List<Var> acts) {
    List<Integer> idx = new ArrayList<>();
    for (int i = 0; i + 1 < acts.size(); i++) {
      if (acts.get(i).dim(2) != acts.get(i + 1).dim(2) || acts.get(i).dim(3) != acts.get(i + 1).dim(3)) {
        idx.add(i);
      }
    }
    checkArgument(!idx.isEmpty(), "the encoder's children never change the image size (widths %s), so a U-Net has "
        + "nothing to upsample; use a body that downsamples in several children, such as Arch.resnet34()",
        acts.stream().map(a -> a.dim(3)).toList());
    return idx;
  }

  /**
   * {@code F.interpolate(x, size, mode='nearest')} when the size differs, else {@code x}. The scales are
   * constants (the Resize gradient rule needs them, and the batch stays symbolic): {@code (size + 1/4) / in},
   * so that ONNX's {@code floor(in * scale)} is exactly the size in float32, and the source pixel of
   * output {@code o} is {@code floor(o * in / (size + 1/4))}, PyTorch's {@code floor(o * in / size)}
   * but for a rare pixel at a block's edge.
   */
  static Var resizeTo(Emitter e, Var x, long height, long width) {
    if (x.dim(2) == height && x.dim(3) == width) {
      return x;
    }
    float[] scales = {1f, 1f, (float) ((height + 0.25) / x.dim(2)), (float) ((width + 0.25) / x.dim(3))};
    return e.op("Resize", Arrays.asList(x, null, e.constant(scales, 4)), Map.of("mode", "nearest",
        "coordinate_transformation_mode", "asymmetric", "nearest_mode", "floor"));
  }

  /** fastai's {@code ConvLayer(ni, nf, ks, norm_type=None)}: a conv with bias, then ReLU when {@code act}. */
  static Sequential convLayer(int ni, int nf, int ks, boolean act) {
    Conv2d conv = new Conv2d(ni, nf, ks, 1, (ks - 1) / 2, 1, 1, true, WeightInit.KAIMING_NORMAL);
    return act ? Sequential.of(conv, ReLU.create()) : Sequential.of(conv);
  }

  /**
   * fastai's {@code ResBlock(1, ni, ni, norm_type=None)}: {@code relu(conv2(relu(conv1(x))) + x)} with
   * 3x3 convs with bias, named {@code convpath.0} and {@code convpath.1}.
   */
  private static Var residual(Emitter e, Var x, int ni) {
    Var path = e.scoped("convpath", () -> Sequential.of(convLayer(ni, ni, 3, true), convLayer(ni, ni, 3, false))
        .forward(e, x));
    return e.op("Relu", e.op("Add", path, x));
  }

  @Override
  public String describe() {
    return "DynamicUnet(" + encoder.describe() + ", n_out=" + nOut + ")";
  }

  /**
   * fastai's {@code UnetBlock(up_in_c, x_in_c, hook, final_div)}: the input upsampled by a
   * {@link PixelShuffleIcnr} to half its channels ({@code shuf}), resized to the skip's size if they
   * differ, concatenated with the skip through BatchNorm ({@code bn}), a ReLU, then two 3x3 conv
   * layers ({@code conv1}, {@code conv2}) to as many channels as the concatenation, or half as many
   * in the last block.
   *
   * @param upIn channels of the input from below
   * @param skipIn channels of the skip connection
   * @param finalDiv false for the last block (fastai's {@code final_div=not_final})
   */
  record UnetBlock(int upIn, int skipIn, boolean finalDiv) {

    Var forward(Emitter e, Var up, Var skip) {
      Var shuffled = e.scoped("shuf", () -> PixelShuffleIcnr.of(upIn, upIn / 2).forward(e, up));
      shuffled = resizeTo(e, shuffled, skip.dim(2), skip.dim(3));
      Var normed = e.scoped("bn", () -> BatchNorm2d.fastai(skipIn).forward(e, skip));
      Var cat = e.op("Relu", e.op("Concat", List.of(shuffled, normed), Map.of("axis", 1L)));
      int ni = upIn / 2 + skipIn;
      int nf = finalDiv ? ni : ni / 2;
      Var c1 = e.scoped("conv1", () -> convLayer(ni, nf, 3, true).forward(e, cat));
      return e.scoped("conv2", () -> convLayer(nf, nf, 3, true).forward(e, c1));
    }
  }
}
