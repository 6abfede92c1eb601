package dev.fastj.text;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import dev.fastj.data.DataLoaders;
import dev.fastj.data.TensorData;
import dev.fastj.learner.Learner;
import dev.fastj.learner.LearnerBuilder;
import dev.fastj.learner.Moms;
import dev.fastj.learner.ParamSplitter;
import dev.fastj.learner.Prediction;
import dev.fastj.spi.ParamInfo;
import dev.fastj.text.models.AwdLstmLm;
import dev.fastj.text.models.AwdLstm;
import dev.fastj.text.models.AwdLstmClassifier;
import dev.fastj.text.models.SentenceEncoder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;

/**
 * fastai's text learners: {@link #languageModel} ({@code language_model_learner}) and
 * {@link #classifier} ({@code text_classifier_learner}), the two halves of ULMFiT, with
 * {@link #saveEncoder} and {@link #loadEncoder} to carry the fine-tuned encoder from one to the
 * other, text generation and text prediction. Both use fastai's text settings: {@code moms}
 * (0.8, 0.7, 0.8), AR/TAR (alpha 2, beta 1) and fastai's parameter groups.
 *
 * <pre>{@code
 * TextLearner lm = TextLearner.languageModel(dlsLm, AwdLstm.config(), 0.3);
 * lm.fitOneCycle(1, 2e-2);
 * lm.unfreeze();
 * lm.fitOneCycle(10, 2e-3);
 * lm.saveEncoder("finetuned");
 * TextLearner clas = TextLearner.classifier(dlsClas, AwdLstm.config(), 0.5);
 * clas.loadEncoder("finetuned");                 // and freezes, as fastai's does
 * GradualUnfreezing.defaults().fit(clas);      // the course's four cycles: the head, -2, -3, all
 * Prediction p = clas.predict("some text");
 * }</pre>
 */
public final class TextLearner extends Learner {

  /** fastai's text learners' {@code moms}. */
  public static final Moms TEXT_MOMS = new Moms(0.8, 0.7, 0.8);

  private final TextDataLoaders text;
  private final AwdLstm.Config config;
  private final boolean lm;
  /** Prefix of the encoder's parameters: {@code 0.} in the language model, {@code 0.module.} in the classifier. */
  private final String encoderPrefix;
  private LmGenerator generator;

  private TextLearner(LearnerBuilder b, TextDataLoaders text, AwdLstm.Config config, boolean lm) {
    super(b);
    this.text = text;
    this.config = config;
    this.lm = lm;
    this.encoderPrefix = lm ? "0." : "0.module.";
  }

  /** fastai's {@code language_model_learner(dls, AWD_LSTM, drop_mult=dropMult)} with the default options. */
  public static TextLearner languageModel(DataLoaders dls, AwdLstm.Config config, double dropMult) {
    return languageModel(dls, config, dropMult, UnaryOperator.identity());
  }

  /**
   * fastai's {@code language_model_learner}: an {@link AwdLstmLm} of {@code config} with its
   * dropouts times {@code dropMult}, the loaders' vocabulary and a hidden state carried across
   * batches of the loaders' batch size, reset by a {@link ModelResetter}; metrics
   * {@link TextMetrics#accuracy()} and {@link TextMetrics#perplexity()}; {@code moms} (0.8, 0.7, 0.8);
   * fastai's {@code awd_lstm_lm_split} groups (each LSTM layer, then the embedding with the decoder),
   * so that {@link #freeze()} trains the embedding and decoder only. {@code options} adjusts the
   * builder before it compiles (fastai's {@code **kwargs}: {@code b -> b.seed(1).progress(null)}).
   *
   * @throws IllegalArgumentException when {@code dls} are not a language model's text loaders, or
   *     their validation batch size differs from the training one (the carried state has one size)
   */
  public static TextLearner languageModel(DataLoaders dls, AwdLstm.Config config, double dropMult,
      UnaryOperator<LearnerBuilder> options) {
    TextDataLoaders t = textLoaders(dls, true);
    checkArgument(config != null, "config is null; use AwdLstm.config() or AwdLstm.smallConfig()");
    int bs = t.train().batchSize();
    checkArgument(t.valid().batchSize() == bs, "the language model carries a hidden state of %s rows from batch to "
        + "batch, so its validation batches need the training batch size, got %s; drop validBatchSize", bs,
        t.valid().batchSize());
    AwdLstm.Config c = config.withDropMult(dropMult);
    AwdLstmLm model = AwdLstm.languageModel(t.textVocab().size(), c, bs);
    List<String> state = model.encoder().stateBuffers().stream().map(n -> "0." + n).toList();
    int layers = c.nLayers();
    ParamSplitter split = name -> name.startsWith("0.rnns.") ? Integer.parseInt(name.split("\\.")[2]) : layers;
    LearnerBuilder b = Learner.builder(t, model).metrics(TextMetrics.accuracy(), TextMetrics.perplexity())
        .moms(TEXT_MOMS).splitter(split).path(t.path()).callbacks(new ModelResetter(state));
    return new TextLearner(options.apply(b), t, c, true);
  }

