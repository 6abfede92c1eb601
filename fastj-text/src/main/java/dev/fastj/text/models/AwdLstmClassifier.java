package dev.fastj.text.models;

import static com.google.common.base.Preconditions.checkArgument;

import dev.fastj.nn.Emitter;
import dev.fastj.nn.Module;
import dev.fastj.nn.Var;

/**
 * fastai's text classifier {@code SequentialRNN(SentenceEncoder, PoolingLinearClassifier)} from
 * {@code get_text_classifier}: padded tokens {@code [N, T]} in, class logits {@code [N, classes]}
 * out. The encoder is scope {@code 0} (its AWD-LSTM {@code 0.module}, so {@code 0.module.encoder.weight}
 * is the embedding, as fastai names it) and the head scope {@code 1}. While training, AR/TAR apply to
 * the encoder's output as fastai's {@code RNNRegularizer} does for the classifier.
 *
 * @param encoder the sentence encoder
 * @param head the pooling classifier
 * @param regularizer AR/TAR
 */
public record AwdLstmClassifier(SentenceEncoder encoder, PoolingLinearClassifier head, RnnRegularizer regularizer)
    implements Module {

  /** Checks the parts. */
  public AwdLstmClassifier {
    checkArgument(encoder != null && head != null && regularizer != null, "the classifier needs an encoder, a head "
        + "and a regularizer");
    checkArgument(head.dims().get(0) == 3 * encoder.module().settings().embSz(), "the head takes %s features but "
        + "concat pooling gives 3 * emb_sz = %s", head.dims().get(0), 3 * encoder.module().settings().embSz());
  }

  /**
   * fastai's {@code get_text_classifier(AWD_LSTM, vocab_sz, n_class, seq_len, config, drop_mult)}:
   * {@code config}'s dropouts times {@code dropMult}, the head {@code [3 * emb, 50, n]} with ps
   * {@code [output_p * drop_mult, 0.1]}.
   */
  public static AwdLstmClassifier of(int vocabSize, int nClasses, AwdLstm.Config config, double dropMult, int seqLen,
      int maxLen) {
    AwdLstm.Config c = config.withDropMult(dropMult);
    AwdLstm lstm = new AwdLstm(vocabSize, c, 0);
    return new AwdLstmClassifier(new SentenceEncoder(lstm, seqLen, maxLen, c.padToken()),
        PoolingLinearClassifier.of(c.embSz(), nClasses, c.outputP()), RnnRegularizer.defaults());
  }

  @Override
  public Var forward(Emitter e, Var tokens) {
    SentenceEncoder.Output out = e.scoped("0", () -> encoder.encode(e, tokens));
    regularizer.apply(e, out.output(), out.output());
    return e.scoped("1", () -> head.forward(e, out.output(), out.padMask()));
  }

  /**
   * True: the classifier's graphs are compiled per batch shape (its batches vary in length anyway),
   * which ONNX Runtime turns into sessions several times faster than graphs of a symbolic batch.
   */
  @Override
  public boolean staticBatch() {
    return true;
  }

  @Override
  public String describe() {
    return "SequentialRNN(" + encoder.describe() + ", " + head.describe() + ")";
  }
}
