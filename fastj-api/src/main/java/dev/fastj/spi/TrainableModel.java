package dev.fastj.spi;

import dev.fastj.data.Batch;
import dev.fastj.data.TensorData;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A compiled model with its parameters and optimizer state held by the backend (in native
 * tensors, between steps). The {@link dev.fastj.learner.Learner} drives it; users rarely touch it.
 * Not thread-safe, except {@link #predict}, which may be called from several threads at once.
 */
public interface TrainableModel extends AutoCloseable {

  /** The trainable parameters, in a stable order. */
  List<ParamInfo> parameters();

  /**
   * The output dims of each layer of the model (batch first, -1 for the batch; a null value when
   * unknown) by naming scope ({@code "0"}, {@code "0.1"}... of nested {@code Sequential}s), in the
   * order the layers end: what {@code learn.summary()} shows. The default knows no layer.
   */
  default Map<String, long[]> layerOutputShapes() {
    return Map.of();
  }

  /**
   * Assigns each parameter (by index in {@link #parameters()}) to a parameter group; the
   * {@link Hyper} of each step then has one value per group. Default: one group.
   */
  void setParamGroups(int[] groupOfParam);

  /**
   * Chooses which parameters train (by index in {@link #parameters()}): frozen ones get no
   * gradient nodes and keep their values; each variant is built once and cached.
   */
  void setTrainable(boolean[] trainable);

  /**
   * Switches train steps to mixed precision (fastai's {@code to_fp16}) or back to float32.
   * Under mixed precision the matrix products and convolutions of the forward and backward
   * passes run in float16, the parameters, optimizer state, BatchNorm and loss stay float32, the
   * loss is multiplied by {@link Hyper#lossScale} before the backward pass, and a step whose
   * gradients overflow changes nothing and returns {@code stepped == false}. Each precision has
   * its own cached train-step graphs. The default says the backend has no mixed precision.
   *
   * @throws UnsupportedOperationException when the backend cannot train in mixed precision
   */
  default void setMixedPrecision(boolean enabled) {
    if (enabled) {
      throw new UnsupportedOperationException("this backend has no mixed-precision training; train in float32 "
          + "(drop toFp16())");
    }
  }

  /** True when train steps run in mixed precision, see {@link #setMixedPrecision}. */
  default boolean mixedPrecision() {
    return false;
  }

  /**
   * Where the model runs: CUDA only when a GPU was asked for and found (a CUDA request may fall
   * back to the CPU). The default is the CPU.
   */
  default Device.Kind deviceKind() {
    return Device.Kind.CPU;
  }

  /** One optimizer step on {@code batch}; returns the loss (outputs only when asked). */
  StepResult trainStep(Batch batch, Hyper hyper, boolean wantOutput);

  /** Loss and raw outputs on a labelled batch, in evaluation mode (running statistics). */
  StepResult evalStep(Batch batch);

  /** Raw outputs for the inputs, in evaluation mode. */
  TensorData predict(List<TensorData> inputs);

  /** Parameters, buffers (running statistics) and, when asked, optimizer state, by name. */
  Map<String, TensorData> stateDict(boolean withOptimizerState);

  /** Restores values saved by {@link #stateDict}; names must match, shapes are checked. */
  void loadStateDict(Map<String, TensorData> state);

  /**
   * Replaces the values of some buffers (by name, as in {@link #stateDict}), keeping the
   * parameters, the other buffers and the optimizer state: how fastai's {@code ModelResetter}
   * zeroes the hidden state a recurrent model carries across batches. The default says the
   * backend cannot.
   *
   * @throws IllegalArgumentException when a name is not a buffer or a shape differs
   */
  default void setBuffers(Map<String, TensorData> values) {
    throw new UnsupportedOperationException("this backend cannot set buffers; use loadStateDict with every value");
  }

  /**
   * Writes a standard inference ONNX model (weights as constants, raw outputs), that any ONNX
   * Runtime can run, atomically to {@code file}.
   */
  void exportOnnx(Path file, Map<String, String> metadata);

  /**
   * {@link #exportOnnx} that also says where each top-level child of the model ends in the
   * written graph, by child name ({@code "0"}, {@code "1"}... of a {@code Sequential}): a later
   * reader cuts the graph there, as {@code Arch.fromExport} cuts a vision learner's body. The
   * default writes the file and knows no child, so such exports cannot give their body.
   */
  default Map<String, GraphValue> exportOnnxWithCuts(Path file, Map<String, String> metadata) {
    exportOnnx(file, metadata);
    return Map.of();
  }

  /** Frees native memory and sessions. */
  @Override
  void close();
}