  /** {@link #languageModel(DataLoaders, AwdLstm.Config, double, Path, UnaryOperator)} with the default options. */
  public static TextLearner languageModel(DataLoaders dls, AwdLstm.Config config, double dropMult, Path pretrained) {
    return languageModel(dls, config, dropMult, pretrained, UnaryOperator.identity());
  }

  /**
   * fastai's {@code language_model_learner(dls, AWD_LSTM, drop_mult=dropMult, pretrained=True,
   * pretrained_fnames=...)}: {@link #languageModel(DataLoaders, AwdLstm.Config, double, UnaryOperator)}
   * starting from the {@link PretrainedLm} at {@code pretrained} (written by {@link #savePretrained}),
   * its embedding and decoder bias matched to these loaders' vocabulary by fastai's
   * {@link PretrainedLm#matchEmbeds match_embeds}, then {@link #freeze()} as fastai's, so that the
   * first fit ({@code fitOneCycle(1, 2e-2)}) trains the embedding and decoder only.
   *
   * @throws IllegalArgumentException when the file is missing or was trained at other sizes than {@code config}'s
   */
  public static TextLearner languageModel(DataLoaders dls, AwdLstm.Config config, double dropMult, Path pretrained,
      UnaryOperator<LearnerBuilder> options) {
    PretrainedLm p = PretrainedLm.read(pretrained);
    checkArgument(config != null, "config is null; use PretrainedLm.read(file).config()");
    p.checkFits(config, pretrained);
    TextLearner learn = languageModel(dls, config, dropMult, options);
    try {
      p.loadInto(learn.model(), learn.text.textVocab().itos(), pretrained);
      learn.freeze();
      return learn;
    } catch (RuntimeException e) {
      learn.close();
      throw e;
    }
  }

  /**
   * Writes this language model as a {@link PretrainedLm} (its config, vocabulary and weights),
   * atomically to {@code file}, for {@link #languageModel(DataLoaders, AwdLstm.Config, double, Path)}
   * to start another corpus's language model from: fastai's {@code save} plus the vocabulary
   * pickle that {@code pretrained_fnames} name.
   *
   * @throws IllegalStateException for a classifier
   */
  public Path savePretrained(Path file) {
    checkState(lm, "savePretrained writes a language model; a classifier is exported with export(file)");
    Map<String, TensorData> all = model().stateDict(false);
    Map<String, TensorData> w = new LinkedHashMap<>();
    for (ParamInfo p : model().parameters()) {
      w.put(p.name(), all.get(p.name()));
    }
    new PretrainedLm(config, text.textVocab().itos(), w).write(file);
    return file;
  }

  /** fastai's {@code text_classifier_learner(dls, AWD_LSTM, drop_mult=dropMult)} with the default options. */
  public static TextLearner classifier(DataLoaders dls, AwdLstm.Config config, double dropMult) {
    return classifier(dls, config, dropMult, SentenceEncoder.DEFAULT_MAX_LEN, UnaryOperator.identity());
  }

  /** {@link #classifier(DataLoaders, AwdLstm.Config, double, int, UnaryOperator)} with fastai's {@code max_len}. */
  public static TextLearner classifier(DataLoaders dls, AwdLstm.Config config, double dropMult,
      UnaryOperator<LearnerBuilder> options) {
    return classifier(dls, config, dropMult, SentenceEncoder.DEFAULT_MAX_LEN, options);
  }

