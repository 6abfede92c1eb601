package dev.fastj.vision;

import static com.google.common.base.Preconditions.checkArgument;

import dev.fastj.nn.ConvLayer;
import dev.fastj.nn.ResBlock;
import dev.fastj.nn.Sequential;
import dev.fastj.nn.WeightInit;

/** See {@link Arch#xresnetSmall()}: children 0..2 the stem, 3..5 the stages. */
record XResNetSmallArch() implements Arch {

  @Override
  public String name() {
    return "xresnet_small";
  }

  @Override
  public Sequential body(int inChannels) {
    checkArgument(inChannels > 0, "xresnet_small needs a positive number of input channels, got %s", inChannels);
    return Sequential.of(
        ConvLayer.of(inChannels, 16),
        // stride 2 early, as fastai's xresnet stem: full-resolution 32-channel convs cost 3x the FLOPs
        ConvLayer.of(16, 32, 3, 2),
        ConvLayer.of(32, 32),
        Sequential.of(block(32, 32)),
        Sequential.of(block(32, 64)),
        Sequential.of(block(64, 128)));
  }

  private static ResBlock block(int in, int out) {
    return ResBlock.of(in, out, 2).withInit(WeightInit.KAIMING_NORMAL);
  }

  @Override
  public int bodyFeatures() {
    return 128;
  }

  @Override
  public int splitAt() {
    return 3;
  }
}
