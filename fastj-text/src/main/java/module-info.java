/**
 * fastj's text: fastai's tokenizer rules and special tokens, numericalization, TextBlock, the
 * language-model and classifier data loaders, AWD-LSTM and the text learners. Every package is
 * exported.
 *
 * <p>Its models train on a backend: an application also requires {@code dev.fastj.onnx.train}.
 *
 * @provides dev.fastj.spi.InputRecipe.Reader reads the text recipe of an exported text model
 */
@SuppressWarnings("requires-automatic")
module dev.fastj.text {
  requires transitive dev.fastj.api;
  requires com.google.common;
  // UAX #29 word boundaries; ICU4J is an automatic module named by its manifest
  requires com.ibm.icu;
  // fix_html's html.unescape
  requires org.apache.commons.text;

  exports dev.fastj.text;
  exports dev.fastj.text.models;

  // also in META-INF/services, for the class path
  provides dev.fastj.spi.InputRecipe.Reader with dev.fastj.text.TextRecipe.Reader;
}
