package dev.fastj.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.fastj.data.DataBlock;
import dev.fastj.data.Splitters;
import dev.fastj.data.TensorData;
import dev.fastj.spi.Device;
import dev.fastj.text.models.AwdLstm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starting a language model from a {@link PretrainedLm}: fastai's {@code match_embeds} on known
 * rows, the file's round trip into a learner of another vocabulary, the refusal of other sizes, and
 * a seeded experiment on the bundled mail (pretrained on ham, fine-tuned on spam, against the same
 * budget on spam from scratch).
 */
class PretrainedLmTest {

  static final AwdLstm.Config TINY = AwdLstm.config().withSizes(8, 12, 2);

  @TempDir
  Path dir;

  @Test
  void matchEmbeds_keepsKnownRowsAndGivesNewTokensTheMean() {
    List<String> oldVocab = List.of("xxunk", "xxpad", "the", "cat", "sat", "xxfake");
    float[] emb = new float[6 * 2];
    float[] bias = new float[6];
    for (int i = 0; i < 6; i++) {
      emb[2 * i] = i;
      emb[2 * i + 1] = 10 * i;
      bias[i] = 100 + i;
    }
    Map<String, TensorData> old = new LinkedHashMap<>();
    old.put(PretrainedLm.EMBEDDING, TensorData.ofFloats(emb, 6, 2));
    old.put("0.rnns.0.weight_hh", TensorData.ofFloats(new float[] {1, 2, 3}, 3));
    old.put(PretrainedLm.DECODER_BIAS, TensorData.ofFloats(bias, 6));
    List<String> newVocab = List.of("xxunk", "xxpad", "sat", "dog", "the", "xxfake", "xxfake", "xxfake");

    Map<String, TensorData> m = PretrainedLm.matchEmbeds(old, oldVocab, newVocab);

    float[] e = m.get(PretrainedLm.EMBEDDING).toFloatArray();
    float[] b = m.get(PretrainedLm.DECODER_BIAS).toFloatArray();
    assertThat(m.get(PretrainedLm.EMBEDDING).shape()).containsExactly(8, 2);
    // mean of the six old rows (xxfake's row counts, as in fastai's wgts.mean(0)): (2.5, 25), bias 102.5
    float[] expected = {0, 0, 1, 10, 4, 40, 2.5f, 25, 2, 20, 2.5f, 25, 2.5f, 25, 2.5f, 25};
    assertThat(e).containsExactly(expected);
    assertThat(b).containsExactly(100, 101, 104, 102.5f, 102, 102.5f, 102.5f, 102.5f);
    assertThat(m.get("0.rnns.0.weight_hh").toFloatArray()).containsExactly(1, 2, 3);
    assertThat(old.get(PretrainedLm.EMBEDDING).shape()).containsExactly(6, 2);
  }

  private Path corpus(String name, String[] words, int docs, long seed) throws Exception {
    Path root = dir.resolve(name);
    Files.createDirectories(root);
    Random r = new Random(seed);
    for (int i = 0; i < docs; i++) {
      StringBuilder sb = new StringBuilder();
      for (int w = 0; w < 40; w++) {
        sb.append(w == 0 ? "" : " ").append(words[r.nextInt(words.length)]);
      }
      Files.writeString(root.resolve(i + ".txt"), sb + "\n");
    }
    return root;
  }

  private static TextDataLoaders lmLoaders(Path root, List<Path> items, int bs) {
    return (TextDataLoaders) DataBlock.of(TextBlock.fromFolder(root, true)).getItems(p -> items)
        .splitter(Splitters.random(0.2, 42)).dataloaders(root, bs);
  }

