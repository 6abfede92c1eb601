package dev.fastj.samples.cli;

import dev.fastj.data.Splitters;
import dev.fastj.learner.Learner;
import dev.fastj.learner.Prediction;
import dev.fastj.samples.web.Json;
import dev.fastj.text.GradualUnfreezing;
import dev.fastj.text.TextDataLoaders;
import dev.fastj.text.TextDatasets;
import dev.fastj.text.TextFiles;
import dev.fastj.text.TextInterpretation;
import dev.fastj.text.TextLearner;
import dev.fastj.text.models.AwdLstm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./fastj quickstart-text}: fastai's ULMFiT notebook (lesson 3) on the bundled
 * spam-assassin mail: a language model fine-tuned on the messages, its encoder saved, a
 * classifier on that encoder trained with {@link GradualUnfreezing}, its confusion matrix and top
 * losses, the export, the lists of training and validation messages ({@code train.txt}, {@code valid.txt}), and predictions of
 * validation messages by the exported model. It reads a
 * seeded subset of the 3,000 messages by default, so that it fits a few minutes on 2 cores.
 */
@Command(name = "quickstart-text", sortOptions = false,
    description = "ULMFiT on the bundled spam-assassin mail (2,500 ham, 500 spam): fine-tunes an AWD-LSTM language "
        + "model, trains a classifier on its encoder with gradual unfreezing (80/20 split, seed 42), prints fastai's "
        + "epoch tables, writes the exported model, the confusion matrix, the top losses and the split (train.txt, valid.txt) into DIR, and predicts "
        + "a few validation messages with the exported model")
