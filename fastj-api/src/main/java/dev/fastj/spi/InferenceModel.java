package dev.fastj.spi;

import dev.fastj.data.TensorData;
import java.util.List;

/**
 * A model loaded from an inference ONNX file (as {@link TrainableModel#exportOnnx} writes it),
 * ready to predict: what {@code Learner.load} runs in a process that did not train the model.
 * {@link #predict} may be called from several threads at once.
 */
public interface InferenceModel extends AutoCloseable {

  /** Raw outputs (before the loss's activation) for the inputs, batch dimension first. */
  TensorData predict(List<TensorData> inputs);

  /** Frees the native session. */
  @Override
  void close();
}