  /**
   * fastai's {@code text_classifier_learner}: an {@link AwdLstmClassifier} whose encoder has
   * {@code config}'s sizes with fastai's classifier dropouts ({@code awd_lstm_clas_config}, what
   * fastai builds for the architecture it is given) times {@code dropMult}; a {@link SentenceEncoder}
   * over chunks of the loaders' {@code seq_len} keeping the last {@code maxLen} tokens (the loaders
   * are {@link TextDataLoaders#withMaxLen}); the head {@code [3 * emb_sz, 50, classes]}; metric
   * accuracy; {@code moms} (0.8, 0.7, 0.8); fastai's {@code awd_lstm_clas_split} groups (the
   * embedding, each LSTM layer, the head), so that the course's {@code freezeTo(-2)},
   * {@code freezeTo(-3)} and {@code unfreeze()} work as in fastai.
   *
   * @throws IllegalArgumentException when {@code dls} are not a classifier's text loaders
   */
  public static TextLearner classifier(DataLoaders dls, AwdLstm.Config config, double dropMult, int maxLen,
      UnaryOperator<LearnerBuilder> options) {
    TextDataLoaders t = textLoaders(dls, false).withMaxLen(maxLen);
    checkArgument(config != null, "config is null; use AwdLstm.config() or AwdLstm.smallConfig()");
    AwdLstm.Config c = config.withClassifierDropouts();
    AwdLstmClassifier model = AwdLstmClassifier.of(t.textVocab().size(), t.outputCount(), c, dropMult,
        t.textBlock().seqLen(), maxLen);
    int layers = c.nLayers();
    ParamSplitter split = name -> {
      if (name.startsWith("0.module.rnns.")) {
        return Integer.parseInt(name.split("\\.")[3]) + 1;
      }
      return name.startsWith("0.") ? 0 : layers + 1;
    };
    LearnerBuilder b = Learner.builder(t, model).metrics(dev.fastj.metrics.Metrics.accuracy()).moms(TEXT_MOMS)
        .splitter(split).path(t.path());
    return new TextLearner(options.apply(b), t, c.withDropMult(dropMult), false);
  }

  private static TextDataLoaders textLoaders(DataLoaders dls, boolean wantLm) {
    checkArgument(dls instanceof TextDataLoaders, "a text learner takes the loaders of a DataBlock with a TextBlock, "
        + "got %s", dls == null ? null : dls.getClass().getSimpleName());
    TextDataLoaders t = (TextDataLoaders) dls;
    checkArgument(t.isLm() == wantLm, wantLm
        ? "languageModel needs a language model's loaders: TextBlock.fromFolder(path, true), without a target block"
        : "classifier needs a classifier's loaders: TextBlock.fromFolder(path, false) with a CategoryBlock target");
    return t;
  }

  /** True for {@link #languageModel}'s learner. */
  public boolean isLanguageModel() {
    return lm;
  }

  /** The encoder's settings, dropouts included. */
  public AwdLstm.Config config() {
    return config;
  }

  /** The text loaders this learner trains on (a classifier's with its {@code maxLen}). */
  public TextDataLoaders textDls() {
    return text;
  }

  // ---- encoder ------------------------------------------------------------------------------

  /**
   * fastai's {@code save_encoder(name)}: the encoder's weights (embedding and LSTM layers, not the
   * carried state) with the vocabulary, atomically to {@code <path>/models/<name>.enc}.
   *
   * @return the file written
   */
  public Path saveEncoder(String name) {
    Path file = encoderPath(name);
    Map<String, TensorData> all = model().stateDict(false);
    Map<String, TensorData> enc = new LinkedHashMap<>();
    for (ParamInfo p : model().parameters()) {
      if (p.name().startsWith(encoderPrefix)) {
        enc.put(p.name().substring(encoderPrefix.length()), all.get(p.name()));
      }
    }
    new EncoderFile(text.textVocab().itos(), enc).write(file);
    return file;
  }

