package dev.fastj.text;

import static com.google.common.base.Preconditions.checkArgument;

import dev.fastj.data.TensorData;
import dev.fastj.internal.AtomicFiles;
import dev.fastj.text.models.AwdLstm;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A pretrained language model: what fastai's {@code language_model_learner(pretrained=True)} starts
 * from (its {@code pretrained_fnames}, a weights file and a vocabulary file), here in one file that
 * {@link TextLearner#savePretrained} writes and
 * {@link TextLearner#languageModel(dev.fastj.data.DataLoaders, AwdLstm.Config, double, Path)} reads:
 * the AWD-LSTM config it was trained with, its vocabulary, and all its weights (the encoder's, and
 * the decoder's bias; the decoder's weight is the tied embedding).
 *
 * <p>The file: the magic {@code FASTJPLM}, a version (1), the config's sizes ({@code emb_sz},
 * {@code n_hid}, {@code n_layers}, {@code pad_token}), whether the weights are tied and the decoder
 * has a bias, its five dropouts (float64), the vocabulary (count, then each token as modified UTF-8)
 * and the weights as in a {@code .enc} file, big-endian.
 *
 * @param config the config the model was trained with (its dropouts after {@code drop_mult})
 * @param vocab its tokens, in index order
 * @param weights its weights by the language model's names ({@code 0.encoder.weight}, {@code 0.rnns.0.weight_ih},
 *     {@code 1.bias}...)
 */
public record PretrainedLm(AwdLstm.Config config, List<String> vocab, Map<String, TensorData> weights) {

  /** The embedding's weight, which the tied decoder shares. */
  public static final String EMBEDDING = "0.encoder.weight";
  /** The decoder's bias. */
  public static final String DECODER_BIAS = "1.bias";

  private static final String MAGIC = "FASTJPLM";
  private static final int VERSION = 1;

  /** Checks that the embedding is there with a row per token. */
  public PretrainedLm {
    checkArgument(config != null && vocab != null && weights != null, "a pretrained LM needs a config, a vocabulary "
        + "and weights");
    vocab = List.copyOf(vocab);
    weights = new LinkedHashMap<>(weights);
    TensorData emb = weights.get(EMBEDDING);
    checkArgument(emb != null, "a pretrained LM needs its embedding %s, got %s", EMBEDDING, weights.keySet());
    checkArgument(emb.shape().length == 2 && emb.shape()[0] == vocab.size(), "the embedding %s has shape %s for a "
        + "vocabulary of %s tokens", EMBEDDING, java.util.Arrays.toString(emb.shape()), vocab.size());
  }

  /**
   * Refuses a config whose sizes differ from this model's: the LSTM's weights only fit the sizes they
   * were trained at. The dropouts may differ (fastai's {@code drop_mult} applies to the new learner).
   *
   * @throws IllegalArgumentException naming both sizes
   */
  public void checkFits(AwdLstm.Config other, Object source) {
    boolean same = other.embSz() == config.embSz() && other.nHid() == config.nHid()
        && other.nLayers() == config.nLayers() && other.tieWeights() == config.tieWeights()
        && other.outBias() == config.outBias();
    checkArgument(same, "the pretrained language model %s was trained with emb_sz %s, n_hid %s, n_layers %s (tied "
        + "%s, decoder bias %s) but this learner's config has emb_sz %s, n_hid %s, n_layers %s (tied %s, decoder bias "
        + "%s); build the learner with the file's config: PretrainedLm.read(file).config().withSizes(...), or "
        + "--size %s,%s,%s", source, config.embSz(), config.nHid(), config.nLayers(), config.tieWeights(),
        config.outBias(), other.embSz(), other.nHid(), other.nLayers(), other.tieWeights(), other.outBias(),
        config.embSz(), config.nHid(), config.nLayers());
  }

  /**
   * This model's weights for a learner of another vocabulary: fastai's
   * {@link #matchEmbeds(Map, List, List) match_embeds} with this model's vocabulary.
   */
  public Map<String, TensorData> weightsFor(List<String> newVocab) {
    return matchEmbeds(weights, vocab, newVocab);
  }

