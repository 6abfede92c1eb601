package dev.fastj.data;

import static com.google.common.base.Preconditions.checkArgument;

import dev.fastj.nn.CrossEntropyLossFlat;
import dev.fastj.nn.Loss;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A single label per item: fastai's {@code CategoryBlock}. Its vocabulary is the sorted set of
 * training labels (numbers in numeric order, anything else by {@code toString()}); values encode to class indices,
 * collate to INT64 [N], the default loss is {@link CrossEntropyLossFlat} and predictions decode to
 * the most probable class name.
 */
public final class CategoryBlock implements Block {

  private final List<String> vocab;
  private final Map<String, Integer> index;

  private CategoryBlock(List<String> vocab) {
    this.vocab = vocab == null ? null : List.copyOf(vocab);
    this.index = new HashMap<>();
    if (vocab != null) {
      for (int i = 0; i < vocab.size(); i++) {
        index.put(vocab.get(i), i);
      }
    }
  }

  /** A block whose vocabulary comes from the training labels. */
  public static CategoryBlock create() {
    return new CategoryBlock(null);
  }

  /** A block with a fixed vocabulary, in the order given (fastai's {@code CategoryBlock(vocab=...)}). */
  public static CategoryBlock withVocab(List<String> vocab) {
    checkArgument(!vocab.isEmpty(), "vocab is empty");
    checkArgument(new TreeSet<>(vocab).size() == vocab.size(), "vocab %s has duplicates", vocab);
    return new CategoryBlock(vocab);
  }

  @Override
  public Block setup(List<?> trainRaw, List<?> validRaw) {
    CategoryBlock fitted = this;
    if (vocab == null) {
      boolean numeric = !trainRaw.isEmpty() && trainRaw.stream().allMatch(o -> o instanceof Number);
      TreeSet<String> labels = new TreeSet<>(numeric
          ? java.util.Comparator.comparingDouble(Double::parseDouble) : java.util.Comparator.<String>naturalOrder());
      for (Object o : trainRaw) {
        labels.add(label(o));
      }
      checkArgument(!labels.isEmpty(), "no training labels to build a vocabulary from");
      fitted = new CategoryBlock(new ArrayList<>(labels));
    }
    for (Object o : validRaw) {
      String l = label(o);
      if (!fitted.index.containsKey(l)) {
        throw new IllegalArgumentException("label '" + l + "' appears only in the validation set (training labels: "
            + abbreviate(fitted.vocab) + "); move some of its items to training or change the split");
      }
    }
    return fitted;
  }

  @Override
  public Object encode(Object raw) {
    if (vocab == null) {
      throw new IllegalStateException("CategoryBlock has no vocabulary yet; DataBlock.dataloaders sets it up");
    }
    String l = label(raw);
    Integer i = index.get(l);
    if (i == null) {
      throw new IllegalArgumentException("label '" + l + "' is not in the vocabulary " + abbreviate(vocab));
    }
    return i;
  }

  @Override
  public TensorData collate(List<Object> values) {
    long[] out = new long[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ((Number) values.get(i)).longValue();
    }
    return TensorData.ofLongs(out, out.length);
  }

  @Override
  public Loss loss() {
    return CrossEntropyLossFlat.create();
  }

  @Override
  public int outputCount(long[] itemShape) {
    return vocab.size();
  }

  @Override
  public List<String> vocab() {
    return vocab == null ? List.of() : vocab;
  }

  /** The class name with the highest probability. */
  @Override
  public String decode(float[] activatedRow) {
    int best = 0;
    for (int i = 1; i < activatedRow.length; i++) {
      if (activatedRow[i] > activatedRow[best]) {
        best = i;
      }
    }
    return best < vocab().size() ? vocab.get(best) : String.valueOf(best);
  }

  @Override
  public String show(Object encoded) {
    int i = ((Number) encoded).intValue();
    return vocab != null && i >= 0 && i < vocab.size() ? vocab.get(i) : String.valueOf(i);
  }

  @Override
  public String describe() {
    return vocab == null ? "CategoryBlock" : "CategoryBlock(" + vocab.size() + " classes)";
  }

  private static String label(Object raw) {
    if (raw == null) {
      throw new IllegalArgumentException("label is null; every item needs a label");
    }
    String s = raw.toString();
    if (s.isBlank()) {
      throw new IllegalArgumentException("label is empty; every item needs a label (fix the row or filter it out)");
    }
    return s;
  }

  static String abbreviate(List<String> vocab) {
    return vocab.size() <= 10 ? vocab.toString() : vocab.subList(0, 10) + " and " + (vocab.size() - 10) + " more";
  }
}
