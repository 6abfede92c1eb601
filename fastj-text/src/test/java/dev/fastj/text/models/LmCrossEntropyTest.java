package dev.fastj.text.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.fastj.data.TensorData;
import dev.fastj.nn.Var;
import dev.fastj.onnx.compile.GraphEmitter;
import dev.fastj.onnx.graph.DataType;
import dev.fastj.onnx.graph.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The language model's flat cross-entropy and its softmax over the last axis, against sums by hand. */
class LmCrossEntropyTest {

  private static final int N = 2;
  private static final int T = 3;
  private static final int V = 5;

  @Test
  void loss_isTheMeanOverEveryStepOfMinusLogSoftmaxAtTheNextToken() {
    GraphRun g = new GraphRun(GraphEmitter.Mode.TRAIN);
    Var logits = g.input("logits", DataType.FLOAT, -1, T, V);
    Var target = g.input("target", DataType.INT64, -1, T);
    g.output("loss", LmCrossEntropy.create().forward(g.emitter, logits, target).name());
    Tensor l = GraphRun.normal(1, 2, N, T, V);
    Tensor y = GraphRun.tokens(2, V, N, T);
    double loss = g.run(Map.of("logits", l, "target", y)).get("loss").toDoubles()[0];
    double[] lv = l.toDoubles();
    long[] yv = y.toLongs();
    double sum = 0;
    for (int row = 0; row < N * T; row++) {
      double z = 0;
      for (int k = 0; k < V; k++) {
        z += Math.exp(lv[row * V + k]);
      }
      sum += Math.log(z) - lv[row * V + (int) yv[row]];
    }
    assertThat(loss).isCloseTo(sum / (N * T), within(1e-5));
  }

  @Test
  void activation_isTheSoftmaxOverTheVocabulary() {
    float[] raw = GraphRun.normal(3, 2, N, T, V).toFloats();
    TensorData p = LmCrossEntropy.create().activation(TensorData.ofFloats(raw.clone(), N, T, V));
    assertThat(p.shape()).containsExactly(N, T, V);
    float[] pv = p.toFloatArray();
    for (int row = 0; row < N * T; row++) {
      double z = 0;
      for (int k = 0; k < V; k++) {
        z += Math.exp(raw[row * V + k]);
      }
      for (int k = 0; k < V; k++) {
        assertThat((double) pv[row * V + k]).isCloseTo(Math.exp(raw[row * V + k]) / z, within(1e-6));
      }
    }
  }

  @Test
  void logitsWithoutAStaticVocabulary_areRefusedWithTheShape() {
    GraphRun g = new GraphRun(GraphEmitter.Mode.TRAIN);
    Var logits = g.input("logits", DataType.FLOAT, -1, V);
    Var target = g.input("target", DataType.INT64, -1);
    assertThatThrownBy(() -> LmCrossEntropy.create().forward(g.emitter, logits, target))
        .hasMessageContaining("[N, T, vocab]").hasMessageContaining("[-1, 5]");
  }
}
