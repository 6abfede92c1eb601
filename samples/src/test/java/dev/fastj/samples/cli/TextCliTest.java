package dev.fastj.samples.cli;

import static dev.fastj.samples.cli.CliTest.capture;
import static dev.fastj.samples.cli.CliTest.captureErr;
import static dev.fastj.samples.cli.CliTest.lastLine;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ./fastj train-text on a small folder of two classes of made-up texts, then ./fastj predict of .txt files. */
class TextCliTest {

  private static Path corpus(Path dir) throws Exception {
    Path root = dir.resolve("texts");
    String[] common = {"the", "a", "and", "of", "to", "is", "in", "it"};
    String[][] own = {{"good", "great", "fine", "happy"}, {"bad", "awful", "sad", "poor"}};
    String[] names = {"pos", "neg"};
    Random r = new Random(5);
    for (int c = 0; c < 2; c++) {
      Files.createDirectories(root.resolve(names[c]));
      for (int i = 0; i < 40; i++) {
        StringBuilder sb = new StringBuilder();
        for (int w = 0, n = 10 + r.nextInt(100); w < n; w++) {
          sb.append(w == 0 ? "" : " ").append(r.nextInt(3) == 0 ? own[c][r.nextInt(4)] : common[r.nextInt(8)]);
        }
        Files.writeString(root.resolve(names[c]).resolve(i + ".txt"), sb + "\n");
      }
    }
    return root;
  }

  @Test
  void trainText_thenPredictTxtFiles(@TempDir Path dir) throws Exception {
    Path root = corpus(dir);
    Path model = dir.resolve("texts.fastj");
    String out = capture(() -> assertThat(Main.run(new String[] {"train-text", "--data", root.toString(),
        "--lm-epochs", "1", "--epochs", "1", "--size", "16,24,2", "--max-len", "144", "--bs", "8", "--out",
        model.toString(), "--json"})).isEqualTo(0));
    assertThat(out).contains("fine-tuning a language model on 80 texts")
        .contains("training a text classifier (neg, pos) on 64 texts, validating on 16");
    assertThat(lastLine(out)).contains("\"accuracy\":").contains("\"lm_perplexity\":")
        .contains("\"vocab\":[\"neg\",\"pos\"]");
    assertThat(model).exists();
    Path a = root.resolve("pos").resolve("1.txt");
    Path b = root.resolve("neg").resolve("2.txt");
    String preds = capture(() -> assertThat(Main.run(new String[] {"predict", model.toString(), a.toString(),
        b.toString(), "--json"})).isEqualTo(0));
    String[] lines = preds.strip().split("\n");
    assertThat(lines).hasSize(3);
    assertThat(lines[0]).matches(java.util.regex.Pattern.quote(a.toString()) + "\t(pos|neg)\t[01]\\.\\d{4}\t\\((pos|neg) [01]\\.\\d{4}\\)");
    assertThat(lines[2]).contains("\"predictions\"");
  }

  @Test
  void trainText_refusesAFolderOfOneClass(@TempDir Path dir) throws Exception {
    Path root = dir.resolve("one");
    Files.createDirectories(root.resolve("only"));
    for (int i = 0; i < 20; i++) {
      Files.writeString(root.resolve("only").resolve(i + ".txt"), "some words here and there " + i + "\n");
    }
    String err = captureErr(() -> assertThat(Main.run(new String[] {"train-text", "--data", root.toString(),
        "--lm-epochs", "0", "--bs", "4", "--out", dir.resolve("m.fastj").toString()})).isEqualTo(2));
    assertThat(err).contains("one class only");
  }

  /** A folder of train/ and valid/ .txt files of made-up English-like text. */
  private static Path generalCorpus(Path dir) throws Exception {
    Path root = dir.resolve("general");
    String[] words = {"the", "a", "and", "of", "to", "is", "in", "it", "good", "bad", "word", "text", "line", "."};
    Random r = new Random(9);
    for (String split : new String[] {"train", "valid"}) {
      Files.createDirectories(root.resolve(split));
      for (int i = 0; i < (split.equals("train") ? 30 : 6); i++) {
        StringBuilder sb = new StringBuilder();
        for (int w = 0; w < 80; w++) {
          sb.append(w == 0 ? "" : " ").append(words[r.nextInt(words.length)]);
        }
        Files.writeString(root.resolve(split).resolve(i + ".txt"), sb + "\n");
      }
    }
    return root;
  }

  @Test
  void pretrainLm_thenTrainTextStartsFromIt_andRefusesOtherSizes(@TempDir Path dir) throws Exception {
    Path general = generalCorpus(dir);
    Path lm = dir.resolve("general.plm");
    String out = capture(() -> assertThat(Main.run(new String[] {"pretrain-lm", "--data", general.toString(),
        "--epochs", "1", "--size", "16,24,2", "--bs", "8", "--seq-len", "24", "--seed", "3", "--out", lm.toString(),
        "--json"})).isEqualTo(0));
    assertThat(out).contains("pretraining a language model 16,24,2 on 30 texts").contains("validating on 6")
        .contains("perplexity").contains("wrote the pretrained language model to " + lm);
    assertThat(lastLine(out)).contains("\"perplexity\":").contains("\"size\":[16,24,2]");
    assertThat(lm).exists();

    Path root = corpus(dir);
    Path model = dir.resolve("texts.fastj");
    String trained = capture(() -> assertThat(Main.run(new String[] {"train-text", "--data", root.toString(),
        "--pretrained-lm", lm.toString(), "--lm-epochs", "1", "--epochs", "1", "--max-len", "144", "--bs", "8",
        "--out", model.toString(), "--json"})).isEqualTo(0));
    assertThat(trained).contains("fine-tuning the pretrained language model " + lm)
        .contains("on 80 texts").contains("1 frozen epoch, then 1 unfrozen");
    assertThat(lastLine(trained)).contains("\"accuracy\":").contains("\"lm_perplexity\":");
    assertThat(model).exists();

    String err = captureErr(() -> assertThat(Main.run(new String[] {"train-text", "--data", root.toString(),
        "--pretrained-lm", lm.toString(), "--size", "16,32,2", "--bs", "8", "--out", model.toString()}))
        .isEqualTo(2));
    assertThat(err).contains("was trained with emb_sz 16, n_hid 24, n_layers 2").contains("--size 16,24,2");
    err = captureErr(() -> assertThat(Main.run(new String[] {"train-text", "--data", root.toString(),
        "--pretrained-lm", dir.resolve("none.plm").toString(), "--bs", "8", "--out", model.toString()}))
        .isEqualTo(2));
    assertThat(err).contains("no pretrained language model at");
  }
}
