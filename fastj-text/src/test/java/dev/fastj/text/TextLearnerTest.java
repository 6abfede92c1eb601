package dev.fastj.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.fastj.callback.Callback;
import dev.fastj.data.CategoryBlock;
import dev.fastj.data.DataBlock;
import dev.fastj.data.Labels;
import dev.fastj.data.Splitters;
import dev.fastj.data.TensorData;
import dev.fastj.learner.FitState;
import dev.fastj.learner.Lr;
import dev.fastj.learner.Prediction;
import dev.fastj.onnx.runtime.OnnxTrainableModel;
import dev.fastj.spi.Device;
import dev.fastj.text.models.AwdLstm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The text learners' API on a small made-up corpus (two classes of texts of 10 to 160 words, from
 * two overlapping word lists) and a tiny AWD-LSTM: parameter groups and freezing, the carried
 * state and its reset, the encoder file and its refusals, prediction and generation.
 */
class TextLearnerTest {

  private static final AwdLstm.Config TINY = AwdLstm.config().withSizes(16, 24, 2);

  @TempDir
  Path tmp;

  private Path corpus() throws IOException {
    Path root = tmp.resolve("texts");
    String[] common = {"the", "a", "and", "of", "to", "is", "in", "it", "that", "was"};
    String[][] own = {{"good", "great", "fine", "happy", "love", "nice"}, {"bad", "awful", "sad", "poor", "hate", "ugly"}};
    String[] names = {"pos", "neg"};
    Random r = new Random(3);
    for (int c = 0; c < 2; c++) {
      Files.createDirectories(root.resolve(names[c]));
      for (int i = 0; i < 60; i++) {
        int n = 10 + r.nextInt(150);
        StringBuilder sb = new StringBuilder();
        for (int w = 0; w < n; w++) {
          String word = r.nextInt(3) == 0 ? own[c][r.nextInt(6)] : common[r.nextInt(common.length)];
          sb.append(w == 0 ? "" : " ").append(w % 12 == 0 ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : word);
        }
        Files.writeString(root.resolve(names[c]).resolve(i + ".txt"), sb + ".\n");
      }
    }
    return root;
  }

  private TextDataLoaders lmDls(Path root) {
    return (TextDataLoaders) DataBlock.of(TextBlock.fromFolder(root, true)).getItems(TextFiles::get)
        .splitter(Splitters.random(0.2, 42)).dataloaders(root, 8);
  }

  private TextDataLoaders clasDls(Path root, Vocab vocab) {
    TextBlock block = TextBlock.fromFolder(root, false);
    return (TextDataLoaders) DataBlock.of(vocab == null ? block : block.withVocab(vocab), CategoryBlock.create())
        .getItems(TextFiles::get).getY(Labels.parentLabel()).splitter(Splitters.random(0.2, 42)).dataloaders(root, 16);
  }

  private static TextLearner lm(TextDataLoaders dls) {
    return TextLearner.languageModel(dls, TINY, 0.3, b -> b.device(Device.cpu(2)).seed(1).progress(null));
  }

  private static TextLearner clas(TextDataLoaders dls, AwdLstm.Config config) {
    return TextLearner.classifier(dls, config, 0.5, b -> b.device(Device.cpu(2)).seed(1).progress(null));
  }

  private static Map<String, TensorData> weights(TextLearner l) {
    return l.model().stateDict(false);
  }

  private static boolean same(Map<String, TensorData> a, Map<String, TensorData> b, String name) {
    return java.util.Arrays.equals(a.get(name).toFloatArray(), b.get(name).toFloatArray());
  }