  @Test
  void languageModel_fromPretrained_matchesTheVocabAndFreezes_andRefusesOtherSizes() throws Exception {
    Path a = corpus("a", new String[] {"red", "green", "blue", "the", "and", "of"}, 20, 1);
    Path b = corpus("b", new String[] {"blue", "the", "and", "cat", "dog", "bird"}, 20, 2);
    Path file = dir.resolve("lm.plm");
    Map<String, TensorData> before;
    List<String> oldVocab;
    try (TextLearner lm = TextLearner.languageModel(lmLoaders(a, TextFiles.get(a), 4), TINY, 0.3,
        o -> o.device(Device.cpu(2)).seed(1).progress(null))) {
      lm.fitOneCycle(1, 1e-2);
      assertThat(lm.savePretrained(file)).isEqualTo(file);
      before = lm.model().stateDict(false);
      oldVocab = lm.textDls().textVocab().itos();
    }
    PretrainedLm p = PretrainedLm.read(file);
    assertThat(p.vocab()).isEqualTo(oldVocab);
    assertThat(p.config()).isEqualTo(TINY.withDropMult(0.3));

    TextDataLoaders dlsB = lmLoaders(b, TextFiles.get(b), 4);
    try (TextLearner lm = TextLearner.languageModel(dlsB, TINY, 0.3, file,
        o -> o.device(Device.cpu(2)).seed(2).progress(null))) {
      Map<String, TensorData> after = lm.model().stateDict(false);
      assertThat(after.get("0.rnns.1.weight_hh").toFloatArray())
          .containsExactly(before.get("0.rnns.1.weight_hh").toFloatArray());
      float[] oldEmb = before.get(PretrainedLm.EMBEDDING).toFloatArray();
      float[] newEmb = after.get(PretrainedLm.EMBEDDING).toFloatArray();
      float[] oldBias = before.get(PretrainedLm.DECODER_BIAS).toFloatArray();
      float[] newBias = after.get(PretrainedLm.DECODER_BIAS).toFloatArray();
      List<String> newVocab = dlsB.textVocab().itos();
      int dim = TINY.embSz();
      int known = 0;
      int unknown = 0;
      for (int i = 0; i < newVocab.size(); i++) {
        int o = newVocab.get(i).equals(SpecialTokens.FAKE) ? -1 : oldVocab.indexOf(newVocab.get(i));
        for (int d = 0; d < dim; d++) {
          double want = o >= 0 ? oldEmb[o * dim + d] : mean(oldEmb, dim, d);
          assertThat((double) newEmb[i * dim + d]).as("row %s (%s) dim %s", i, newVocab.get(i), d)
              .isCloseTo(want, within(o >= 0 ? 0.0 : 1e-6));
        }
        assertThat((double) newBias[i]).isCloseTo(o >= 0 ? oldBias[o] : mean(oldBias, 1, 0),
            within(o >= 0 ? 0.0 : 1e-6));
        if (o >= 0) {
          known++;
        } else {
          unknown++;
        }
      }
      assertThat(newVocab).contains("cat", "blue");
      assertThat(known).isGreaterThan(4);
      assertThat(unknown).isGreaterThan(2);
      assertThat(lm.frozenIdx()).isEqualTo(lm.paramGroupCount() - 1);
    }

    assertThatThrownBy(() -> TextLearner.languageModel(dlsB, AwdLstm.config().withSizes(8, 16, 2), 0.3, file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("was trained with emb_sz 8, n_hid 12, n_layers 2")
        .hasMessageContaining("this learner's config has emb_sz 8, n_hid 16, n_layers 2")
        .hasMessageContaining("--size 8,12,2");
    assertThatThrownBy(() -> TextLearner.languageModel(dlsB, TINY, 0.3, dir.resolve("none.plm")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no pretrained language model at");
    Files.writeString(dir.resolve("junk.plm"), "not a model");
    assertThatThrownBy(() -> PretrainedLm.read(dir.resolve("junk.plm")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no FASTJPLM header");
  }

  private static double mean(float[] a, int dim, int d) {
    double s = 0;
    int rows = a.length / dim;
    for (int r = 0; r < rows; r++) {
      s += a[r * dim + d];
    }
    return s / rows;
  }

  /** {@code n} messages of one folder of the bundled mail, the same for a seed. */
  private static List<Path> mail(Path root, String folder, int n, long seed) {
    List<Path> all = new ArrayList<>(TextFiles.get(root, folder));
    Collections.shuffle(all, new Random(seed));
    return List.copyOf(all.subList(0, n));
  }

  @Test
  void pretrainedOnHam_fineTunedOnSpam_beatsTheSameBudgetFromScratch() {
    Path root = TextDatasets.spamAssassin();
    AwdLstm.Config small = UlmfitTest.SMALL;
    Path file = dir.resolve("ham.plm");
    long t0 = System.nanoTime();
    try (TextLearner lm = TextLearner.languageModel(lmLoaders(root, mail(root, "ham", 300, 3), 32), small, 0.3,
        o -> o.device(Device.cpu(2)).seed(1).path(dir).progress(null))) {
      lm.fitOneCycle(2, 1e-2);
      lm.savePretrained(file);
    }
    double pretrainS = (System.nanoTime() - t0) / 1e9;
    List<Path> spam = mail(root, "spam", 120, 4);
    double scratch;
    long t1 = System.nanoTime();
    try (TextLearner lm = TextLearner.languageModel(lmLoaders(root, spam, 32), small, 0.3,
        o -> o.device(Device.cpu(2)).seed(5).path(dir).progress(null))) {
      lm.fitOneCycle(1, 2e-2);
      lm.fitOneCycle(1, 1e-2);
      scratch = lm.validate()[2];
    }
    double scratchS = (System.nanoTime() - t1) / 1e9;
    double fineTuned;
    try (TextLearner lm = TextLearner.languageModel(lmLoaders(root, spam, 32), small, 0.3, file,
        o -> o.device(Device.cpu(2)).seed(5).path(dir).progress(null))) {
      lm.fitOneCycle(1, 2e-2);
      lm.unfreeze();
      lm.fitOneCycle(1, 1e-2);
      fineTuned = lm.validate()[2];
    }
    System.out.printf("[pretrained-lm] pretrained on 300 ham messages (2 epochs, %.0f s); on 120 spam messages, two "
        + "epochs: validation perplexity %.1f from scratch (%.0f s), %.1f from the pretrained LM%n", pretrainS,
        scratch, scratchS, fineTuned);
    // measured 16.0 from the pretrained LM against 26.5 from scratch (0.60x; pretraining 46 s, each fine-tuning
    // about 38 s on 2 cores); the same two epochs on spam at the same learning rates, the first frozen for the
    // pretrained one as fastai's recipe has it
    assertThat(fineTuned).isLessThan(scratch * 0.8);
  }
}
