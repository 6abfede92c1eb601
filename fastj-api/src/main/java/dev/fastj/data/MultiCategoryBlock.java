package dev.fastj.data;

import static com.google.common.base.Preconditions.checkArgument;

import dev.fastj.nn.BCEWithLogitsLossFlat;
import dev.fastj.nn.Loss;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Several labels per item (planet's tags): fastai's {@code MultiCategoryBlock}. A raw value is a
 * collection of labels or a string split on the label delimiter (a space by default); the
 * vocabulary is the sorted set of training labels; values encode to FLOAT32 one-hot vectors, the
 * default loss is {@link BCEWithLogitsLossFlat} and predictions decode to the labels whose
 * probability exceeds 0.5.
 */
public final class MultiCategoryBlock implements Block {

  private final String labelDelim;
  private final List<String> vocab;
  private final Map<String, Integer> index;
  private final double threshold;

  private MultiCategoryBlock(String labelDelim, List<String> vocab, double threshold) {
    this.labelDelim = labelDelim;
    this.vocab = vocab == null ? null : List.copyOf(vocab);
    this.threshold = threshold;
    this.index = new HashMap<>();
    if (vocab != null) {
      for (int i = 0; i < vocab.size(); i++) {
        index.put(vocab.get(i), i);
      }
    }
  }

  /** Labels separated by a space; vocabulary from the training labels. */
  public static MultiCategoryBlock create() {
    return new MultiCategoryBlock(" ", null, 0.5);
  }

  /** A copy that splits string labels on {@code delim} (fastai's {@code label_delim}). */
  public MultiCategoryBlock withLabelDelim(String delim) {
    checkArgument(!delim.isEmpty(), "label delimiter is empty");
    return new MultiCategoryBlock(delim, vocab, threshold);
  }

  /** A copy with a fixed vocabulary. */
  public MultiCategoryBlock withVocab(List<String> v) {
    checkArgument(new TreeSet<>(v).size() == v.size(), "vocab %s has duplicates", v);
    return new MultiCategoryBlock(labelDelim, v, threshold);
  }

  /** A copy that decodes predictions with threshold {@code t} (fastai's {@code thresh}). */
  public MultiCategoryBlock withThreshold(double t) {
    return new MultiCategoryBlock(labelDelim, vocab, t);
  }

  @Override
  public Block setup(List<?> trainRaw, List<?> validRaw) {
    MultiCategoryBlock fitted = this;
    if (vocab == null) {
      TreeSet<String> all = new TreeSet<>();
      for (Object o : trainRaw) {
        all.addAll(labels(o));
      }
      checkArgument(!all.isEmpty(), "no training labels to build a vocabulary from");
      fitted = new MultiCategoryBlock(labelDelim, new ArrayList<>(all), threshold);
    }
    for (Object o : validRaw) {
      for (String l : labels(o)) {
        if (!fitted.index.containsKey(l)) {
          throw new IllegalArgumentException("label '" + l + "' appears only in the validation set (training labels: "
              + CategoryBlock.abbreviate(fitted.vocab) + "); move some of its items to training or change the split");
        }
      }
    }
    return fitted;
  }

  @Override
  public Object encode(Object raw) {
    if (vocab == null) {
      throw new IllegalStateException("MultiCategoryBlock has no vocabulary yet; DataBlock.dataloaders sets it up");
    }
    float[] oneHot = new float[vocab.size()];
    for (String l : labels(raw)) {
      Integer i = index.get(l);
      if (i == null) {
        throw new IllegalArgumentException("label '" + l + "' is not in the vocabulary " + CategoryBlock.abbreviate(vocab));
      }
      oneHot[i] = 1f;
    }
    return oneHot;
  }

  @Override
  public TensorData collate(List<Object> values) {
    int c = vocab.size();
    float[] out = new float[values.size() * c];
    for (int i = 0; i < values.size(); i++) {
      System.arraycopy((float[]) values.get(i), 0, out, i * c, c);
    }
    return TensorData.ofFloats(out, values.size(), c);
  }

  @Override
  public Loss loss() {
    return BCEWithLogitsLossFlat.create().withThreshold(threshold);
  }

  @Override
  public int outputCount(long[] itemShape) {
    return vocab.size();
  }

  @Override
  public List<String> vocab() {
    return vocab == null ? List.of() : vocab;
  }

  /** The labels whose probability exceeds the threshold, joined by the label delimiter. */
  @Override
  public String decode(float[] activatedRow) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < activatedRow.length && i < vocab().size(); i++) {
      if (activatedRow[i] > threshold) {
        out.add(vocab.get(i));
      }
    }
    return String.join(labelDelim, out);
  }

  @Override
  public String show(Object encoded) {
    return decode((float[]) encoded);
  }

  @Override
  public String describe() {
    return vocab == null ? "MultiCategoryBlock" : "MultiCategoryBlock(" + vocab.size() + " labels)";
  }

  private List<String> labels(Object raw) {
    if (raw == null) {
      throw new IllegalArgumentException("labels are null; use an empty list for an item without labels");
    }
    if (raw instanceof Collection<?> c) {
      return c.stream().map(String::valueOf).toList();
    }
    if (raw instanceof String[] a) {
      return Arrays.asList(a);
    }
    String s = raw.toString().strip();
    if (s.isEmpty()) {
      return List.of();
    }
    return Arrays.stream(s.split(Pattern.quote(labelDelim))).map(String::strip).filter(t -> !t.isEmpty()).toList();
  }
}
