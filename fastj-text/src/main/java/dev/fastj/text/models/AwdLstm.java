package dev.fastj.text.models;

import static com.google.common.base.Preconditions.checkArgument;

import dev.fastj.nn.Emitter;
import dev.fastj.nn.Init;
import dev.fastj.nn.LSTM;
import dev.fastj.nn.Module;
import dev.fastj.nn.Var;
import java.util.ArrayList;
import java.util.List;

/**
 * fastai's {@code AWD_LSTM} encoder: an {@link EmbeddingDropout} of the vocabulary, input dropout
 * ({@link RNNDropout} {@code input_p}), then {@code nLayers} LSTM layers ({@code emb_sz -> n_hid ->
 * ... -> emb_sz}, each with weight dropout {@code weight_p} on its hidden-to-hidden matrix) with
 * {@code hidden_p} RNNDropout between them. Input int64 tokens {@code [N, T]}; output the last
 * layer's hidden states {@code [N, T, emb_sz]}, not dropped (the decoder's output dropout is next).
 *
 * <p>With {@code batchSize > 0} each layer's hidden and cell state is a buffer ({@code hidden.<l>.h},
 * {@code hidden.<l>.c}, {@code [batchSize, size]}, starting at zero): a train step starts from the
 * state the previous one ended in, as fastai's encoder carries {@code self.hidden} across batches
 * (detached: no gradient flows into the previous batch). Resetting it (fastai's
 * {@code ModelResetter}, each epoch) is setting those buffers to zero. With {@code batchSize == 0}
 * each batch starts from zeros.
 *
 * <pre>{@code
 * Module lm = AwdLstm.languageModel(vocab.size(), AwdLstm.config().withDropMult(0.3), 64);
 * }</pre>
 *
 * @param vocabSize the vocabulary's size
 * @param settings sizes and dropouts ({@link #config()}, {@link #smallConfig()})
 * @param batchSize rows of the carried state, or 0 to start every batch from zeros
 */
public record AwdLstm(int vocabSize, Config settings, int batchSize) implements Module {

  /**
   * fastai's {@code awd_lstm_lm_config} / {@code awd_lstm_clas_config}. The five dropouts scale
   * together with {@link #withDropMult} ({@code drop_mult}).
   *
   * @param embSz embedding size, and the last layer's size
   * @param nHid size of the inner layers
   * @param nLayers LSTM layers
   * @param padToken the padding token's index (1, after xxunk)
   * @param outputP the decoder's output dropout
   * @param hiddenP dropout between LSTM layers
   * @param inputP dropout of the embeddings
   * @param embedP dropout of whole embedding rows
   * @param weightP dropout of the hidden-to-hidden weights
   * @param tieWeights whether the LM decoder shares the embedding's weight
   * @param outBias whether the LM decoder has a bias
   */
  public record Config(int embSz, int nHid, int nLayers, int padToken, double outputP, double hiddenP, double inputP,
      double embedP, double weightP, boolean tieWeights, boolean outBias) {

    /** Checks every value. */
    public Config {
      checkArgument(embSz > 0 && nHid > 0, "AWD-LSTM sizes must be positive, got emb_sz %s, n_hid %s", embSz, nHid);
      checkArgument(nLayers >= 1, "AWD-LSTM needs at least one layer, got n_layers %s", nLayers);
      for (double p : new double[] {outputP, hiddenP, inputP, embedP, weightP}) {
        checkArgument(p >= 0 && p < 1, "AWD-LSTM dropouts must be in [0, 1), got %s in %s", p,
            List.of(outputP, hiddenP, inputP, embedP, weightP));
      }
    }

    /** fastai's {@code awd_lstm_clas_config}: the classifier's stronger dropouts. */
    public static Config classifier() {
      return new Config(400, 1152, 3, 1, 0.4, 0.3, 0.4, 0.05, 0.5, false, false);
    }

    /** A copy with every dropout multiplied by {@code dropMult} (fastai's {@code drop_mult}). */
    public Config withDropMult(double dropMult) {
      checkArgument(dropMult >= 0, "drop_mult must not be negative, got %s", dropMult);
      return new Config(embSz, nHid, nLayers, padToken, outputP * dropMult, hiddenP * dropMult, inputP * dropMult,
          embedP * dropMult, weightP * dropMult, tieWeights, outBias);
    }

    /**
     * fastai's {@code awd_lstm_clas_config} dropouts at these sizes: what
     * {@code text_classifier_learner(dls, AWD_LSTM)} builds, since fastai takes the classifier's
     * config for the architecture it is given.
     */
    public Config withClassifierDropouts() {
      Config c = classifier();
      return new Config(embSz, nHid, nLayers, padToken, c.outputP, c.hiddenP, c.inputP, c.embedP, c.weightP, false,
          false);
    }

    /** A copy with other sizes (same dropouts). */
    public Config withSizes(int emb, int hid, int layers) {
      return new Config(emb, hid, layers, padToken, outputP, hiddenP, inputP, embedP, weightP, tieWeights, outBias);
    }

    /** The size of layer {@code l}'s hidden state: n_hid, the last emb_sz. */
    public int layerSize(int l) {
      return l == nLayers - 1 ? embSz : nHid;
    }
  }

