package dev.fastj.nn;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A 2-d convolution over {@code [N, C, H, W]}, mirroring PyTorch's {@code nn.Conv2d}: square
 * kernel, stride, zero padding, dilation and groups (depthwise when {@code groups == inChannels}).
 * Weight {@code [outChannels, inChannels/groups, k, k]} named {@code weight}, bias
 * {@code [outChannels]} named {@code bias}.
 *
 * <p>{@link #of} gives PyTorch's defaults (bias, {@link WeightInit#TORCH_DEFAULT}); fastai's
 * {@code ConvLayer} style is {@code withBias(false).withInit(WeightInit.KAIMING_NORMAL)} and
 * padding {@code (k-1)/2}, see {@link ConvLayer}.
 *
 * <p>Emits {@code Conv(x, weight[, bias]; kernel_shape=[k,k], strides=[s,s], pads=[p,p,p,p],
 * dilations=[d,d], group=g)}.
 *
 * @param inChannels channels of the input
 * @param outChannels channels of the output
 * @param kernelSize height and width of the kernel
 * @param stride step of the kernel
 * @param padding zeros added on every side
 * @param dilation spacing of the kernel taps
 * @param groups blocked connections from input to output channels
 * @param bias whether the layer adds a learnable bias
 * @param init how weight and bias start
 */
public record Conv2d(int inChannels, int outChannels, int kernelSize, int stride, int padding, int dilation,
    int groups, boolean bias, WeightInit init) implements Module {

  /** Creates the layer, checking every value; the static factories give the defaults. */
  public Conv2d {
    checkArgument(inChannels > 0 && outChannels > 0, "Conv2d channels must be positive, got %s -> %s",
        inChannels, outChannels);
    checkArgument(kernelSize > 0, "Conv2d kernelSize must be positive, got %s", kernelSize);
    checkArgument(stride > 0, "Conv2d stride must be positive, got %s", stride);
    checkArgument(padding >= 0, "Conv2d padding must be non-negative, got %s", padding);
    checkArgument(dilation > 0, "Conv2d dilation must be positive, got %s", dilation);
    checkArgument(groups > 0 && inChannels % groups == 0 && outChannels % groups == 0,
        "Conv2d groups %s must divide inChannels %s and outChannels %s", groups, inChannels, outChannels);
    checkArgument(init != null, "Conv2d init is null; use WeightInit.TORCH_DEFAULT");
  }

  /** {@code nn.Conv2d(in, out, kernelSize)}: stride 1, padding 0, bias, PyTorch's init. */
  public static Conv2d of(int inChannels, int outChannels, int kernelSize) {
    return new Conv2d(inChannels, outChannels, kernelSize, 1, 0, 1, 1, true, WeightInit.TORCH_DEFAULT);
  }

  /** A copy with stride {@code s}. */
  public Conv2d withStride(int s) {
    return new Conv2d(inChannels, outChannels, kernelSize, s, padding, dilation, groups, bias, init);
  }

  /** A copy with zero padding {@code p} on every side. */
  public Conv2d withPadding(int p) {
    return new Conv2d(inChannels, outChannels, kernelSize, stride, p, dilation, groups, bias, init);
  }

  /** A copy with dilation {@code d}. */
  public Conv2d withDilation(int d) {
    return new Conv2d(inChannels, outChannels, kernelSize, stride, padding, d, groups, bias, init);
  }

  /** A copy with {@code g} groups ({@code g == inChannels == outChannels}: depthwise). */
  public Conv2d withGroups(int g) {
    return new Conv2d(inChannels, outChannels, kernelSize, stride, padding, dilation, g, bias, init);
  }

  /** A copy with or without the bias. */
  public Conv2d withBias(boolean b) {
    return new Conv2d(inChannels, outChannels, kernelSize, stride, padding, dilation, groups, b, init);
  }

  /** A copy initialised differently. */
  public Conv2d withInit(WeightInit i) {
    return new Conv2d(inChannels, outChannels, kernelSize, stride, padding, dilation, groups, bias, i);
  }

  /** Receptive field times input channels per group (PyTorch's fan_in). */
  public long fanIn() {
    return (long) (inChannels / groups) * kernelSize * kernelSize;
  }

  /** Receptive field times output channels (PyTorch's fan_out, not divided by groups). */
  public long fanOut() {
    return (long) outChannels * kernelSize * kernelSize;
  }

  @Override
  public Var forward(Emitter e, Var x) {
    Shapes.checkRank(this, x, 4);
    Shapes.checkDim(this, x, 1, inChannels, "input channels (inChannels)");
    Var w = e.param("weight", Shapes.of(outChannels, inChannels / groups, kernelSize, kernelSize),
        init.weight(fanIn(), fanOut()), ParamRole.WEIGHT);
    List<Var> in = new ArrayList<>(List.of(x, w));
    if (bias) {
      in.add(e.param("bias", Shapes.of(outChannels), init.bias(fanIn()), ParamRole.BIAS));
    }
    return e.op("Conv", in, Map.of(
        "kernel_shape", new long[] {kernelSize, kernelSize},
        "strides", new long[] {stride, stride},
        "pads", new long[] {padding, padding, padding, padding},
        "dilations", new long[] {dilation, dilation},
        "group", (long) groups));
  }

  @Override
  public String describe() {
    StringBuilder s = new StringBuilder("Conv2d(").append(inChannels).append(", ").append(outChannels)
        .append(", kernel_size=").append(kernelSize);
    if (stride != 1) s.append(", stride=").append(stride);
    if (padding != 0) s.append(", padding=").append(padding);
    if (dilation != 1) s.append(", dilation=").append(dilation);
    if (groups != 1) s.append(", groups=").append(groups);
    if (!bias) s.append(", bias=False");
    return s.append(')').toString();
  }
}
