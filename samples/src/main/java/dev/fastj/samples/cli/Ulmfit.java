package dev.fastj.samples.cli;

import dev.fastj.data.CategoryBlock;
import dev.fastj.data.DataBlock;
import dev.fastj.data.DataBlockException;
import dev.fastj.data.Labels;
import dev.fastj.data.Splitter;
import dev.fastj.data.Splitters;
import dev.fastj.text.TextBlock;
import dev.fastj.text.TextDataLoaders;
import dev.fastj.text.TextLearner;
import dev.fastj.text.Vocab;
import dev.fastj.text.models.AwdLstm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The ULMFiT steps that {@code train-text} and {@code quickstart-text} share: the language
 * model's loaders on every text, its fine-tuning from scratch with the encoder saved as
 * {@code lm}, the classifier's loaders on the language model's vocabulary, and the temporary
 * models folder.
 */
final class Ulmfit {

  /** The name of the encoder the language model saves and the classifier loads. */
  static final String ENCODER = "lm";

  private Ulmfit() {}

  /** fastai's {@code TextBlock.from_folder(path, is_lm=True)} on {@code texts}, 10% (seeded) to validate. */
  static TextDataLoaders lmDls(Path data, List<Path> texts, long seed, int bs) {
    return (TextDataLoaders) DataBlock.of(TextBlock.fromFolder(data, true)).getItems(p -> texts)
        .splitter(Splitters.random(0.1, seed)).dataloaders(data, bs);
  }

  /**
   * fastai's {@code language_model_learner(dls, AWD_LSTM, drop_mult=0.3)} from random weights,
   * {@code fit_one_cycle(epochs, 1e-2)}, its encoder saved in {@code models}; puts the
   * validation accuracy and perplexity into {@code res} ({@code lm_accuracy}, {@code lm_perplexity}).
   */
  static void fineTuneLm(TextDataLoaders lmDls, AwdLstm.Config config, int epochs, long seed, Path models,
      Map<String, Object> res) {
    try (TextLearner lm = TextLearner.languageModel(lmDls, config, 0.3, b -> b.seed(seed).path(models))) {
      lm.fitOneCycle(epochs, 1e-2);
      double[] v = lm.validate();
      res.put("lm_perplexity", v[2]);
      res.put("lm_accuracy", v[1]);
      lm.saveEncoder(ENCODER);
    }
  }

  /** The classifier's loaders: {@code texts} labelled by their parent folder, on the language model's vocabulary. */
  static TextDataLoaders classifierDls(Path data, List<Path> texts, Vocab vocab, Splitter<? super Path> splitter,
      int bs, String command) {
    try {
      return (TextDataLoaders) DataBlock.of(TextBlock.fromFolder(data, false).withVocab(vocab),
          CategoryBlock.create()).getItems(p -> texts).getY(Labels.parentLabel()).splitter(splitter)
          .dataloaders(data, bs);
    } catch (DataBlockException e) {
      throw new CliException(command + ": " + e.getMessage());
    }
  }

  /** A fresh temporary folder for the encoder file. */
  static Path tempModels(String command) {
    try {
      return Files.createTempDirectory("fastj-" + command);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary folder for the encoder: " + e.getMessage(), e);
    }
  }

  /** Deletes {@code dir} and what it holds, ignoring failures. */
  static void deleteQuietly(Path dir) {
    try (var s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary folder left behind is no reason to fail the training
    }
  }
}
