package dev.fastj.text;

import dev.fastj.data.CategoryBlock;
import dev.fastj.data.DataBlock;
import dev.fastj.data.Labels;
import dev.fastj.data.Splitters;
import dev.fastj.spi.Device;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The measurement behind docs/text.md's comparison with TF-IDF, run by hand (about 15 minutes on 2
 * cores), not by the build: ULMFiT on all 3,000 bundled messages, a random 80/20 split (seed 42).
 * The language model fine-tunes on every text for {@code -Dfastj.lmEpochs} epochs (default 2), then
 * the classifier loads its encoder and trains with the course's gradual unfreezing. It writes the
 * validation files to {@code -Dfastj.fullMail} (a path), for {@code dev/text/tfidf_ref.py --valid-list}.
 *
 * <pre>
 * mvn -B -o -q test -pl fastj-text -am -Dtest=FullMailComparison -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dfastj.fullMail=/tmp/mail-valid.txt
 * python3 dev/text/tfidf_ref.py --data DIR --valid-list /tmp/mail-valid.txt   (DIR: the unpacked ham/ and spam/)
 * </pre>
 */
class FullMailComparison {

  @Test
  @EnabledIfSystemProperty(named = "fastj.fullMail", matches = ".+")
  void ulmfit_onAllTheMail() throws IOException {
    Path root = TextDatasets.spamAssassin();
    int lmEpochs = Integer.getInteger("fastj.lmEpochs", 2);
    int maxLen = Integer.getInteger("fastj.maxLen", 288);
    Path models = Files.createTempDirectory("fullmail");
    long t0 = System.nanoTime();
    TextDataLoaders lmDls = (TextDataLoaders) DataBlock.of(TextBlock.fromFolder(root, true))
        .getItems(p -> TextFiles.get(p, "ham", "spam")).splitter(Splitters.random(0.1, 42)).dataloaders(root, 32);
    try (TextLearner lm = TextLearner.languageModel(lmDls, UlmfitTest.SMALL, 0.3,
        b -> b.device(Device.cpu(2)).seed(1).path(models))) {
      lm.fitOneCycle(lmEpochs, 1e-2);
      lm.saveEncoder("mail");
    }
    double lmSeconds = (System.nanoTime() - t0) / 1e9;
    TextDataLoaders dls = (TextDataLoaders) DataBlock.of(TextBlock.fromFolder(root, false).withVocab(lmDls.textVocab()),
        CategoryBlock.create()).getItems(p -> TextFiles.get(p, "ham", "spam")).getY(Labels.parentLabel())
        .splitter(Splitters.random(0.2, 42)).dataloaders(root, 32);
    List<String> valid = new ArrayList<>();
    for (int i = 0; i < dls.valid().itemCount(); i++) {
      valid.add(((Path) dls.valid().item(i)).toAbsolutePath().toString());
    }
    Files.write(Path.of(System.getProperty("fastj.fullMail")), valid);
    long t1 = System.nanoTime();
    try (TextLearner clas = TextLearner.classifier(dls, UlmfitTest.SMALL, 0.5, maxLen,
        b -> b.device(Device.cpu(2)).seed(1).path(models))) {
      clas.loadEncoder("mail");
      GradualUnfreezing.defaults().fit(clas);
      double[] v = clas.validate();
      System.out.printf("[full mail] LM %d epochs in %.0f s; classifier (max_len %d) accuracy %.4f on %d validation "
          + "messages (%d wrong), in %.0f s%n", lmEpochs, lmSeconds, maxLen, v[1], dls.valid().itemCount(),
          Math.round((1 - v[1]) * dls.valid().itemCount()), (System.nanoTime() - t1) / 1e9);
      System.out.print(TextInterpretation.from(clas).table(5));
    }
  }
}
