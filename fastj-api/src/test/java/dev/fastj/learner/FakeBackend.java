package dev.fastj.learner;

import dev.fastj.data.TensorData;
import dev.fastj.spi.Backend;
import dev.fastj.spi.Device;
import dev.fastj.spi.InferenceModel;
import dev.fastj.spi.ModelSpec;
import dev.fastj.spi.TrainableModel;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Compiles {@link FakeModel}s and loads the fake's exported files for inference. */
final class FakeBackend implements Backend {

  FakeModel last;
  ModelSpec lastSpec;

  @Override
  public String name() {
    return "fake";
  }

  @Override
  public TrainableModel compile(ModelSpec spec) {
    lastSpec = spec;
    last = new FakeModel(spec);
    return last;
  }

  @Override
  public InferenceModel loadInference(Path onnxFile, Device device) {
    try (DataInputStream in = new DataInputStream(Files.newInputStream(onnxFile))) {
      int n = in.readInt();
      int k = in.readInt();
      float[] w = read(in, n * k);
      float[] b = read(in, k);
      float[] g = read(in, k);
      float[] h = read(in, k);
      return new InferenceModel() {
        @Override
        public TensorData predict(List<TensorData> inputs) {
          float[] x = inputs.get(0).toFloatArray();
          int rows = (int) inputs.get(0).dim(0);
          float[] o = new float[rows * k];
          for (int r = 0; r < rows; r++) {
            for (int j = 0; j < k; j++) {
              double z = b[j];
              for (int i = 0; i < n; i++) {
                z += w[j * n + i] * x[r * n + i];
              }
              o[r * k + j] = (float) (g[j] * z + h[j]);
            }
          }
          return TensorData.ofFloats(o, rows, k);
        }

        @Override
        public void close() {}
      };
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static float[] read(DataInputStream in, int n) throws IOException {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = in.readFloat();
    }
    return v;
  }
}
