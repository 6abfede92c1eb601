package dev.fastj.text;

import dev.fastj.data.Batch;
import dev.fastj.data.InputSpec;
import dev.fastj.data.TensorData;
import dev.fastj.nn.Loss;
import dev.fastj.optim.OptimizerSpec;
import dev.fastj.spi.Device;
import dev.fastj.spi.ModelSpec;
import dev.fastj.spi.TrainableModel;
import dev.fastj.text.models.AwdLstm;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The text generation of {@link TextLearner#predict(String, int, double)}: a one-row copy of the
 * language model (input one token, the hidden state carried in its buffers from call to call,
 * as evaluation carries it), given the trained weights and a zero state before each text.
 */
final class LmGenerator implements AutoCloseable {

  private final TrainableModel model;

  LmGenerator(TrainableModel model) {
    this.model = model;
  }

  /** The spec of the one-row, one-token language model of these sizes. */
  static ModelSpec spec(int vocabSize, AwdLstm.Config config, Loss loss, long seed, Device device) {
    return new ModelSpec(AwdLstm.languageModel(vocabSize, config, 1), List.of(new InputSpec(InputSpec.DEFAULT_NAME,
        new long[] {1}, TensorData.DType.INT64)), loss, OptimizerSpec.Adam.defaults(), seed, device);
  }

  /** Takes the weights of {@code trained} (the language model being trained) and zeroes the state. */
  void load(TrainableModel trained) {
    Map<String, TensorData> weights = trained.stateDict(false);
    Map<String, TensorData> mine = model.stateDict(false);
    for (String n : mine.keySet()) {
      if (n.startsWith("0.hidden.")) {
        TensorData z = mine.get(n);
        mine.put(n, TensorData.ofFloats(new float[Math.toIntExact(z.numel())], z.shape()));
      } else {
        mine.put(n, weights.get(n));
      }
    }
    model.loadStateDict(mine);
  }

  /**
   * Reads {@code ids} token by token, then draws {@code nWords} tokens one after the other (never
   * {@code xxunk}; probabilities raised to {@code 1 / temperature}, fastai's {@code res.pow_(1 /
   * temperature)}, which is the softmax of the logits over the temperature).
   */
  List<String> generate(int[] ids, int nWords, double temperature, Vocab vocab, Random r) {
    int unk = vocab.index(SpecialTokens.UNK);
    float[] logits = null;
    for (int id : ids) {
      logits = step(id);
    }
    List<String> out = new ArrayList<>();
    for (int w = 0; w < nWords; w++) {
      double[] p = new double[logits.length];
      double max = Double.NEGATIVE_INFINITY;
      for (float x : logits) {
        max = Math.max(max, x);
      }
      double sum = 0;
      for (int k = 0; k < p.length; k++) {
        p[k] = k == unk ? 0 : Math.exp((logits[k] - max) / temperature);
        sum += p[k];
      }
      double u = r.nextDouble() * sum;
      int next = p.length - 1;
      for (int k = 0; k < p.length; k++) {
        u -= p[k];
        if (u < 0) {
          next = k;
          break;
        }
      }
      out.add(vocab.token(next));
      logits = step(next);
    }
    return out;
  }

  /** The logits after one more token; the model carries its state to the next call. */
  private float[] step(int token) {
    Batch b = new Batch(List.of(TensorData.ofLongs(new long[] {token}, 1, 1)),
        List.of(TensorData.ofLongs(new long[] {0}, 1, 1)), new int[] {0});
    return model.evalStep(b).output().toFloatArray();
  }

  @Override
  public void close() {
    model.close();
  }
}
