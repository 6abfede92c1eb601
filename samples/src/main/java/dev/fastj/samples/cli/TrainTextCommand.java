package dev.fastj.samples.cli;

import dev.fastj.data.Splitter;
import dev.fastj.data.Splitters;
import dev.fastj.samples.web.Json;
import dev.fastj.text.GradualUnfreezing;
import dev.fastj.text.PretrainedLm;
import dev.fastj.text.TextDataLoaders;
import dev.fastj.text.TextFiles;
import dev.fastj.text.TextLearner;
import dev.fastj.text.models.AwdLstm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./fastj train-text}: a folder of class folders of {@code .txt} files to an exported text
 * classifier, ULMFiT's recipe without code: fastai's {@code language_model_learner} fine-tuned on
 * all the texts, its encoder saved, then {@code text_classifier_learner} with that encoder and the
 * course's gradual unfreezing.
 */
@Command(name = "train-text", sortOptions = false,
    description = {"trains a text classifier the ULMFiT way on a folder of class folders of .txt files (or train/ "
        + "and valid/ folders of class folders with --grandparent): an AWD-LSTM language model on all the texts "
        + "(--lm-epochs, fit_one_cycle at 1e-2, or from --pretrained-lm), then the classifier on its encoder with gradual unfreezing (one "
        + "epoch each at the head, the last two groups and the last three, then --epochs of everything)"})
final class TrainTextCommand implements Runnable {

  @Option(names = "--data", paramLabel = "DIR", required = true, description = "the folder of class folders")
  Path data;

  @Option(names = "--valid-pct", paramLabel = "P", description = "random validation fraction (default: 0.2)")
  Double validPct;

  @Option(names = "--grandparent", description = "split by the train/ and valid/ folders instead")
  boolean grandparent;

  @Option(names = "--lm-epochs", paramLabel = "N", defaultValue = "1",
      description = "language-model epochs (default: ${DEFAULT-VALUE}; 0: the classifier starts from scratch, or "
          + "with --pretrained-lm from the pretrained LM after its frozen epoch)")
  int lmEpochs;

  @Option(names = "--pretrained-lm", paramLabel = "FILE", description = "start the language model from this "
      + "pretrained one (./fastj pretrain-lm): its embedding matched to these texts' vocabulary, one epoch with the "
      + "body frozen at 2e-2, then --lm-epochs unfrozen at 2e-3, as fastai's course; its sizes are the default --size")
  Path pretrainedLm;

  @Option(names = "--epochs", paramLabel = "N", defaultValue = "2",
      description = "the classifier's last, unfrozen epochs (default: ${DEFAULT-VALUE})")
  int epochs;

  @Option(names = "--size", paramLabel = "EMB,HID,LAYERS", split = ",", description = "the AWD-LSTM's emb_sz, n_hid "
      + "and n_layers (default: 64,128,2, small enough for a CPU; fastai's is 400,1152,3)")
  List<Integer> size;

  @Option(names = "--max-len", paramLabel = "N", defaultValue = "288", description = "tokens the classifier reads "
      + "of each text, the last ones (fastai's max_len is 1440; default: ${DEFAULT-VALUE})")
  int maxLen;

