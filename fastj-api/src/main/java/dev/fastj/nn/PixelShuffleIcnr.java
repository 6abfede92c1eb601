package dev.fastj.nn;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;
import java.util.Map;

/**
 * fastai's {@code PixelShuffle_ICNR(ni, nf, scale)} as its U-Net uses it ({@code norm_type=None}): a
 * 1x1 convolution with bias to {@code nf * scale^2} channels whose weight starts with
 * {@link Init.Icnr} and whose bias starts at 0, a ReLU, then {@link PixelShuffle}. Upsamples
 * {@code [N, ni, H, W]} to {@code [N, nf, H * scale, W * scale]}, and starts as a nearest-neighbour
 * upsampling of one convolution. Names as fastai's: {@code 0.0.weight}, {@code 0.0.bias}
 * (the conv layer's conv), {@code 1} the shuffle.
 *
 * @param inChannels ni
 * @param outChannels nf
 * @param scale the upscale factor (2 in a U-Net)
 */
public record PixelShuffleIcnr(int inChannels, int outChannels, int scale) implements Module {

  /** Creates the layer, checking every value. */
  public PixelShuffleIcnr {
    checkArgument(inChannels > 0 && outChannels > 0, "PixelShuffleIcnr channels must be positive, got %s -> %s",
        inChannels, outChannels);
    checkArgument(scale > 0, "PixelShuffleIcnr scale must be positive, got %s", scale);
  }

  /** {@code PixelShuffle_ICNR(ni, nf, scale=2)}. */
  public static PixelShuffleIcnr of(int inChannels, int outChannels) {
    return new PixelShuffleIcnr(inChannels, outChannels, 2);
  }

  @Override
  public Var forward(Emitter e, Var x) {
    Shapes.checkRank(this, x, 4);
    Shapes.checkDim(this, x, 1, inChannels, "input channels (inChannels)");
    int wide = outChannels * scale * scale;
    Var conv = e.scoped("0", () -> e.scoped("0", () -> {
      Var w = e.param("weight", Shapes.of(wide, inChannels, 1, 1), new Init.Icnr(inChannels, scale), ParamRole.WEIGHT);
      Var b = e.param("bias", Shapes.of(wide), Init.zeros(), ParamRole.BIAS);
      return e.op("Conv", List.of(x, w, b), Map.of("kernel_shape", new long[] {1, 1}));
    }));
    Var act = e.op("Relu", conv);
    return e.scoped("1", () -> PixelShuffle.of(scale).forward(e, act));
  }

  @Override
  public String describe() {
    return "PixelShuffle_ICNR(" + inChannels + ", " + outChannels + ", scale=" + scale + ")";
  }
}
