package dev.fastj.spi;

import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Compiles models into something that trains and predicts. fastj-onnx-train provides the ONNX
 * Runtime backend, found through {@link ServiceLoader}: put it on the class path and
 * {@link #get()} returns it.
 */
public interface Backend {

  /** A short name such as {@code onnxruntime}. */
  String name();

  /** Builds the training, evaluation and inference graphs of a model and its initial weights. */
  TrainableModel compile(ModelSpec spec);

  /**
   * Loads an inference ONNX file (written by {@link TrainableModel#exportOnnx}) to run on
   * {@code device}. The caller may delete the file as soon as this returns, so read it fully.
   * Backends that only train may leave the default, which says so.
   */
  default InferenceModel loadInference(Path onnxFile, Device device) {
    throw new UnsupportedOperationException("backend " + name() + " cannot run ONNX files for inference; "
        + "put dev.fastj:fastj-onnx-train on the class path");
  }

  /**
   * The dims of the value {@code output} (null: the first graph output) of a standard ONNX file
   * when its input has {@code inputShape} (batch first; null: the shape the file declares), as far
   * as the backend can tell without training: unknown dims are -1. {@code Arch.fromOnnx(file)}
   * reads a body's channels this way. Backends that cannot read ONNX files leave the default,
   * which says so.
   *
   * @throws IllegalArgumentException when the file has no value named {@code output}
   */
  default long[] onnxOutputShape(Path onnxFile, String output, long[] inputShape) {
    throw new UnsupportedOperationException("backend " + name() + " cannot read ONNX files; put "
        + "dev.fastj:fastj-onnx-train on the class path or pass the body's features to Arch.fromOnnx");
  }

  /**
   * Where the body of the image model in a standard ONNX file ends (fastai's
   * {@code create_body(model, cut=None)}): the name of the feature map its last global pooling
   * reads, or its graph output when that already is a feature map (a body cut before pooling).
   * {@code Arch.fromOnnx(file)} cuts there. Backends that cannot read ONNX files leave the
   * default, which says so.
   *
   * @throws IllegalArgumentException when the file has no global pooling and its output is not a
   *     feature map; the message names the values to cut at instead
   */
  default String onnxBodyCut(Path onnxFile) {
    throw new UnsupportedOperationException("backend " + name() + " cannot read ONNX files; put "
        + "dev.fastj:fastj-onnx-train on the class path or name the cut with Arch.fromOnnx(file, features, cutOutput)");
  }

  /**
   * The activations a U-Net takes from the body in a standard ONNX file that ends at {@code output}
   * (null: the first graph output), when its input has {@code inputShape} (batch first): fastai's
   * {@code hook_outputs} at each change of size. The hooks are the values every path from the input
   * to {@code output} passes through that are the last at their height and width before it changes,
   * shallowest first; the last element is {@code output} itself (named even when {@code output} is
   * null). {@code UnetLearner} builds its skip connections from them. Backends that cannot read ONNX
   * files leave the default, which says so.
   *
   * @throws IllegalArgumentException when the body cannot be hooked: no such value, an output that
   *     is not an image map, or no change of size on every path; the message names the values
   */
  default List<GraphValue> onnxUnetHooks(Path onnxFile, String output, long[] inputShape) {
    throw new UnsupportedOperationException("backend " + name() + " cannot read ONNX files; put "
        + "dev.fastj:fastj-onnx-train on the class path to build a U-Net over a body from an ONNX file");
  }

  /** The first backend on the class path; fails with a message naming the missing module. */
  static Backend get() {
    return ServiceLoader.load(Backend.class).findFirst().orElseThrow(() -> new IllegalStateException(
        "no fastj backend on the class path; add the dependency dev.fastj:fastj-onnx-train"));
  }
}
