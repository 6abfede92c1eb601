package dev.fastj.spi;

import dev.fastj.data.TensorData;
import java.util.List;
import java.util.Map;

/**
 * A loaded inference model (a standard ONNX file, such as one written by
 * {@link TrainableModel#exportOnnx}): raw outputs for inputs, and the provenance metadata stored
 * in the file. {@link #predict} may be called from several threads at once. Close it to free
 * native memory.
 *
 * <pre>{@code
 * try (InferenceModel m = Backend.get().loadInference(Path.of("model.onnx"), Device.cpu())) {
 *   TensorData out = m.predict(List.of(batch));
 * }
 * }</pre>
 */
public interface InferenceModel extends AutoCloseable {

  /** The model's first output for {@code inputs}, fed to its graph inputs in order. */
  TensorData predict(List<TensorData> inputs);

  /** The metadata stored in the model file (producer, fastj version, user entries). */
  Map<String, String> metadata();

  /** Frees the session. */
  @Override
  void close();
}
