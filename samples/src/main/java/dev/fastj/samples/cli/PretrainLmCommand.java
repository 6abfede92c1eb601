package dev.fastj.samples.cli;

import dev.fastj.data.DataBlock;
import dev.fastj.data.Splitter;
import dev.fastj.data.Splitters;
import dev.fastj.samples.web.Json;
import dev.fastj.text.Numericalize;
import dev.fastj.text.TextBlock;
import dev.fastj.text.TextDataLoaders;
import dev.fastj.text.TextFiles;
import dev.fastj.text.TextLearner;
import dev.fastj.text.models.AwdLstm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./fastj pretrain-lm}: a folder of {@code .txt} files to a pretrained AWD-LSTM language
 * model (a {@link dev.fastj.text.PretrainedLm} file), the general-English model that ULMFiT starts
 * from and that {@code ./fastj train-text --pretrained-lm FILE} fine-tunes on its own texts.
 */
@Command(name = "pretrain-lm", sortOptions = false,
    description = {"trains an AWD-LSTM language model from scratch on a folder of .txt files (split by its train/ "
        + "and valid/ folders when it has both, else a random 10% is the validation set), prints fastai's epoch "
        + "table with the perplexity, and writes the model, its vocabulary and config to --out for "
        + "./fastj train-text --pretrained-lm"})
final class PretrainLmCommand implements Runnable {

  @Option(names = "--data", paramLabel = "DIR", required = true, description = "the folder of .txt files")
  Path data;

  @Option(names = "--epochs", paramLabel = "N", defaultValue = "1", description = "epochs of fit_one_cycle "
      + "(default: ${DEFAULT-VALUE})")
  int epochs;

  @Option(names = "--size", paramLabel = "EMB,HID,LAYERS", split = ",", description = "the AWD-LSTM's emb_sz, n_hid "
      + "and n_layers (default: 64,128,2, as train-text's; fastai's is 400,1152,3, for a GPU)")
  List<Integer> size;

  @Option(names = "--bs", paramLabel = "N", defaultValue = "32", description = "batch size (default: ${DEFAULT-VALUE})")
  int bs;

  @Option(names = "--seq-len", paramLabel = "N", defaultValue = "72", description = "tokens per row of a batch "
      + "(fastai's seq_len; default: ${DEFAULT-VALUE})")
  int seqLen;

  @Option(names = "--lr", paramLabel = "X", defaultValue = "1e-2", description = "the one-cycle maximum learning "
      + "rate (default: ${DEFAULT-VALUE})")
  double lr;

  @Option(names = "--max-vocab", paramLabel = "N", defaultValue = "60000", description = "the vocabulary's largest "
      + "size (fastai's max_vocab; tokens seen fewer than 3 times are left out; default: ${DEFAULT-VALUE})")
  int maxVocab;

  @Option(names = "--drop-mult", paramLabel = "X", defaultValue = "0.3", description = "fastai's drop_mult "
      + "(default: ${DEFAULT-VALUE})")
  double dropMult;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
      description = "seed of the split, the shuffle and the initial weights (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--out", paramLabel = "FILE", required = true, description = "the pretrained language model file")
  Path out;

  @Option(names = "--json", description = "print the results as one JSON object last")
  boolean json;

  @Override
  public void run() {
    if (!Files.isDirectory(data)) {
      throw new CliException("pretrain-lm: no folder at " + data);
    }
    if (epochs < 1 || bs < 1 || seqLen < 1 || maxVocab < 16 || !(lr > 0) || !(dropMult >= 0)) {
      throw new CliException("pretrain-lm: --epochs, --bs and --seq-len must be positive, --max-vocab at least 16, "
          + "--lr positive and --drop-mult not negative");
    }
    AwdLstm.Config config = TrainTextCommand.config(size, "pretrain-lm");
    boolean folders = Files.isDirectory(data.resolve("train")) && Files.isDirectory(data.resolve("valid"));
    List<Path> texts;
    try {
      texts = folders ? List.copyOf(concat(TextFiles.get(data.resolve("train")), TextFiles.get(data.resolve("valid"))))
          : TextFiles.get(data);
    } catch (IllegalArgumentException e) {
      throw new CliException("pretrain-lm: " + e.getMessage());
    }
    Path valid = data.resolve("valid");
    Splitter<? super Path> splitter = folders ? Splitters.<Path>byFunction(p -> p.startsWith(valid))
        : Splitters.random(0.1, seed);
    TextBlock block = TextBlock.fromFolder(data, true).withSeqLen(seqLen)
        .withNumericalize(Numericalize.defaults().withMaxVocab(maxVocab));
    TextDataLoaders dls = (TextDataLoaders) DataBlock.of(block).getItems(p -> texts).splitter(splitter)
        .dataloaders(data, bs);
    System.out.printf("pretraining a language model %s on %d texts (%d batches of %d x %d per epoch, vocab %d), "
        + "validating on %d%n", config.embSz() + "," + config.nHid() + "," + config.nLayers(), dls.train().itemCount(),
        dls.train().size(), bs, seqLen, dls.textVocab().size(), dls.valid().itemCount());
    try (TextLearner lm = TextLearner.languageModel(dls, config, dropMult, b -> b.seed(seed))) {
      lm.fitOneCycle(epochs, lr);
      lm.savePretrained(out);
      System.out.println("wrote the pretrained language model to " + out);
      if (json) {
        Map<String, Object> r = Results.training(lm.recorder());
        r.put("vocab_size", dls.textVocab().size());
        r.put("size", List.of(config.embSz(), config.nHid(), config.nLayers()));
        r.put("out", out.toString());
        System.out.println(Json.write(r));
      }
    }
  }

  private static List<Path> concat(List<Path> a, List<Path> b) {
    List<Path> all = new java.util.ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
