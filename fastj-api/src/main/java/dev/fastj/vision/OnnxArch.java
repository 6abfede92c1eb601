package dev.fastj.vision;

import static com.google.common.base.Preconditions.checkArgument;

import dev.fastj.nn.OnnxGraph;
import dev.fastj.nn.Sequential;
import java.nio.file.Path;

/** See {@link Arch#fromOnnx(Path, int, String)}. */
record OnnxArch(Path file, int bodyFeatures, String cutOutput) implements Arch {

  OnnxArch {
    checkArgument(bodyFeatures > 0, "bodyFeatures must be positive, got %s; pass the channels of the cut output",
        bodyFeatures);
    OnnxGraph.of(file, cutOutput);
  }

  @Override
  public String name() {
    return "onnx:" + file.getFileName();
  }

  @Override
  public Sequential body(int inChannels) {
    checkArgument(inChannels > 0, "%s needs a positive number of input channels, got %s", name(), inChannels);
    return Sequential.of(OnnxGraph.of(file, cutOutput));
  }

  @Override
  public int splitAt() {
    return 1;
  }
}
