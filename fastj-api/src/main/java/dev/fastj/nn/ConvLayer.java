package dev.fastj.nn;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.List;

/**
 * fastai's {@code ConvLayer(ni, nf, ks, stride)}: a {@link Conv2d} with padding {@code (ks-1)/2}, no
 * bias and kaiming-normal weights, then fastai's {@code BatchNorm} (bias 1e-3; weight 0 with {@link #withZeroBn}, as
 * {@code norm_type=NormType.BatchZero}), then {@code ReLU} unless {@link #withAct} turns it off.
 * Children are named as fastai's: {@code 0} conv, {@code 1} norm, {@code 2} activation.
 *
 * @param inChannels channels of the input
 * @param outChannels channels of the output
 * @param kernelSize odd kernel size
 * @param stride step of the kernel
 * @param act whether a ReLU follows
 * @param zeroBn whether the BatchNorm weight starts at 0
 */
public record ConvLayer(int inChannels, int outChannels, int kernelSize, int stride, boolean act,
    boolean zeroBn) implements Module {

  /** Creates the layer, checking every value; the static factories give the defaults. */
  public ConvLayer {
    checkArgument(kernelSize > 0 && kernelSize % 2 == 1,
        "ConvLayer kernelSize must be odd and positive for 'same' padding, got %s", kernelSize);
  }

  /** {@code ConvLayer(ni, nf, ks=3, stride=1)}. */
  public static ConvLayer of(int inChannels, int outChannels) {
    return new ConvLayer(inChannels, outChannels, 3, 1, true, false);
  }

  /** {@code ConvLayer(ni, nf, ks, stride)}. */
  public static ConvLayer of(int inChannels, int outChannels, int kernelSize, int stride) {
    return new ConvLayer(inChannels, outChannels, kernelSize, stride, true, false);
  }

  /** A copy with or without the ReLU ({@code act_cls=None}). */
  public ConvLayer withAct(boolean a) {
    return new ConvLayer(inChannels, outChannels, kernelSize, stride, a, zeroBn);
  }

  /** A copy whose BatchNorm weight starts at 0 ({@code NormType.BatchZero}). */
  public ConvLayer withZeroBn(boolean z) {
    return new ConvLayer(inChannels, outChannels, kernelSize, stride, act, z);
  }

  /** The same layers as a {@link Sequential}. */
  public Sequential toSequential() {
    List<Module> layers = new ArrayList<>();
    layers.add(new Conv2d(inChannels, outChannels, kernelSize, stride, (kernelSize - 1) / 2, 1, 1, false,
        WeightInit.KAIMING_NORMAL));
    layers.add(BatchNorm2d.fastai(outChannels).withZeroInit(zeroBn));
    if (act) {
      layers.add(ReLU.create());
    }
    return Sequential.of(layers);
  }

  @Override
  public Var forward(Emitter e, Var x) {
    return toSequential().forward(e, x);
  }

  @Override
  public String describe() {
    return "ConvLayer(" + inChannels + ", " + outChannels + ", ks=" + kernelSize + ", stride=" + stride + ")";
  }
}
