package dev.fastj.vision;

import static com.google.common.base.Preconditions.checkArgument;

import dev.fastj.nn.BatchNorm2d;
import dev.fastj.nn.Conv2d;
import dev.fastj.nn.MaxPool2d;
import dev.fastj.nn.Module;
import dev.fastj.nn.ReLU;
import dev.fastj.nn.ResBlock;
import dev.fastj.nn.Sequential;
import dev.fastj.nn.WeightInit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * torchvision's ResNet with basic blocks, cut before {@code avgpool}: children {@code 0 conv1},
 * {@code 1 bn1}, {@code 2 relu}, {@code 3 maxpool}, {@code 4..7 layer1..layer4}.
 */
record ResNetArch(String name, int[] blocksPerStage) implements Arch {

  ResNetArch {
    checkArgument(blocksPerStage.length == 4, "a ResNet has 4 stages, got %s", Arrays.toString(blocksPerStage));
    blocksPerStage = blocksPerStage.clone();
  }

  @Override
  public Sequential body(int inChannels) {
    checkArgument(inChannels > 0, "%s needs a positive number of input channels, got %s", name, inChannels);
    List<Module> layers = new ArrayList<>();
    layers.add(Conv2d.of(inChannels, 64, 7).withStride(2).withPadding(3).withBias(false)
        .withInit(WeightInit.KAIMING_NORMAL_FAN_OUT));
    layers.add(BatchNorm2d.of(64));
    layers.add(ReLU.create());
    layers.add(MaxPool2d.of(3, 2, 1));
    int channels = 64;
    for (int stage = 0; stage < 4; stage++) {
      int out = 64 << stage;
      List<Module> blocks = new ArrayList<>();
      for (int b = 0; b < blocksPerStage[stage]; b++) {
        int stride = b == 0 && stage > 0 ? 2 : 1;
        blocks.add(ResBlock.of(b == 0 ? channels : out, out, stride));
      }
      channels = out;
      layers.add(Sequential.of(blocks));
    }
    return Sequential.of(layers);
  }

  @Override
  public int bodyFeatures() {
    return 512;
  }

  @Override
  public int splitAt() {
    return 6;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ResNetArch r && name.equals(r.name) && Arrays.equals(blocksPerStage, r.blocksPerStage);
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + Arrays.hashCode(blocksPerStage);
  }

  @Override
  public String toString() {
    return name;
  }
}