  /**
   * fastai's {@code load_encoder(name)}: the weights {@link #saveEncoder} wrote into this model's
   * encoder, then {@link #freeze()} (as fastai's), so that the next fit trains the head.
   *
   * @throws IllegalArgumentException when the file is missing, was saved with another vocabulary,
   *     or holds weights of other sizes
   */
  public TextLearner loadEncoder(String name) {
    Path file = encoderPath(name);
    EncoderFile f = EncoderFile.read(file);
    List<String> mine = text.textVocab().itos();
    if (!f.vocab().equals(mine)) {
      int i = 0;
      while (i < Math.min(mine.size(), f.vocab().size()) && mine.get(i).equals(f.vocab().get(i))) {
        i++;
      }
      throw new IllegalArgumentException(String.format("encoder %s was saved with a vocabulary of %d tokens and this "
          + "learner's has %d (first difference at index %d: '%s' there, '%s' here); build the classifier's TextBlock "
          + "with the language model's vocabulary: TextBlock.fromFolder(path, false).withVocab(dlsLm.textVocab())", file,
          f.vocab().size(), mine.size(), i, i < f.vocab().size() ? f.vocab().get(i) : "(end)",
          i < mine.size() ? mine.get(i) : "(end)"));
    }
    Map<String, TensorData> state = model().stateDict(false);
    List<String> expected = new ArrayList<>();
    for (ParamInfo p : model().parameters()) {
      if (!p.name().startsWith(encoderPrefix)) {
        continue;
      }
      String rel = p.name().substring(encoderPrefix.length());
      expected.add(rel);
      TensorData w = f.weights().get(rel);
      checkArgument(w != null, "encoder %s has no %s (it holds %s); it was saved from a model of other layers: give "
          + "this learner the language model's config", file, rel, f.weights().keySet());
      checkArgument(Arrays.equals(w.shape(), p.shape()), "encoder %s has %s of shape %s but this model needs %s; give "
          + "this learner the language model's sizes (emb_sz, n_hid, n_layers)", file, rel, Arrays.toString(w.shape()),
          Arrays.toString(p.shape()));
      state.put(p.name(), w);
    }
    checkArgument(expected.containsAll(f.weights().keySet()), "encoder %s holds %s, more than this model's encoder %s; "
        + "give this learner the language model's config", file, f.weights().keySet(), expected);
    model().loadStateDict(state);
    freeze();
    return this;
  }

  private Path encoderPath(String name) {
    checkArgument(name != null && !name.isBlank() && !name.contains("/") && !name.contains("\\"),
        "an encoder name is a plain file name, got %s", name);
    return path().resolve("models").resolve(name + ".enc");
  }

  // ---- export -------------------------------------------------------------------------------

  /**
   * fastai's {@code export} of a text classifier: the inference graph for texts of its
   * {@code maxLen} tokens (each text's last {@code maxLen}, padded with whole chunks of
   * {@code xxpad} first, which leave the prediction as it is), the tokenizer's rules and the
   * vocabulary, that {@link Learner#load} reads in another process to {@code predict(String)} or
   * {@code predict(Path)} of a {@code .txt}.
   *
   * @throws IllegalStateException for a language model, whose encoder is carried by {@link #saveEncoder}
   */
  @Override
  public void export(Path file) {
    checkState(!lm, "export writes a classifier for Learner.load; a language model's encoder goes to a classifier "
        + "with saveEncoder(name) and loadEncoder(name)");
    super.export(file);
  }

  // ---- prediction ---------------------------------------------------------------------------

  /**
   * fastai's {@code predict(text)} of a classifier: the class of {@code text} and the
   * probabilities of every class (tokenized, numericalized, the last {@code maxLen} tokens).
   */
  @Override
  public Prediction predict(String text) {
    checkState(!lm, "predict(text) classifies; a language model generates: predict(text, nWords, temperature)");
    return predict(input(this.text.textBlock().encode(text)));
  }

  /** fastai's {@code predict} on a text file (read as UTF-8, invalid bytes replaced) for a classifier. */
  @Override
  public Prediction predict(Path textFile) {
    checkState(!lm, "predict(file) classifies; a language model generates: predict(text, nWords, temperature)");
    return predict(input(this.text.textBlock().encode(textFile)));
  }

