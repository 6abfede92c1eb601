package dev.fastj.learner;

import static com.google.common.base.Preconditions.checkArgument;

import dev.fastj.vision.MaskTensor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The result of {@link Learner#predict}: the decoded label, the index of the most probable
 * output and the activated outputs (probabilities for classification), as fastai's
 * {@code learn.predict} returns {@code (decoded, index, probs)}, plus the class names the
 * outputs belong to, so that probabilities can be read by class.
 *
 * <pre>{@code
 * Prediction p = learn.predict(Path.of("shoe.png"));
 * p.label();                      // "Sneaker"
 * p.probability("Sandal");        // 0.031
 * p.top(3);                       // [Sneaker=0.95, Sandal=0.031, Ankle_boot=0.012]
 * System.out.println(p);          // Sneaker (index 7, 0.950); top: Sneaker 0.950, Sandal 0.031, ...
 * Prediction tags = planet.predict(Path.of("mosaic.png"));
 * tags.labels();                  // {Bag=0.97, Sneaker=0.81}: a multi-label model's tags over its threshold
 * }</pre>
 *
 * @param label the prediction as users read it (a class name, tags, values)
 * @param index index of the largest activated output
 * @param probabilities activated outputs of the item
 * @param classes the name of each output (the vocab), or empty when the model has none (regression)
 * @param points for a model of {@code PointBlock} targets, the points as x, y pairs in pixels of
 *     the image given to {@code predict} (0 at its left/top edge); empty for other models
 * @param mask the predicted code of every pixel, at the input image's size, for a segmentation model
 *     ({@code p.mask()}, fastai's decoded mask); null for other models
 * @param threshold for a multi-label model, the probability above which a tag is predicted
 *     (fastai's {@code thresh}); NaN for other models
 */
public record Prediction(String label, int index, float[] probabilities, List<String> classes,
    float[] points, MaskTensor mask, double threshold) {

  /** How many classes {@link #toString()} lists. */
  private static final int SHOWN = 5;

  /** Copies the probabilities and the classes; the classes are empty or one per output. */
  public Prediction {
    probabilities = probabilities.clone();
    points = points == null ? new float[0] : points.clone();
    classes = classes == null ? List.of() : List.copyOf(classes);
    checkArgument(classes.isEmpty() || classes.size() == probabilities.length,
        "a prediction has %s outputs but %s class names %s; give one name per output or none",
        probabilities.length, classes.size(), classes);
  }

  /** A prediction of classes or values, without points or a mask. */
  public Prediction(String label, int index, float[] probabilities, List<String> classes) {
    this(label, index, probabilities, classes, new float[0], null, Double.NaN);
  }

  /** A multi-label model's prediction: tags over {@code threshold}. */
  public Prediction(String label, int index, float[] probabilities, List<String> classes, double threshold) {
    this(label, index, probabilities, classes, new float[0], null, threshold);
  }

  /** A point model's prediction. */
  public Prediction(String label, int index, float[] probabilities, List<String> classes, float[] points) {
    this(label, index, probabilities, classes, points, null, Double.NaN);
  }

  /** A segmentation model's prediction. */
  public Prediction(String label, int index, float[] probabilities, List<String> classes, MaskTensor mask) {
    this(label, index, probabilities, classes, new float[0], mask, Double.NaN);
  }

  /** A copy whose mask is {@code m}. */
  public Prediction withMask(MaskTensor m) {
    return new Prediction(label, index, probabilities, classes, points, m, threshold);
  }

  /** A prediction without class names (a model with no vocab). */
  public Prediction(String label, int index, float[] probabilities) {
    this(label, index, probabilities, List.of());
  }

  /** True for a multi-label model's prediction: tags are predicted over {@link #threshold()}. */
  public boolean isMultiLabel() {
    return !Double.isNaN(threshold);
  }

  /**
   * The predicted labels with their probabilities, most probable first: for a multi-label model
   * the tags whose probability exceeds {@link #threshold()} (none, one or several; fastai's decoded
   * tags of {@code learn.predict}), otherwise the one predicted class. Empty for a model without
   * class names.
   */
  public Map<String, Float> labels() {
    Map<String, Float> m = new LinkedHashMap<>();
    if (classes.isEmpty()) {
      return m;
    }
    if (!isMultiLabel()) {
      m.put(classes.get(index), probabilities[index]);
      return m;
    }
    for (Map.Entry<String, Float> e : top(probabilities.length)) {
      if (e.getValue() > (float) threshold) {
        m.put(e.getKey(), e.getValue());
      }
    }
    return m;
  }

  /**
   * fastai's {@code TensorPoint} of a point model's prediction: x, y pairs in pixels of the image
   * given to {@code predict} (the model's outputs in -1..1 of its resized input, mapped back
   * through the resize); empty for other models.
   */
  @Override
  public float[] points() {
    return points.clone();
  }

  /** A copy of the activated outputs. */
  @Override
  public float[] probabilities() {
    return probabilities.clone();
  }

  /** The probability of the predicted index. */
  public float probability() {
    return probabilities[index];
  }

  /**
   * The probability of the class named {@code cls}.
   *
   * @throws IllegalArgumentException when the model has no class of that name
   */
  public float probability(String cls) {
    int i = classes.indexOf(cls);
    checkArgument(i >= 0, "no class '%s' in this prediction; the classes are %s", cls, classes);
    return probabilities[i];
  }

  /** The probabilities by class name, in the vocab's order (output index 0 first). */
  public Map<String, Float> probabilitiesByClass() {
    checkArgument(!classes.isEmpty(), "this prediction has no class names (the model has no vocab); "
        + "read probabilities() by index");
    Map<String, Float> m = new LinkedHashMap<>();
    for (int i = 0; i < probabilities.length; i++) {
      m.put(classes.get(i), probabilities[i]);
    }
    return m;
  }

  /**
   * The {@code k} most probable classes, most probable first (ties in vocab order); fewer when the
   * model has fewer outputs. Without class names the keys are the output indices.
   */
  public List<Map.Entry<String, Float>> top(int k) {
    checkArgument(k > 0, "top(k) needs a positive k, got %s", k);
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < probabilities.length; i++) {
      order.add(i);
    }
    order.sort(Comparator.comparingDouble((Integer i) -> -probabilities[i]).thenComparingInt(i -> i));
    List<Map.Entry<String, Float>> out = new ArrayList<>();
    for (int i : order.subList(0, Math.min(k, order.size()))) {
      out.add(Map.entry(classes.isEmpty() ? Integer.toString(i) : classes.get(i), probabilities[i]));
    }
    return out;
  }

  /** The label, index and probability, then the top classes: {@code Sneaker (index 7, 0.950); top: ...}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    sb.append(label).append(" (index ").append(index);
    if (probabilities.length > 0) {
      sb.append(String.format(Locale.ROOT, ", %.3f", probability()));
    }
    sb.append(')');
    if (probabilities.length > 1) {
      sb.append("; top:");
      String sep = " ";
      for (Map.Entry<String, Float> e : top(SHOWN)) {
        sb.append(sep).append(e.getKey()).append(String.format(Locale.ROOT, " %.3f", e.getValue()));
        sep = ", ";
      }
      if (probabilities.length > SHOWN) {
        sb.append(", ... (").append(probabilities.length).append(" classes)");
      }
    }
    return sb.toString();
  }

  /** Equal when label, index, classes, threshold, points, mask and every probability are equal. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Prediction p && p.label.equals(label) && p.index == index
        && java.util.Arrays.equals(p.probabilities, probabilities) && p.classes.equals(classes)
        && java.util.Arrays.equals(p.points, points) && java.util.Objects.equals(p.mask, mask)
        && Double.compare(p.threshold, threshold) == 0;
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(label, index, java.util.Arrays.hashCode(probabilities), classes, mask, threshold)
        + 31 * java.util.Arrays.hashCode(points);
  }
}