  @Test
  void languageModel_hasFastaiSplitsMomsAndMetrics_freezeTrainsEmbeddingAndDecoderOnly() throws IOException {
    try (TextDataLoaders dls = lmDls(corpus()); TextLearner learn = lm(dls)) {
      assertThat(learn.paramGroupCount()).isEqualTo(3);
      assertThat(learn.moms()).isEqualTo(TextLearner.TEXT_MOMS);
      assertThat(learn.metrics()).extracting(m -> m.name()).containsExactly("accuracy", "perplexity");
      learn.freeze();
      assertThat(learn.frozenIdx()).isEqualTo(2);
      Map<String, TensorData> before = weights(learn);
      learn.fit(1, 1e-2);
      Map<String, TensorData> after = weights(learn);
      assertThat(same(before, after, "0.rnns.0.weight_hh")).isTrue();
      assertThat(same(before, after, "0.rnns.1.weight_ih")).isTrue();
      assertThat(same(before, after, "0.encoder.weight")).isFalse();
      learn.unfreeze();
      learn.fit(1, 1e-2);
      assertThat(same(after, weights(learn), "0.rnns.0.weight_hh")).isFalse();
    }
  }

  @Test
  void modelResetter_zeroesTheStateBeforeEachTrainingAndValidation_validationCarriesIt() throws IOException {
    List<Double> atStart = new ArrayList<>();
    List<Double> atEnd = new ArrayList<>();
    Callback probe = new Callback() {
      @Override
      public int order() {
        return 10;
      }

      @Override
      public void beforeTrain(FitState s) {
        atStart.add(stateNorm(s.learner().model().stateDict(false)));
      }

      @Override
      public void beforeValidate(FitState s) {
        atStart.add(stateNorm(s.learner().model().stateDict(false)));
      }

      @Override
      public void afterTrain(FitState s) {
        atEnd.add(stateNorm(s.learner().model().stateDict(false)));
      }

      @Override
      public void afterValidate(FitState s) {
        atEnd.add(stateNorm(s.learner().model().stateDict(false)));
      }
    };
    try (TextDataLoaders dls = lmDls(corpus()); TextLearner learn = lm(dls)) {
      learn.addCallback(probe);
      learn.fit(2, 1e-2);
      // two epochs, each a training and a validation phase
      assertThat(atStart).hasSize(4).allSatisfy(n -> assertThat(n).isZero());
      assertThat(atEnd).hasSize(4).allSatisfy(n -> assertThat(n).isGreaterThan(0.1));
      // after the fit the resetter zeroed it again; validate() runs it too, and carries the state across batches
      assertThat(stateNorm(learn.model().stateDict(false))).isZero();
      learn.validate();
      assertThat(atStart).hasSize(5).last().isEqualTo(0.0);
      assertThat(atEnd).hasSize(5).last().satisfies(n -> assertThat(n).isGreaterThan(0.1));
    }
  }

  private static double stateNorm(Map<String, TensorData> state) {
    double s = 0;
    for (Map.Entry<String, TensorData> e : state.entrySet()) {
      if (e.getKey().startsWith("0.hidden.")) {
        for (float f : e.getValue().toFloatArray()) {
          s += f * f;
        }
      }
    }
    return Math.sqrt(s);
  }

  @Test
  void generation_addsNWordsAndDecodesSpecialTokens() throws IOException {
    try (TextDataLoaders dls = lmDls(corpus()); TextLearner learn = lm(dls)) {
      learn.fitOneCycle(1, 1e-2);
      List<String> words = learn.generate("The good", 7, 0.75);
      assertThat(words).hasSize(7).doesNotContain(SpecialTokens.UNK);
      String text = learn.predict("The good", 7, 0.75);
      assertThat(text).startsWith("The good ");
      assertThat(learn.predict("The good", 7, 0.75)).isEqualTo(text);
      assertThat(TextLearner.decodeSpecTokens(List.of("xxmaj", "hello", "xxup", "ok", "xxrep", "3", "!", "xxwrep", "2",
          "ha"))).containsExactly("Hello", "OK", "!!!", "ha", "ha");
    }
  }