final class QuickstartTextCommand implements Runnable {

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "quickstart-text-out",
      description = "where the model and the interpretation go (default: ${DEFAULT-VALUE})")
  Path out;

  @Option(names = "--epochs", paramLabel = "N", defaultValue = "4",
      description = "the classifier's last, unfrozen epochs (default: ${DEFAULT-VALUE}; fastai's notebook has 2, "
          + "but its language model read Wikipedia: here each epoch after the first costs about a second)")
  int epochs;

  @Option(names = "--lm-epochs", paramLabel = "N", defaultValue = "1",
      description = "language-model epochs (default: ${DEFAULT-VALUE})")
  int lmEpochs;

  @Option(names = "--items", paramLabel = "N", defaultValue = "1000",
      description = "messages to read, drawn with the seed (default: ${DEFAULT-VALUE}; 0: all 3,000, about 10x longer)")
  int items;

  @Option(names = "--size", paramLabel = "EMB,HID,LAYERS", split = ",",
      description = "the AWD-LSTM's emb_sz, n_hid and n_layers (default: 64,128,2, as train-text)")
  List<Integer> size;

  @Option(names = "--bs", paramLabel = "N", defaultValue = "32", description = "batch size (default: ${DEFAULT-VALUE})")
  int bs;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
      description = "seed of the subset, the split and the initial weights (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--json", description = "print the results as one JSON object last")
  boolean json;

  /** Tokens the classifier reads of each message, the last ones (train-text's default). */
  private static final int MAX_LEN = 288;

  @Override
  public void run() {
    if (epochs < 0 || lmEpochs < 1 || bs < 1 || items < 0) {
      throw new CliException("quickstart-text: --epochs must be 0 or more, --lm-epochs and --bs positive, "
          + "--items 0 (all) or more; got --epochs " + epochs + " --lm-epochs " + lmEpochs + " --bs " + bs
          + " --items " + items);
    }
    AwdLstm.Config config = TrainTextCommand.config(size, "quickstart-text");
    try {
      Files.createDirectories(out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the output folder " + out + ": " + e.getMessage(), e);
    }
    long start = System.nanoTime();
    Path data = TextDatasets.spamAssassin();
    List<Path> all = new ArrayList<>(TextFiles.get(data, "ham", "spam"));
    List<Path> texts = all;
    if (items > 0 && items < all.size()) {
      Collections.shuffle(all, new Random(seed));
      texts = List.copyOf(all.subList(0, items));
      System.out.printf("data: %s; %d of its %d messages, drawn with seed %d (--items 0 reads all)%n", data, items,
          all.size(), seed);
    } else {
      System.out.printf("data: %s; all its %d messages%n", data, all.size());
    }
    Map<String, Object> res = new LinkedHashMap<>();
    Path models = Ulmfit.tempModels("quickstart-text");
    Path model = out.resolve("mail.fastj");
    List<Path> sample = new ArrayList<>();
    int validCount;
    try {
      TextDataLoaders lmDls = Ulmfit.lmDls(data, texts, seed, bs);
      System.out.printf("fine-tuning a language model on %d messages (vocab %d): fit_one_cycle(%d, 1e-2)%n",
          lmDls.train().itemCount() + lmDls.valid().itemCount(), lmDls.textVocab().size(), lmEpochs);
      Ulmfit.fineTuneLm(lmDls, config, lmEpochs, seed, models, res);
      TextDataLoaders dls = Ulmfit.classifierDls(data, texts, lmDls.textVocab(), Splitters.random(0.2, seed), bs,
          "quickstart-text");
      GradualUnfreezing recipe = GradualUnfreezing.defaults().withEpochs(epochs);
      System.out.printf("training a text classifier (%s) on %d messages, validating on %d, with gradual "
          + "unfreezing:%n", String.join(", ", dls.vocab()), dls.train().itemCount(), dls.valid().itemCount());
      for (GradualUnfreezing.Stage s : recipe.stages()) {
        System.out.println("  " + s);
      }
      try (TextLearner clas = TextLearner.classifier(dls, config, 0.5, MAX_LEN, b -> b.seed(seed).path(models))) {
        clas.loadEncoder(Ulmfit.ENCODER);
        recipe.fit(clas);
        res.putAll(Results.training(clas.recorder()));
        double[] v = clas.validate();
        res.put("valid_loss", v[0]);
        res.put("accuracy", v[1]);
        TextInterpretation interp = TextInterpretation.from(clas);
        String confusion = confusion(interp, dls.vocab());
        System.out.print("confusion matrix (rows actual, columns predicted):\n" + confusion);
        write(out.resolve("confusion_matrix.txt"), confusion);
        write(out.resolve("top_losses.txt"), interp.table(10));
        clas.export(model);
        validCount = dls.valid().itemCount();
        // the same split for another model (dev/text/tfidf_ref.py --valid-list)
        write(out.resolve("train.txt"), paths(dls.train()));
        write(out.resolve("valid.txt"), paths(dls.valid()));
        for (int i = 0; i < Math.min(4, validCount); i++) {
          sample.add((Path) dls.valid().item(i));
        }
      }
    } finally {
      Ulmfit.deleteQuietly(models);
    }
    System.out.printf("accuracy %.4f on %d validation messages; exported %s; predicting with it:%n",
        (double) res.get("accuracy"), validCount, model);
    List<Object> preds = new ArrayList<>();
    try (Learner inf = Learner.load(model)) {
      for (Path f : sample) {
        Prediction p = inf.predict(f);
        StringBuilder probs = new StringBuilder();
        for (int c = 0; c < p.classes().size(); c++) {
          probs.append(c == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%s %.4f", p.classes().get(c),
              p.probabilities()[c]));
        }
        System.out.printf("  %-50s (%s) -> %s (%s)%n", data.relativize(f), f.getParent().getFileName(), p.label(),
            probs);
        preds.add(Results.prediction(f, p));
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("done in %.0f s; model, confusion matrix and top losses in %s%n", seconds,
        out.toAbsolutePath());
    if (json) {
      res.put("predictions", preds);
      res.put("seconds", seconds);
      res.put("model", model.toString());
      res.put("out", out.toAbsolutePath().toString());
      System.out.println(Json.write(res));
    }
  }

  /** The counts of (actual, predicted) over the validation messages, as a small table. */
  private static String confusion(TextInterpretation interp, List<String> classes) {
    int n = classes.size();
    long[][] m = new long[n][n];
    for (TextInterpretation.TopLoss t : interp.all()) {
      m[classes.indexOf(t.actual())][classes.indexOf(t.predicted())]++;
    }
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-8s", ""));
    for (String c : classes) {
      sb.append(String.format(Locale.ROOT, "%8s", c));
    }
    sb.append('\n');
    for (int i = 0; i < n; i++) {
      sb.append(String.format(Locale.ROOT, "%-8s", classes.get(i)));
      for (int j = 0; j < n; j++) {
        sb.append(String.format(Locale.ROOT, "%8d", m[i][j]));
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  /** The absolute paths of a loader's items, one a line. */
  private static String paths(dev.fastj.data.DataLoader dl) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < dl.itemCount(); i++) {
      sb.append(((Path) dl.item(i)).toAbsolutePath()).append('\n');
    }
    return sb.toString();
  }

  /** Writes {@code text} atomically: a temporary file beside {@code file}, then a rename over it. */
  private static void write(Path file, String text) {
    Path dir = file.toAbsolutePath().getParent();
    try {
      Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
      try {
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage()
          + " (check the free space and permissions of " + dir + ")", e);
    }
  }
}