  @Option(names = "--bs", paramLabel = "N", defaultValue = "32", description = "batch size (default: ${DEFAULT-VALUE})")
  int bs;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
      description = "seed of the split, the shuffle and the initial weights (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--out", paramLabel = "MODEL", required = true, description = "the file the exported model goes to")
  Path out;

  @Option(names = "--json", description = "print the results as one JSON object last")
  boolean json;

  @Override
  public void run() {
    if (!Files.isDirectory(data)) {
      throw new CliException("train-text: no folder at " + data);
    }
    if (grandparent && validPct != null) {
      throw new CliException("train-text: give --valid-pct or --grandparent, not both");
    }
    double pct = validPct == null ? 0.2 : validPct;
    if (!(pct > 0 && pct < 1)) {
      throw new CliException("train-text: --valid-pct must be in (0, 1), got " + pct);
    }
    if (lmEpochs < 0 || epochs < 0 || bs < 1 || maxLen < 1) {
      throw new CliException("train-text: --lm-epochs and --epochs must be 0 or more, --bs and --max-len positive");
    }
    AwdLstm.Config config;
    PretrainedLm pretrained = null;
    if (pretrainedLm != null) {
      try {
        pretrained = PretrainedLm.read(pretrainedLm);
      } catch (IllegalArgumentException e) {
        throw new CliException("train-text: --pretrained-lm: " + e.getMessage());
      }
      AwdLstm.Config c = pretrained.config();
      config = size == null ? AwdLstm.config().withSizes(c.embSz(), c.nHid(), c.nLayers())
          : config(size, "train-text");
    } else {
      config = config(size, "train-text");
    }
    List<Path> texts = grandparent ? grandparentTexts() : TextFiles.get(data);
    if (texts.isEmpty()) {
      throw new CliException("train-text: --data " + data + " has no .txt files" + (grandparent ? " under train/ and "
          + "valid/" : "") + " in class folders");
    }
    Path models = Ulmfit.tempModels("train-text");
    try {
      Map<String, Object> res = new LinkedHashMap<>();
      TextDataLoaders lmDls = Ulmfit.lmDls(data, texts, seed, bs);
      if (pretrained != null) {
        System.out.printf("fine-tuning the pretrained language model %s (vocab %d) on %d texts (vocab %d): 1 frozen "
            + "epoch, then %d unfrozen%n", pretrainedLm, pretrained.vocab().size(), lmDls.train().itemCount()
            + lmDls.valid().itemCount(), lmDls.textVocab().size(), lmEpochs);
        TextLearner lm;
        try {
          lm = TextLearner.languageModel(lmDls, config, 0.3, pretrainedLm, b -> b.seed(seed).path(models));
        } catch (IllegalArgumentException e) {
          throw new CliException("train-text: " + e.getMessage());
        }
        try (lm) {
          lm.fitOneCycle(1, 2e-2);
          lm.unfreeze();
          if (lmEpochs > 0) {
            lm.fitOneCycle(lmEpochs, 2e-3);
          }
          double[] v = lm.validate();
          res.put("lm_perplexity", v[2]);
          res.put("lm_accuracy", v[1]);
          lm.saveEncoder(Ulmfit.ENCODER);
        }
      } else if (lmEpochs > 0) {
        System.out.printf("fine-tuning a language model on %d texts (vocab %d) for %d epoch(s)%n",
            lmDls.train().itemCount() + lmDls.valid().itemCount(), lmDls.textVocab().size(), lmEpochs);
        Ulmfit.fineTuneLm(lmDls, config, lmEpochs, seed, models, res);
      }
      Splitter<? super Path> splitter;
      if (grandparent) {
        splitter = Splitters.grandparent();
      } else {
        splitter = Splitters.random(pct, seed);
      }
      TextDataLoaders dls = Ulmfit.classifierDls(data, texts, lmDls.textVocab(), splitter, bs, "train-text");
      System.out.printf("training a text classifier (%s) on %d texts, validating on %d%n", String.join(", ",
          dls.vocab()), dls.train().itemCount(), dls.valid().itemCount());
      try (TextLearner clas = TextLearner.classifier(dls, config, 0.5, maxLen, b -> b.seed(seed).path(models))) {
        if (lmEpochs > 0 || pretrained != null) {
          clas.loadEncoder(Ulmfit.ENCODER);
        }
        GradualUnfreezing.defaults().withEpochs(epochs).fit(clas);
        clas.export(out);
        System.out.println("exported the model to " + out);
        if (json) {
          Map<String, Object> r = Results.training(clas.recorder());
          double[] v = clas.validate();
          Map<String, Object> metrics = new LinkedHashMap<>();
          metrics.put("valid_loss", v[0]);
          metrics.put("accuracy", v[1]);
          r.put("metrics", metrics);
          r.putAll(res);
          r.put("model", out.toString());
          r.put("vocab", dls.vocab());
          System.out.println(Json.write(r));
        }
      }
    } finally {
      Ulmfit.deleteQuietly(models);
    }
  }

  /** The AWD-LSTM of {@code --size} (fastai's LM dropouts), 64,128,2 without one. */
  static AwdLstm.Config config(List<Integer> size, String command) {
    if (size == null) {
      return AwdLstm.config().withSizes(64, 128, 2);
    }
    if (size.size() != 3 || size.stream().anyMatch(n -> n == null || n < 1)) {
      throw new CliException(command + ": --size is EMB,HID,LAYERS, three positive numbers such as 64,128,2, got "
          + size);
    }
    return AwdLstm.config().withSizes(size.get(0), size.get(1), size.get(2));
  }

  private List<Path> grandparentTexts() {
    List<Path> all = new java.util.ArrayList<>();
    for (String split : List.of("train", "valid")) {
      if (Files.isDirectory(data.resolve(split))) {
        all.addAll(TextFiles.get(data.resolve(split)));
      }
    }
    return all;
  }
}
