package dev.fastj.vision;

import static com.google.common.base.Preconditions.checkArgument;

import dev.fastj.nn.OnnxGraph;
import dev.fastj.nn.Sequential;
import dev.fastj.spi.Backend;
import dev.fastj.spi.GraphValue;
import java.nio.file.Path;
import java.util.List;

/**
 * A body read from an ONNX file: see {@link Arch#fromOnnx(Path, int, String)} and
 * {@link Arch#fromExport(Path)}. Immutable.
 */
final class OnnxArch implements Arch {

  private final String name;
  private final Path file;
  private final int bodyFeatures;
  private final String cutOutput;
  private final int inChannels;

  /**
   * @param name the architecture's name
   * @param file the ONNX file, which must stay readable while learners are built from it
   * @param bodyFeatures the channels of the cut output
   * @param cutOutput the value the body ends at, null for the graph's output
   * @param inChannels the input channels the file needs, 0 when not known (then the inliner checks)
   */
  OnnxArch(String name, Path file, int bodyFeatures, String cutOutput, int inChannels) {
    checkArgument(bodyFeatures > 0, "bodyFeatures must be positive, got %s; pass the channels of the cut output",
        bodyFeatures);
    OnnxGraph.of(file, cutOutput);
    this.name = name;
    this.file = file;
    this.bodyFeatures = bodyFeatures;
    this.cutOutput = cutOutput;
    this.inChannels = inChannels;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Sequential body(int channels) {
    checkArgument(channels > 0, "%s needs a positive number of input channels, got %s", name, channels);
    checkArgument(inChannels == 0 || channels == inChannels, "%s was trained on images with %s channels but the "
        + "data has %s; use ImageBlock.%s() in the DataBlock (on the command line: %s)", name, inChannels, channels,
        inChannels == 1 ? "grey" : "create", inChannels == 1 ? "add --grey" : "leave out --grey");
    return Sequential.of(OnnxGraph.of(file, cutOutput));
  }

  /**
   * The body for a U-Net over images of {@code itemShape} (channels, height, width): the file inlined
   * with the values a U-Net hooks as extra outputs, which the backend finds by shape inference at
   * that size ({@link Backend#onnxUnetHooks}).
   *
   * @throws IllegalArgumentException when the channels do not match or the graph cannot be hooked
   */
  Sequential unetBody(long[] itemShape) {
    body((int) itemShape[0]);
    long[] input = {-1, itemShape[0], itemShape[1], itemShape[2]};
    List<GraphValue> acts = Backend.get().onnxUnetHooks(file, cutOutput, input);
    return Sequential.of(new HookedOnnxBody(file, acts.stream().map(GraphValue::name).toList()));
  }

  @Override
  public int bodyFeatures() {
    return bodyFeatures;
  }

  @Override
  public int splitAt() {
    return 1;
  }

  /** The ONNX file the body is read from. */
  Path file() {
    return file;
  }

  /** The value the body ends at, null for the graph's output. */
  String cutOutput() {
    return cutOutput;
  }

  @Override
  public String toString() {
    return name + "(" + file + (cutOutput == null ? "" : " -> " + cutOutput) + ", " + bodyFeatures + " features)";
  }
}