  /** The last layer's hidden states and the embedding weight (for tying). */
  public record Encoded(Var output, Var embeddingWeight) {}

  /**
   * One pass of the encoder over a chunk of tokens: the last layer's hidden states, the embedding
   * weight, and each layer's state after the chunk (to start the next chunk from).
   */
  public record Chunk(Var output, Var embeddingWeight, List<LSTM.State> states) {}

  /** Checks every value. */
  public AwdLstm {
    checkArgument(vocabSize > 0, "AWD-LSTM vocabSize must be positive, got %s", vocabSize);
    checkArgument(settings != null, "AWD-LSTM settings are null; use AwdLstm.config()");
    checkArgument(batchSize >= 0, "AWD-LSTM batchSize must be 0 (no carried state) or positive, got %s", batchSize);
  }

  /** fastai's {@code awd_lstm_lm_config}: 3 layers, emb_sz 400, n_hid 1152, pad_token 1, tied weights. */
  public static Config config() {
    return new Config(400, 1152, 3, 1, 0.1, 0.15, 0.25, 0.02, 0.2, true, true);
  }

  /**
   * A configuration for training on a CPU: fastai's LM dropouts, 2 layers, emb_sz 128, n_hid 256
   * (about 1/25 of the recurrent work of {@link #config()} per token).
   */
  public static Config smallConfig() {
    return config().withSizes(128, 256, 2);
  }

  /** The language model {@code SequentialRNN(AWD_LSTM, LinearDecoder)} with AR/TAR (fastai's alpha 2, beta 1). */
  public static AwdLstmLm languageModel(int vocabSize, Config config, int batchSize) {
    return new AwdLstmLm(new AwdLstm(vocabSize, config, batchSize), RnnRegularizer.defaults());
  }

  /** The embedding with its row dropout. */
  public EmbeddingDropout embedding() {
    return new EmbeddingDropout(vocabSize, settings.embSz(), settings.embedP());
  }

  /** Layer {@code l}'s LSTM. */
  public LSTM layer(int l) {
    int in = l == 0 ? settings.embSz() : settings.nHid();
    return LSTM.of(in, settings.layerSize(l)).withWeightDropout(settings.weightP());
  }

  /** The buffers holding the carried state, in order (h then c per layer); empty without carried state. */
  public List<String> stateBuffers() {
    List<String> out = new ArrayList<>();
    for (int l = 0; batchSize > 0 && l < settings.nLayers(); l++) {
      out.add("hidden." + l + ".h");
      out.add("hidden." + l + ".c");
    }
    return out;
  }

  @Override
  public Var forward(Emitter e, Var tokens) {
    return encode(e, tokens).output();
  }

