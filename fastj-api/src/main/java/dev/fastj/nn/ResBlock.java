package dev.fastj.nn;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * The basic residual block of ResNet-18/34 (torchvision's {@code BasicBlock}):
 * {@code relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x))}, 3x3 convolutions without bias, the
 * first with the block's stride. The shortcut is the identity, or a 1x1 convolution with the stride
 * followed by BatchNorm (named {@code downsample.0}, {@code downsample.1}) when the stride or the
 * channel count changes. Parameter names follow torchvision ({@code conv1.weight}, {@code bn1.weight},
 * ..., {@code downsample.0.weight}), so a torchvision state dict maps onto them.
 *
 * <p>Defaults: torchvision's weight init ({@link WeightInit#KAIMING_NORMAL_FAN_OUT}) and fastai's
 * zero init of {@code bn2}'s weight, so each block starts as the identity ({@link #withZeroInitLastBn}).
 * The final {@code Add} and {@code Relu} are plain ONNX operators.
 *
 * @param inChannels channels of the input
 * @param outChannels channels of the output
 * @param stride stride of the first convolution and the shortcut
 * @param zeroInitLastBn whether bn2 starts at 0
 * @param init how the convolutions start
 */
public record ResBlock(int inChannels, int outChannels, int stride, boolean zeroInitLastBn, WeightInit init)
    implements Module {

  /** Creates the layer, checking every value; the static factories give the defaults. */
  public ResBlock {
    checkArgument(inChannels > 0 && outChannels > 0, "ResBlock channels must be positive, got %s -> %s",
        inChannels, outChannels);
    checkArgument(stride > 0, "ResBlock stride must be positive, got %s", stride);
    checkArgument(init != null, "ResBlock init is null");
  }

  /** A basic block from {@code inChannels} to {@code outChannels} with {@code stride}. */
  public static ResBlock of(int inChannels, int outChannels, int stride) {
    return new ResBlock(inChannels, outChannels, stride, true, WeightInit.KAIMING_NORMAL_FAN_OUT);
  }

  /** A copy whose {@code bn2} weight starts at 0 ({@code true}, fastai) or 1 (torchvision). */
  public ResBlock withZeroInitLastBn(boolean z) {
    return new ResBlock(inChannels, outChannels, stride, z, init);
  }

  /** A copy whose convolutions are initialised with {@code i}. */
  public ResBlock withInit(WeightInit i) {
    return new ResBlock(inChannels, outChannels, stride, zeroInitLastBn, i);
  }

  /** True when the shortcut needs a 1x1 convolution and BatchNorm. */
  public boolean hasDownsample() {
    return stride != 1 || inChannels != outChannels;
  }

  private Conv2d conv(int in, int out, int k, int s) {
    return new Conv2d(in, out, k, s, (k - 1) / 2, 1, 1, false, init);
  }

  @Override
  public Var forward(Emitter e, Var x) {
    Shapes.checkRank(this, x, 4);
    Shapes.checkDim(this, x, 1, inChannels, "input channels (inChannels)");
    Var h = e.scoped("conv1", () -> conv(inChannels, outChannels, 3, stride).forward(e, x));
    Var h1 = e.scoped("bn1", () -> BatchNorm2d.of(outChannels).forward(e, h));
    Var a = e.op("Relu", h1);
    Var h2 = e.scoped("conv2", () -> conv(outChannels, outChannels, 3, 1).forward(e, a));
    Var h3 = e.scoped("bn2", () -> BatchNorm2d.of(outChannels).withZeroInit(zeroInitLastBn).forward(e, h2));
    Var shortcut = hasDownsample()
        ? e.scoped("downsample",
            () -> Sequential.of(conv(inChannels, outChannels, 1, stride), BatchNorm2d.of(outChannels)).forward(e, x))
        : x;
    return e.op("Relu", e.op("Add", h3, shortcut));
  }

  @Override
  public String describe() {
    return "ResBlock(" + inChannels + " -> " + outChannels + (stride != 1 ? ", stride=" + stride : "") + ")";
  }
}
