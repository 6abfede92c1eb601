package dev.fastj.samples.bench;

import ai.onnxruntime.OnnxTensor;
import dev.fastj.onnx.graph.DataType;
import dev.fastj.onnx.graph.GraphBuilder;
import dev.fastj.onnx.graph.Model;
import dev.fastj.onnx.runtime.CompiledGraph;
import dev.fastj.onnx.runtime.OrtTensors;
import dev.fastj.onnx.runtime.SessionConfig;
import dev.fastj.spi.Device;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Map;

/** Developer tool: ONNX Runtime's time per node for chains of N elementwise ops on tensors of SIZE floats. */
public final class NodeOverhead {
  private NodeOverhead() {}

  public static void main(String[] a) throws Exception {
    for (int n : new int[] {10, 500}) {
      for (int size : new int[] {1000, 100_000}) {
        GraphBuilder b = new GraphBuilder("chain");
        String x = b.input("x", DataType.FLOAT, size);
        String y = x;
        for (int i = 0; i < n; i++) {
          y = b.mul(y, b.scalar(1.0001));
          if (i % 2 == 1) {
            y = b.add(y, b.scalar(0.0));
          }
        }
        b.output(y, DataType.FLOAT, size);
        try (CompiledGraph g = CompiledGraph.compile(Model.of(b.build()), SessionConfig.of(Device.cpu()));
            OnnxTensor t = OnnxTensor.createTensor(OrtTensors.env(), FloatBuffer.wrap(new float[size]), new long[] {size})) {
          double[] ms = new double[50];
          for (int r = 0; r < 60; r++) {
            long t0 = System.nanoTime();
            g.run(Map.of("x", t)).close();
            if (r >= 10) {
              ms[r - 10] = (System.nanoTime() - t0) / 1e6;
            }
          }
          Arrays.sort(ms);
          int nodes = n + n / 2;
          System.out.printf("%d nodes on %d floats: %.3f ms per run, %.1f us per node%n", nodes, size, ms[25],
              1000 * ms[25] / nodes);
        }
      }
    }
  }
}
