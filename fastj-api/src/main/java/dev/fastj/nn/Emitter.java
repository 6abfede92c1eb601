package dev.fastj.nn;

import java.util.List;
import java.util.Map;

/**
 * Builds a graph of ONNX operators without depending on any runtime: layers ({@link Module})
 * and losses ({@link Loss}) describe their computation through it, and a backend (fastj-onnx-train)
 * implements it on its graph IR. Operator names, inputs, outputs and attributes are those of the
 * ONNX standard at the backend's pinned opset (18 or newer); the backend hides signature changes.
 *
 * <p>Attribute values may be {@code Long}/{@code Integer} (int), {@code Float}/{@code Double}
 * (float), {@code String}, {@code long[]}/{@code int[]} (ints), {@code float[]} (floats).
 */
public interface Emitter {

  /** Emits one node with a single output. */
  default Var op(String opType, List<Var> inputs, Map<String, Object> attributes) {
    return op(opType, inputs, attributes, 1).get(0);
  }

  /** Emits one node with a single output and no attributes. */
  default Var op(String opType, Var... inputs) {
    return op(opType, List.of(inputs), Map.of());
  }

  /**
   * Emits one node with {@code outputs} outputs. A null input stands for an omitted optional
   * input (the empty name in ONNX).
   */
  List<Var> op(String opType, List<Var> inputs, Map<String, Object> attributes, int outputs);

  /**
   * Declares a trainable parameter named {@code name} within the current scope (the full name is
   * {@code scope + "." + name}).
   */
  Var param(String name, long[] shape, Init init, ParamRole role);

  /**
   * Declares non-trainable state (BatchNorm running mean and variance) with its initial value.
   * In a training graph, {@link #updateBuffer} gives its value after the step.
   */
  Var buffer(String name, long[] shape, Init init);

  /** Sets the value a buffer takes after a training step (ignored outside training). */
  void updateBuffer(Var buffer, Var newValue);

  /**
   * Sets the value a buffer takes after a training step and after an evaluation step: state that
   * a recurrent model carries from batch to batch (fastai's AWD-LSTM {@code self.hidden}), which
   * validation carries as training does, unlike running statistics ({@link #updateBuffer}). Export
   * and inference graphs ignore it. The default treats it as {@link #updateBuffer}.
   */
  default void updateState(Var buffer, Var newValue) {
    updateBuffer(buffer, newValue);
  }

  /** A float32 constant. */
  Var constant(float[] values, long... shape);

  /** An int64 constant. */
  Var constantLongs(long[] values, long... shape);

  /**
   * A bool scalar constant (such as Dropout's {@code training_mode} input). The default emits
   * {@code Cast(to=BOOL)} of an int64 scalar; a backend may override it with a bool initializer.
   */
  default Var constantBool(boolean value) {
    return op("Cast", List.of(constantLongs(new long[] {value ? 1 : 0})), Map.of("to", 9L));
  }

  /**
   * Inlines the graph of a standard ONNX model file (for example one exported by PyTorch's
   * {@code torch.onnx.export}, opset 13 or newer): its float initializers become trainable
   * parameters of the current scope (roles guessed from their use), {@code inputs} feed its graph
   * inputs in order, and the values named {@code outputNames} (its graph outputs when none are
   * given) are returned. This is how a pretrained body is cut and given a new head.
   */
  List<Var> inlineOnnx(java.nio.file.Path onnxFile, List<Var> inputs, String... outputNames);

  /**
   * Adds a scalar to what the training step differentiates, not to the loss it reports: fastai's
   * {@code loss_grad}, where {@code RNNRegularizer} adds AR and TAR. Outside training it is ignored.
   * The default refuses, for emitters that only build inference graphs.
   */
  default void addLossTerm(Var scalar) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot add the loss term " + scalar.name()
        + "; compile the model with fastj-onnx-train's ModelCompiler");
  }

  /** True while emitting the training graph (dropout active, batch statistics). */
  boolean training();

  /** Runs {@code body} with {@code name} appended to the naming scope of params and nodes. */
  <T> T scoped(String name, java.util.function.Supplier<T> body);
}