  @Test
  void gradualUnfreezing_fitsFourCyclesAtTheirFreezingAndLearningRates() throws IOException {
    Path root = corpus();
    List<int[]> fits = new ArrayList<>();
    List<double[]> lrs = new ArrayList<>();
    Callback record = new Callback() {
      @Override
      public void beforeFit(FitState s) {
        fits.add(new int[] {s.learner().frozenIdx(), s.nEpoch()});
        lrs.add(s.hypers().get(dev.fastj.learner.HyperParam.LR).clone());
      }
    };
    try (TextDataLoaders dls = clasDls(root, null); TextLearner learn = clas(dls, TINY)) {
      learn.freeze();
      GradualUnfreezing.defaults().withEpochs(1).fit(learn, record);
      assertThat(learn.frozenIdx()).isZero();
    }
    assertThat(fits).extracting(f -> f[0]).containsExactly(3, 2, 1, 0);
    assertThat(fits).extracting(f -> f[1]).containsExactly(1, 1, 1, 1);
    // each cycle's lr_max per group (the one-cycle schedule starts from it): 2e-2 everywhere, then the slices
    assertThat(lrs.get(0)).containsOnly(2e-2);
    double mult = Math.pow(2.6, 4);
    for (int i = 1; i < 4; i++) {
      double stop = new double[] {0, 1e-2, 5e-3, 1e-3}[i];
      assertThat(lrs.get(i)).hasSize(4);
      assertThat(lrs.get(i)[0]).isCloseTo(stop / mult, within(1e-12));
      assertThat(lrs.get(i)[3]).isCloseTo(stop, within(1e-12));
    }
  }

  @Test
  void classifier_hasFastaiSplits_freezeToTrainsTheLastGroups_acrossBatchLengths() throws IOException {
    Path root = corpus();
    try (TextDataLoaders dls = clasDls(root, null); TextLearner learn = clas(dls, TINY)) {
      assertThat(learn.paramGroupCount()).isEqualTo(4);
      assertThat(learn.moms()).isEqualTo(TextLearner.TEXT_MOMS);
      assertThat(learn.config().outputP()).isCloseTo(0.4 * 0.5, within(1e-12));
      learn.freezeTo(-2);
      Map<String, TensorData> before = weights(learn);
      learn.fitOneCycle(1, Lr.slice(1e-2 / Math.pow(2.6, 4), 1e-2));
      Map<String, TensorData> after = weights(learn);
      assertThat(same(before, after, "0.module.encoder.weight")).isTrue();
      assertThat(same(before, after, "0.module.rnns.0.weight_hh")).isTrue();
      assertThat(same(before, after, "0.module.rnns.1.weight_hh")).isFalse();
      assertThat(same(before, after, "1.layers.1.2.weight")).isFalse();
      learn.freezeTo(-3);
      learn.fit(1, 1e-3);
      assertThat(same(after, weights(learn), "0.module.rnns.0.weight_hh")).isFalse();
      assertThat(same(after, weights(learn), "0.module.encoder.weight")).isTrue();
      // texts of 10 to 160 words: batches of 16 and of the 8 left for validation, of 72, 144 or 216 tokens, all
      // sharing the weights
      assertThat(((OnnxTrainableModel) learn.model()).openShapes()).isBetween(3, 6);

      TextInterpretation interp = TextInterpretation.from(learn);
      List<TextInterpretation.TopLoss> top = interp.topLosses(3);
      assertThat(top).hasSize(3);
      assertThat(top.get(0).loss()).isGreaterThanOrEqualTo(top.get(1).loss());
      assertThat(top.get(1).loss()).isGreaterThanOrEqualTo(top.get(2).loss());
      assertThat(top).allSatisfy(t -> {
        assertThat(t.text()).startsWith("xxbos");
        assertThat(t.actual()).isIn("pos", "neg");
        assertThat(t.item()).isInstanceOf(Path.class);
      });
      assertThat(interp.all()).hasSize(dls.valid().itemCount());
      assertThat(interp.table(2)).contains("prediction").contains(top.get(0).actual());

      Prediction p = learn.predict("good great fine happy and the nice");
      assertThat(p.label()).isIn("pos", "neg");
      double sum = 0;
      for (float f : p.probabilities()) {
        sum += f;
      }
      assertThat(sum).isCloseTo(1, within(1e-5));
      assertThat(p.probabilities()).hasSize(2);
    }
  }