  /** Emits the encoder on int64 tokens {@code [N, T]}. */
  public Encoded encode(Emitter e, Var tokens) {
    checkArgument(tokens.rank() == 2, "AWD-LSTM takes int64 tokens [N, T], got %s of rank %s", tokens.name(),
        tokens.rank());
    if (batchSize > 0 && tokens.dim(0) > 0) {
      checkArgument(tokens.dim(0) == batchSize, "AWD-LSTM carries a state of %s rows but %s has %s; give the "
          + "language model the loader's batch size", batchSize, tokens.name(), tokens.dim(0));
    }
    List<LSTM.State> start = null;
    if (batchSize > 0) {
      start = new ArrayList<>();
      for (int l = 0; l < settings.nLayers(); l++) {
        String name = Integer.toString(l);
        LSTM lstm = layer(l);
        start.add(e.scoped("hidden", () -> e.scoped(name, () -> carried(e, lstm))));
      }
    }
    Chunk c = encodeChunk(e, tokens, start);
    if (batchSize > 0) {
      for (int l = 0; l < settings.nLayers(); l++) {
        // validation carries the state as training does (fastai's encoder keeps self.hidden in eval too)
        e.updateState(start.get(l).h(), c.states().get(l).h());
        e.updateState(start.get(l).c(), c.states().get(l).c());
      }
    }
    return new Encoded(c.output(), c.embeddingWeight());
  }

  /**
   * Emits the encoder on int64 tokens {@code [N, T]} from the given state of each layer (null: zeros),
   * without touching the carried state: how {@link SentenceEncoder} runs it chunk after chunk. Every
   * call shares the same parameters; the dropout masks are drawn per call, as fastai's are per
   * forward pass.
   */
  public Chunk encodeChunk(Emitter e, Var tokens, List<LSTM.State> start) {
    checkArgument(start == null || start.size() == settings.nLayers(), "AWD-LSTM has %s layers but got %s states",
        settings.nLayers(), start == null ? 0 : start.size());
    EmbeddingDropout emb = embedding();
    Var w = e.scoped("encoder", () -> emb.weight(e));
    Var embedded = emb.lookup(e, tokens, w);
    Var x = e.scoped("input_dp", () -> new RNNDropout(settings.inputP()).forward(e, embedded));
    List<LSTM.State> end = new ArrayList<>();
    for (int l = 0; l < settings.nLayers(); l++) {
      String name = Integer.toString(l);
      LSTM lstm = layer(l);
      LSTM.State from = start != null ? start.get(l) : zeroState(e, tokens, lstm.hiddenSize());
      Var in = x;
      LSTM.Result r = e.scoped("rnns", () -> e.scoped(name, () -> lstm.forward(e, in, from)));
      end.add(r.state());
      x = l == settings.nLayers() - 1 ? r.output()
          : e.scoped("hidden_dps", () -> e.scoped(name,
              () -> new RNNDropout(settings.hiddenP()).forward(e, r.output())));
    }
    return new Chunk(x, w, end);
  }

  /**
   * Zeros {@code [N, hidden]} made from the tokens ({@code 0 * tokens[:, :1]}, broadcast) rather than
   * by {@code ConstantOfShape} of a shape computed at run time, so that shape inference (fastj's and
   * ONNX Runtime's) knows the state's dims wherever it knows the batch's: with a static batch
   * ({@link dev.fastj.nn.Module#staticBatch()}) every state of the unrolled recurrence is static.
   * They depend on no parameter, so no gradient flows into them.
   */
  static LSTM.State zeroState(Emitter e, Var tokens, int hidden) {
    Var first = e.op("Slice", List.of(tokens, e.constantLongs(new long[] {0}, 1), e.constantLongs(new long[] {1}, 1),
        e.constantLongs(new long[] {1}, 1)), java.util.Map.of());
    Var zeros = e.op("Mul", e.op("Cast", List.of(first), java.util.Map.of("to", 1L)),
        e.constant(new float[hidden], 1, hidden));
    return new LSTM.State(zeros, zeros);
  }

  private LSTM.State carried(Emitter e, LSTM lstm) {
    long[] shape = {batchSize, lstm.hiddenSize()};
    return new LSTM.State(e.buffer("h", shape, new Init.Constant(0)), e.buffer("c", shape, new Init.Constant(0)));
  }

  @Override
  public String describe() {
    return "AWD_LSTM(" + vocabSize + ", " + settings.embSz() + ", " + settings.nHid() + ", " + settings.nLayers() + ")";
  }
}