  private TensorData input(Object ids) {
    int[] d = (int[]) ids;
    int maxLen = text.maxLen();
    if (maxLen > 0 && d.length > maxLen) {
      d = Arrays.copyOfRange(d, d.length - maxLen, d.length);
    }
    int seqLen = text.textBlock().seqLen();
    int len = Math.max(d.length, Math.min(maxLen, Math.max(1, (d.length + seqLen - 1) / seqLen) * seqLen));
    return Padding.padInputChunk(List.of(d), 1, true, seqLen, len);
  }

  /** fastai's {@code predict(text, n_words)} at temperature 1. */
  public String predict(String text, int nWords) {
    return predict(text, nWords, 1.0);
  }

  /**
   * fastai's {@code LMLearner.predict(text, n_words, temperature=...)}: the text, tokenized, then
   * {@code nWords} tokens drawn one after the other from the model (never {@code xxunk};
   * probabilities raised to {@code 1 / temperature}), decoded as fastai's
   * {@code decode_spec_tokens} does ({@code xxmaj word} becomes {@code Word}) and joined by spaces.
   * Draws are seeded by the learner's seed, so a call gives the same text each time.
   */
  public String predict(String text, int nWords, double temperature) {
    List<String> prompt = promptTokens(text);
    List<String> all = new ArrayList<>(prompt);
    all.addAll(generate(text, nWords, temperature));
    all.removeIf(t -> t.equals(SpecialTokens.BOS) || t.equals(SpecialTokens.PAD));
    return String.join(" ", decodeSpecTokens(all));
  }

  private List<String> promptTokens(String text) {
    return this.text.textVocab().decode(Arrays.stream((int[]) this.text.textBlock().encode(text)).asLongStream()
        .toArray());
  }

  /**
   * The {@code nWords} tokens {@link #predict(String, int, double)} draws after {@code text}, before
   * decoding. The model reads the text token by token from a zero state, then each drawn token.
   */
  public List<String> generate(String text, int nWords, double temperature) {
    checkState(lm, "generation needs a language model; this learner is a classifier");
    checkArgument(nWords >= 0, "nWords must not be negative, got %s", nWords);
    checkArgument(temperature > 0, "temperature must be positive, got %s", temperature);
    if (generator == null) {
      generator = new LmGenerator(backend().compile(LmGenerator.spec(this.text.textVocab().size(), config, loss(),
          seed(), device())));
    }
    generator.load(model());
    return generator.generate((int[]) this.text.textBlock().encode(text), nWords, temperature, this.text.textVocab(),
        new Random(seed()));
  }

  /** fastai's {@code decode_spec_tokens}: {@code xxmaj}, {@code xxup}, {@code xxrep n c} and {@code xxwrep n w} undone. */
  public static List<String> decodeSpecTokens(List<String> tokens) {
    List<String> out = new ArrayList<>();
    String rule = null;
    Integer arg = null;
    for (String t : tokens) {
      if (t.equals(SpecialTokens.TK_MAJ) || t.equals(SpecialTokens.TK_UP) || t.equals(SpecialTokens.TK_REP)
          || t.equals(SpecialTokens.TK_WREP)) {
        rule = t;
      } else if (rule == null) {
        out.add(t);
      } else if (rule.equals(SpecialTokens.TK_MAJ)) {
        out.add(t.isEmpty() ? t : t.substring(0, 1).toUpperCase(java.util.Locale.ROOT)
            + t.substring(1).toLowerCase(java.util.Locale.ROOT));
        rule = null;
      } else if (rule.equals(SpecialTokens.TK_UP)) {
        out.add(t.toUpperCase(java.util.Locale.ROOT));
        rule = null;
      } else if (arg == null) {
        try {
          arg = Integer.parseInt(t);
        } catch (NumberFormatException e) {
          rule = null;
        }
      } else {
        if (rule.equals(SpecialTokens.TK_REP)) {
          out.add(t.repeat(Math.max(0, arg)));
        } else {
          for (int i = 0; i < arg; i++) {
            out.add(t);
          }
        }
        rule = null;
        arg = null;
      }
    }
    return out;
  }

  @Override
  public void close() {
    try {
      if (generator != null) {
        generator.close();
      }
    } finally {
      super.close();
    }
  }
}