  @Test
  void loadEncoder_loadsTheLanguageModelsEncoderAndFreezes_refusesAnotherVocabOrSize() throws IOException {
    Path root = corpus();
    try (TextDataLoaders lmDls = lmDls(root); TextLearner lm = lm(lmDls)) {
      lm.fit(1, 1e-2);
      Path file = lm.saveEncoder("enc");
      assertThat(file).isEqualTo(root.resolve("models").resolve("enc.enc")).exists();
      assertThat(Files.list(root.resolve("models"))).hasSize(1);
      Map<String, TensorData> lmWeights = weights(lm);
      try (TextDataLoaders dls = clasDls(root, lmDls.textVocab()); TextLearner clas = clas(dls, TINY)) {
        clas.loadEncoder("enc");
        assertThat(clas.frozenIdx()).isEqualTo(3);
        Map<String, TensorData> w = weights(clas);
        assertThat(w.get("0.module.rnns.1.weight_hh").toFloatArray())
            .containsExactly(lmWeights.get("0.rnns.1.weight_hh").toFloatArray());
        assertThat(w.get("0.module.encoder.weight").toFloatArray())
            .containsExactly(lmWeights.get("0.encoder.weight").toFloatArray());
        assertThatThrownBy(() -> clas.loadEncoder("nothing")).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("saveEncoder");
      }
      try (TextDataLoaders dls = clasDls(root, lmDls.textVocab());
          TextLearner other = clas(dls, AwdLstm.config().withSizes(16, 32, 2))) {
        assertThatThrownBy(() -> other.loadEncoder("enc")).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("rnns.0.weight_ih").hasMessageContaining("[96, 16]")
            .hasMessageContaining("[128, 16]").hasMessageContaining("sizes");
      }
      List<String> itos = new ArrayList<>(lmDls.textVocab().itos());
      itos.set(itos.size() - 1, "zzz");
      try (TextDataLoaders dls = clasDls(root, Vocab.of(itos)); TextLearner other = clas(dls, TINY)) {
        assertThatThrownBy(() -> other.loadEncoder("enc")).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("withVocab(dlsLm.textVocab())").hasMessageContaining("'zzz'");
      }
    }
  }

  @Test
  void classifierExport_loadsInAnotherLearner_andPredictsTextsAndFilesAsTheTrainedOne() throws IOException {
    Path root = corpus();
    try (TextDataLoaders dls = clasDls(root, null);
        TextLearner learn = TextLearner.classifier(dls, TINY, 0.5, 144, b -> b.device(Device.cpu(2)).seed(1)
            .progress(null))) {
      learn.fitOneCycle(1, 1e-2);
      Path file = tmp.resolve("texts.fastj");
      learn.export(file);
      Path txt = root.resolve("pos").resolve("3.txt");
      String text = "good great the and fine nice of happy ".repeat(30);
      try (dev.fastj.learner.Learner inf = dev.fastj.learner.Learner.load(file)) {
        assertThat(inf.vocab()).containsExactly("neg", "pos");
        for (Object item : List.of(text, txt)) {
          Prediction mine = item instanceof Path p ? learn.predict(p) : learn.predict((String) item);
          Prediction loaded = item instanceof Path p ? inf.predict(p) : inf.predict((String) item);
          assertThat(loaded.label()).isEqualTo(mine.label());
          for (int k = 0; k < 2; k++) {
            assertThat(loaded.probabilities()[k]).isCloseTo(mine.probabilities()[k], within(1e-4f));
          }
        }
        assertThat(inf.predictBatch(List.of(txt, root.resolve("neg").resolve("5.txt")))).hasSize(2);
      }
    }
    try (TextDataLoaders lmDls = lmDls(root); TextLearner lm = lm(lmDls)) {
      assertThatThrownBy(() -> lm.export(tmp.resolve("lm.fastj"))).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("saveEncoder");
    }
  }

  @Test
  void learners_refuseTheOtherKindOfLoaders() throws IOException {
    Path root = corpus();
    try (TextDataLoaders lmDls = lmDls(root); TextDataLoaders clasDls = clasDls(root, null)) {
      assertThatThrownBy(() -> TextLearner.classifier(lmDls, TINY, 0.5)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("TextBlock.fromFolder(path, false)");
      assertThatThrownBy(() -> TextLearner.languageModel(clasDls, TINY, 0.5))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TextBlock.fromFolder(path, true)");
    }
  }
}
