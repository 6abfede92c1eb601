package dev.fastj.text.models;

import static com.google.common.base.Preconditions.checkArgument;

import dev.fastj.nn.Emitter;
import dev.fastj.nn.Module;
import dev.fastj.nn.Var;

/**
 * fastai's language model {@code SequentialRNN(AWD_LSTM, LinearDecoder)} with its
 * {@code RNNRegularizer}: tokens {@code [N, T]} in, logits {@code [N, T, vocab]} out. The encoder is
 * scope {@code 0} and the decoder scope {@code 1}, as fastai's; with the config's tied weights the
 * decoder reads the encoder's {@code 0.encoder.weight} and has no weight of its own.
 *
 * @param encoder the AWD-LSTM encoder
 * @param regularizer AR/TAR, added to the training step's gradient
 */
public record AwdLstmLm(AwdLstm encoder, RnnRegularizer regularizer) implements Module {

  /** Checks both parts. */
  public AwdLstmLm {
    checkArgument(encoder != null, "the language model's encoder is null");
    checkArgument(regularizer != null, "the regularizer is null; use RnnRegularizer.defaults() or new "
        + "RnnRegularizer(0, 0)");
  }

  /** The decoder the config gives. */
  public LinearDecoder decoder() {
    AwdLstm.Config c = encoder.settings();
    return new LinearDecoder(encoder.vocabSize(), c.embSz(), c.outputP(), c.outBias());
  }

  @Override
  public Var forward(Emitter e, Var tokens) {
    AwdLstm.Encoded enc = e.scoped("0", () -> encoder.encode(e, tokens));
    LinearDecoder.Decoded d = e.scoped("1", () -> decoder().decode(e, enc.output(),
        encoder.settings().tieWeights() ? enc.embeddingWeight() : null));
    regularizer.apply(e, enc.output(), d.dropped());
    return d.logits();
  }

  @Override
  public String describe() {
    return "SequentialRNN(" + encoder.describe() + ", " + decoder().describe() + ")";
  }
}
