/**
 * fastai's text application, its data side: the {@link dev.fastj.text.Tokenizer} (fastai's
 * {@link dev.fastj.text.Rules rules} and {@link dev.fastj.text.SpecialTokens special tokens} over
 * a spaCy-like {@link dev.fastj.text.WordTokenizer}), tokenizing a folder in parallel into a
 * {@link dev.fastj.text.TokenizedFolder cache}, and its learners: {@link dev.fastj.text.TextLearner}
 * (ULMFiT's language model and classifier), started from a {@link dev.fastj.text.PretrainedLm}.
 * Entry points: {@code Tokenizer.create}, {@code TextFiles.get}, {@code TextLearner.languageModel}.
 */
package dev.fastj.text;
