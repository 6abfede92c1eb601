package dev.fastj.samples.lessons;

import dev.fastj.data.CategoryBlock;
import dev.fastj.data.DataBlock;
import dev.fastj.data.Labels;
import dev.fastj.data.Splitters;
import dev.fastj.text.GradualUnfreezing;
import dev.fastj.text.TextBlock;
import dev.fastj.text.TextDataLoaders;
import dev.fastj.text.TextDatasets;
import dev.fastj.text.TextFiles;
import dev.fastj.text.TextInterpretation;
import dev.fastj.text.TextLearner;
import dev.fastj.text.models.AwdLstm;
import java.nio.file.Path;

/**
 * fastai's ULMFiT notebook of lesson 3 (IMDB) on the bundled spam-assassin mail: a language model
 * fine-tuned on all the mail, its encoder saved, then a classifier on that encoder trained with
 * gradual unfreezing, a prediction and the top losses. fastai's IMDB notebook starts from a
 * Wikitext-103 language model; this one starts from random weights (docs/text.md says why), with
 * a small AWD-LSTM for CPUs ({@code AwdLstm.config()} is fastai's 400/1152/3).
 *
 * <p>Run with {@code java -cp ... dev.fastj.samples.lessons.Lesson3Imdb [DATA_DIR] [LM_EPOCHS]}: a
 * folder of class folders of {@code .txt} files (default: the bundled mail, 3,000 messages; one
 * language-model epoch takes about a quarter of an hour on 2 cores).
 */
public final class Lesson3Imdb {

  /** Tokens the classifier reads (fastai: 1440, whose graphs take minutes to compile on a CPU). */
  private static final int MAX_LEN = 288;

  private Lesson3Imdb() {}

  public static void main(String[] args) throws Exception {
    Path path = args.length > 0 ? Path.of(args[0]) : TextDatasets.spamAssassin();
    int lmEpochs = args.length > 1 ? Integer.parseInt(args[1]) : 1;
    AwdLstm.Config config = AwdLstm.config().withSizes(64, 128, 2);

    // the language model reads every text, labels or not (fastai: TextBlock.from_folder(path, is_lm=True))
    DataBlock<Path> lmBlock = DataBlock.of(TextBlock.fromFolder(path, true))
        .getItems(TextFiles::get).splitter(Splitters.random(0.1, 42));
    try (TextDataLoaders dlsLm = (TextDataLoaders) lmBlock.dataloaders(path, 32)) {
      dlsLm.showBatch(2);
      try (TextLearner lm = TextLearner.languageModel(dlsLm, config, 0.3)) {
        lm.fitOneCycle(1, 2e-2);                      // the body frozen: only the last group trains
        lm.unfreeze();
        lm.fitOneCycle(lmEpochs, 2e-3);
        lm.saveEncoder("finetuned");
        System.out.println(lm.predict("I liked this offer because", 20, 0.75));
      }

      // the classifier keeps the language model's vocabulary, so that the encoder fits it
      DataBlock<Path> clasBlock = DataBlock.of(TextBlock.fromFolder(path, false).withVocab(dlsLm.textVocab()),
              CategoryBlock.create())
          .getItems(TextFiles::get).getY(Labels.parentLabel()).splitter(Splitters.random(0.2, 42));
      try (TextDataLoaders dlsClas = (TextDataLoaders) clasBlock.dataloaders(path, 32)) {
        dlsClas.showBatch(3);
        try (TextLearner clas = TextLearner.classifier(dlsClas, config, 0.5, MAX_LEN, b -> b)) {
          clas.loadEncoder("finetuned");
          // fit_one_cycle at the head, then freeze_to(-2), freeze_to(-3) and unfreeze() with their slices
          GradualUnfreezing.defaults().fit(clas);
          System.out.println(clas.predict("Congratulations! You have won a free prize, click here to claim it"));
          System.out.println(TextInterpretation.from(clas).table(5));
        }
      }
    }
  }
}
