package dev.fastj.text.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fastj.nn.LSTM;
import dev.fastj.nn.Var;
import dev.fastj.onnx.compile.GraphEmitter;
import dev.fastj.onnx.graph.DataType;
import dev.fastj.onnx.graph.Node;
import dev.fastj.onnx.graph.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** AWD-LSTM's dropouts: which values share a mask, the scaling, and nothing in evaluation. */
class DropoutsTest {

  @Test
  void rnnDropout_masksWholeFeaturesAlongTheSequence() {
    int n = 8;
    int t = 6;
    int c = 10;
    double p = 0.4;
    GraphRun g = new GraphRun(GraphEmitter.Mode.TRAIN);
    Var x = g.input("x", DataType.FLOAT, -1, t, c);
    g.output("y", new RNNDropout(p).forward(g.emitter, x).name());
    Tensor xv = GraphRun.normal(1, 1, n, t, c);
    double[] y = g.run(Map.of("x", xv)).get("y").toDoubles();
    double[] xs = xv.toDoubles();
    int dropped = 0;
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < c; k++) {
        boolean zero = y[(i * t) * c + k] == 0;
        dropped += zero ? 1 : 0;
        for (int s = 0; s < t; s++) {
          int at = (i * t + s) * c + k;
          assertThat(y[at]).as("row %d feature %d step %d", i, k, s).isCloseTo(zero ? 0 : xs[at] / (1 - p), within(1e-5));
        }
      }
    }
    // 80 masks at p 0.4: 32 expected; a mask that dropped none or all would not test anything
    assertThat(dropped).isBetween(16, 48);
  }

  @Test
  void embeddingDropout_dropsWholeWordsWhereverTheyOccur() {
    int vocab = 30;
    int emb = 4;
    double p = 0.5;
    GraphRun g = new GraphRun(GraphEmitter.Mode.TRAIN);
    Var tokens = g.input("tokens", DataType.INT64, -1, 20);
    EmbeddingDropout layer = new EmbeddingDropout(vocab, emb, p);
    g.output("y", g.emitter.scoped("encoder", () -> layer.forward(g.emitter, tokens)).name());
    Tensor w = GraphRun.normal(2, 1, vocab, emb);
    Tensor tok = GraphRun.tokens(3, vocab, 10, 20);
    double[] y = g.run(Map.of("tokens", tok, "encoder.weight", w)).get("y").toDoubles();
    long[] ids = tok.toLongs();
    double[] wv = w.toDoubles();
    Boolean[] droppedWord = new Boolean[vocab];
    for (int i = 0; i < ids.length; i++) {
      int id = (int) ids[i];
      boolean zero = y[i * emb] == 0;
      if (droppedWord[id] == null) {
        droppedWord[id] = zero;
      }
      assertThat(zero).as("occurrence %d of word %d", i, id).isEqualTo(droppedWord[id]);
      for (int k = 0; k < emb; k++) {
        assertThat(y[i * emb + k]).isCloseTo(zero ? 0 : wv[id * emb + k] / (1 - p), within(1e-5));
      }
    }
    long seen = java.util.Arrays.stream(droppedWord).filter(java.util.Objects::nonNull).count();
    long dropped = java.util.Arrays.stream(droppedWord).filter(Boolean.TRUE::equals).count();
    assertThat(dropped).isBetween(seen / 5, seen * 4 / 5);
  }

  @Test
  void weightDropout_isOneMaskOnWeightHh_forEveryStep() {
    int c = 3;
    int h = 5;
    int t = 4;
    double p = 0.5;
    GraphRun train = new GraphRun(GraphEmitter.Mode.TRAIN);
    Var x = train.input("x", DataType.FLOAT, -1, t, c);
    LSTM dropped = LSTM.of(c, h).withWeightDropout(p);
    train.output("y", train.emitter.scoped("l", () -> dropped.forward(train.emitter, x)).name());
    Node dropout = train.builder.nodes().stream().filter(nd -> nd.opType().equals("Dropout")).findFirst().orElseThrow();
    assertThat(dropout.input(0)).isEqualTo("l.weight_hh");
    train.output("mask", train.builder.cast(dropout.output(1), DataType.FLOAT));
    Map<String, Tensor> feed = new java.util.HashMap<>(Map.of("x", GraphRun.normal(1, 1, 2, t, c),
        "l.weight_ih", GraphRun.normal(2, 0.5, 4 * h, c), "l.weight_hh", GraphRun.normal(3, 0.5, 4 * h, h),
        "l.bias_ih", GraphRun.normal(4, 0.5, 4 * h), "l.bias_hh", GraphRun.normal(5, 0.5, 4 * h)));
    Map<String, Tensor> r = train.run(feed);
    double[] mask = r.get("mask").toDoubles();
    double[] whh = feed.get("l.weight_hh").toDoubles();
    double[] masked = new double[whh.length];
    for (int i = 0; i < whh.length; i++) {
      masked[i] = whh[i] * mask[i] / (1 - p);
    }
    double kept = java.util.Arrays.stream(mask).sum();
    assertThat(kept).isBetween(0.3 * mask.length, 0.7 * mask.length);
    // the same layer without dropout, its weight_hh masked by hand once for all steps
    GraphRun eval = new GraphRun(GraphEmitter.Mode.EVAL);
    Var x2 = eval.input("x", DataType.FLOAT, -1, t, c);
    eval.output("y", eval.emitter.scoped("l", () -> LSTM.of(c, h).forward(eval.emitter, x2)).name());
    feed.put("l.weight_hh", Tensor.ofDoubles(masked, 4 * h, h).cast(DataType.FLOAT));
    double[] expected = eval.run(feed).get("y").toDoubles();
    double[] actual = r.get("y").toDoubles();
    for (int i = 0; i < expected.length; i++) {
      assertThat(actual[i]).as("y[%d]", i).isCloseTo(expected[i], within(1e-5));
    }
  }

  @Test
  void evaluation_emitsNoDropout() {
    GraphRun g = new GraphRun(GraphEmitter.Mode.EVAL);
    Var tokens = g.input("tokens", DataType.INT64, 4, 7);
    AwdLstm enc = new AwdLstm(50, AwdLstm.config().withSizes(8, 12, 2), 0);
    enc.forward(g.emitter, tokens);
    assertThat(GraphRun.opTypes(g.builder)).doesNotContain("Dropout");
  }

  @Test
  void dropMult_scalesEveryDropout() {
    AwdLstm.Config c = AwdLstm.config().withDropMult(0.5);
    assertThat(c.outputP()).isCloseTo(0.05, within(1e-12));
    assertThat(c.hiddenP()).isCloseTo(0.075, within(1e-12));
    assertThat(c.inputP()).isCloseTo(0.125, within(1e-12));
    assertThat(c.embedP()).isCloseTo(0.01, within(1e-12));
    assertThat(c.weightP()).isCloseTo(0.1, within(1e-12));
  }
}