  /**
   * fastai's {@code match_embeds(old_wgts, old_vocab, new_vocab)}: the embedding (and so the tied
   * decoder's weight) and the decoder's bias re-indexed for {@code newVocab}. A token of the new
   * vocabulary found in the old one takes its old row and bias; any other, {@code xxfake} included
   * (fastai's vocab leaves it out of {@code o2i}), takes the mean of all the old rows and the mean
   * bias. The other weights are returned as they are.
   */
  public static Map<String, TensorData> matchEmbeds(Map<String, TensorData> oldWeights, List<String> oldVocab,
      List<String> newVocab) {
    TensorData emb = oldWeights.get(EMBEDDING);
    checkArgument(emb != null, "match_embeds needs the embedding %s, got %s", EMBEDDING, oldWeights.keySet());
    int rows = Math.toIntExact(emb.shape()[0]);
    int dim = Math.toIntExact(emb.shape()[1]);
    checkArgument(rows == oldVocab.size(), "the embedding has %s rows for an old vocabulary of %s tokens", rows,
        oldVocab.size());
    float[] w = emb.toFloatArray();
    TensorData biasData = oldWeights.get(DECODER_BIAS);
    float[] bias = biasData == null ? null : biasData.toFloatArray();
    double[] meanRow = new double[dim];
    double meanBias = 0;
    for (int r = 0; r < rows; r++) {
      for (int d = 0; d < dim; d++) {
        meanRow[d] += w[r * dim + d];
      }
      if (bias != null) {
        meanBias += bias[r];
      }
    }
    Map<String, Integer> o2i = new HashMap<>();
    for (int i = 0; i < rows; i++) {
      if (!oldVocab.get(i).equals(SpecialTokens.FAKE)) {
        o2i.put(oldVocab.get(i), i);
      }
    }
    int n = newVocab.size();
    float[] nw = new float[n * dim];
    float[] nb = new float[n];
    for (int i = 0; i < n; i++) {
      Integer old = o2i.get(newVocab.get(i));
      for (int d = 0; d < dim; d++) {
        nw[i * dim + d] = old != null ? w[old * dim + d] : (float) (meanRow[d] / rows);
      }
      if (bias != null) {
        nb[i] = old != null ? bias[old] : (float) (meanBias / rows);
      }
    }
    Map<String, TensorData> out = new LinkedHashMap<>(oldWeights);
    out.put(EMBEDDING, TensorData.ofFloats(nw, n, dim));
    if (bias != null) {
      out.put(DECODER_BIAS, TensorData.ofFloats(nb, n));
    }
    return out;
  }

  /** This model's weights, matched to {@code vocab}, into {@code model}'s parameters of the same names and shapes. */
  void loadInto(dev.fastj.spi.TrainableModel model, List<String> vocab, Object source) {
    Map<String, TensorData> w = weightsFor(vocab);
    Map<String, TensorData> state = model.stateDict(false);
    for (dev.fastj.spi.ParamInfo info : model.parameters()) {
      TensorData t = w.get(info.name());
      checkArgument(t != null && java.util.Arrays.equals(t.shape(), info.shape()), "pretrained language model %s has "
          + "%s of shape %s where this model needs %s", source, info.name(), t == null ? "no weight"
          : java.util.Arrays.toString(t.shape()), java.util.Arrays.toString(info.shape()));
      state.put(info.name(), t);
    }
    model.loadStateDict(state);
  }

  /** Writes the file atomically (a temporary file, then a rename). */
  public void write(Path file) {
    AtomicFiles.write(file, os -> {
      DataOutputStream out = new DataOutputStream(new BufferedOutputStream(os, 1 << 16));
      out.writeBytes(MAGIC);
      out.writeInt(VERSION);
      out.writeInt(config.embSz());
      out.writeInt(config.nHid());
      out.writeInt(config.nLayers());
      out.writeInt(config.padToken());
      out.writeBoolean(config.tieWeights());
      out.writeBoolean(config.outBias());
      for (double p : new double[] {config.outputP(), config.hiddenP(), config.inputP(), config.embedP(),
          config.weightP()}) {
        out.writeDouble(p);
      }
      out.writeInt(vocab.size());
      for (String t : vocab) {
        out.writeUTF(t);
      }
      EncoderFile.writeWeights(out, weights);
      out.flush();
    });
  }

  /**
   * Reads a file written by {@link #write}.
   *
   * @throws IllegalArgumentException when the file is missing or is not a pretrained language model
   */
  public static PretrainedLm read(Path file) {
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
      String magic = new String(in.readNBytes(MAGIC.length()), StandardCharsets.US_ASCII);
      checkArgument(MAGIC.equals(magic), "%s is not a pretrained language model written by savePretrained or "
          + "./fastj pretrain-lm (no %s header)", file, MAGIC);
      int version = in.readInt();
      checkArgument(version == VERSION, "%s is a pretrained language model of version %s; this fastj reads version %s",
          file, version, VERSION);
      int emb = in.readInt();
      int hid = in.readInt();
      int layers = in.readInt();
      int pad = in.readInt();
      boolean tie = in.readBoolean();
      boolean outBias = in.readBoolean();
      double[] p = new double[5];
      for (int i = 0; i < p.length; i++) {
        p[i] = in.readDouble();
      }
      AwdLstm.Config config = new AwdLstm.Config(emb, hid, layers, pad, p[0], p[1], p[2], p[3], p[4], tie, outBias);
      int n = in.readInt();
      List<String> vocab = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        vocab.add(in.readUTF());
      }
      return new PretrainedLm(config, vocab, EncoderFile.readWeights(in));
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("no pretrained language model at " + file + "; write one with "
          + "learn.savePretrained(file) or ./fastj pretrain-lm --out FILE", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the pretrained language model " + file + ": " + e.getMessage(), e);
    }
  }
}
