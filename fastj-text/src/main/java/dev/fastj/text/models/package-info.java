/**
 * fastai's {@code fastai.text.models}: the AWD-LSTM encoder ({@link dev.fastj.text.models.AwdLstm},
 * {@link dev.fastj.text.models.AwdLstm#config()}), its dropouts ({@link dev.fastj.text.models.EmbeddingDropout},
 * {@link dev.fastj.text.models.RNNDropout}, weight dropout in {@link dev.fastj.nn.LSTM#withWeightDropout}),
 * the language model's {@link dev.fastj.text.models.LinearDecoder} with tied weights
 * ({@link dev.fastj.text.models.AwdLstmLm}), AR/TAR ({@link dev.fastj.text.models.RnnRegularizer}) and
 * the flat cross-entropy of a language model ({@link dev.fastj.text.models.LmCrossEntropy}).
 */
package dev.fastj.text.models;
