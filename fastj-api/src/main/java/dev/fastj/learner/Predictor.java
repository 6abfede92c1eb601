package dev.fastj.learner;

import static com.google.common.base.Preconditions.checkArgument;

import dev.fastj.callback.ProgressBar;
import dev.fastj.callback.ProgressCallback;
import dev.fastj.data.Batch;
import dev.fastj.data.DataLoader;
import dev.fastj.data.DataLoaders;
import dev.fastj.data.TensorData;
import dev.fastj.nn.BCEWithLogitsLossFlat;
import dev.fastj.nn.Loss;
import dev.fastj.spi.InferenceModel;
import dev.fastj.spi.InputRecipe;
import dev.fastj.spi.TrainableModel;
import dev.fastj.vision.InferenceTransforms;
import dev.fastj.vision.MaskBlock;
import dev.fastj.vision.MaskTensor;
import dev.fastj.vision.image.ImageTensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Prediction for a Learner: through the DataLoaders and the Loss when it has them (a trained
 * Learner), or through the exported recipe, activation and vocab (a loaded one).
 */
final class Predictor {

  private final TrainableModel model;
  private final DataLoaders dls;
  private final Loss loss;
  private final InferenceModel inference;
  private final ExportFile.Info exported;
  /** How a loaded model's raw items become inputs; null for a trained Learner or an image export. */
  private final InputRecipe recipe;
  /** How a point model's outputs go back to pixels of the given image; null for other models. */
  private final PointPredictions points;
  /** A multi-label model's threshold (its loss's, or the export's), NaN for other models. */
  private final double threshold;

  private Predictor(TrainableModel model, DataLoaders dls, Loss loss, InferenceModel inference,
      ExportFile.Info exported, double threshold) {
    this.threshold = threshold;
    this.model = model;
    this.dls = dls;
    this.loss = loss;
    this.inference = inference;
    this.exported = exported;
    Map<String, String> md = exported == null ? null : exported.recipeMetadata();
    this.recipe = md == null ? null : InputRecipe.read(exported.input().get(ExportFile.INPUT_KIND), md);
    this.points = exported != null ? PointPredictions.of(exported.input()) : PointPredictions.of(dls);
  }

  static Predictor trained(TrainableModel model, DataLoaders dls, Loss loss) {
    return new Predictor(model, dls, loss, null, null,
        loss instanceof BCEWithLogitsLossFlat b ? b.threshold() : Double.NaN);
  }

  static Predictor loaded(InferenceModel inference, ExportFile.Info exported) {
    return new Predictor(null, null, null, inference, exported, Exporter.threshold(exported));
  }

  /** This predictor with multi-label threshold {@code t}. */
  Predictor withThreshold(double t) {
    checkArgument(!Double.isNaN(threshold), "threshold applies to multi-label models (loss BCEWithLogitsLossFlat); "
        + "this one's is %s", loss != null ? loss.describe() : exported.loss());
    return new Predictor(model, dls, loss, inference, exported, t);
  }

  /** The multi-label threshold, NaN for other models. */
  double threshold() {
    return threshold;
  }

  /**
   * The label of one activated output row: for a multi-label model the tags over the threshold,
   * in vocab order, joined by spaces (planet's tags); otherwise the data's or the export's decoding.
   */
  String decode(float[] probs) {
    List<String> vocab = vocab();
    if (!Double.isNaN(threshold) && vocab.size() == probs.length) {
      List<String> tags = new ArrayList<>();
      for (int i = 0; i < probs.length; i++) {
        if (probs[i] > (float) threshold) {
          tags.add(vocab.get(i));
        }
      }
      return String.join(" ", tags);
    }
    return exported != null ? Exporter.decode(exported, probs) : dls.decodePrediction(probs);
  }

  InputRecipe recipe() {
    return recipe != null ? recipe : dls != null ? dls.inputRecipe() : null;
  }

  long[] inputShape() {
    return exported != null ? exported.inputShape() : dls.inputShape();
  }

  List<String> vocab() {
    return exported != null ? exported.vocab() : dls.vocab();
  }

  Prediction predictFile(Path file) {
    if (recipe != null && recipe.acceptsFiles()) {
      return predictItem(file);
    }
    if (recipe != null) {
      throw new IllegalArgumentException("this model takes " + recipe.kind() + " items, not files such as " + file
          + "; call predictItem(item), or getPreds(testDl(items)) for many");
    }
    if (exported != null) {
      return predictBatch(List.of(file)).get(0);
    }
    return atItemSizes(List.of(predictItem(file)), List.of(file)).get(0);
  }

  /**
   * Masks resampled (nearest) to the size of the image files, or decoded images, they were predicted
   * from, as fastai's decoded mask is at the input's size; other predictions and items pass through.
   */
  private static List<Prediction> atItemSizes(List<Prediction> ps, List<?> items) {
    List<Prediction> out = new ArrayList<>(ps.size());
    for (int i = 0; i < ps.size(); i++) {
      Prediction p = ps.get(i);
      if (p.mask() != null && items.get(i) instanceof Path file) {
        int[] hw = imageSize(file);
        p = hw == null ? p : p.withMask(p.mask().resize(hw[0], hw[1]));
      } else if (p.mask() != null && items.get(i) instanceof ImageTensor img) {
        p = p.withMask(p.mask().resize(img.height(), img.width()));
      }
      out.add(p);
    }
    return out;
  }

  /** Height and width from the file's header, or null when ImageIO cannot read it (the prediction read it). */
  private static int[] imageSize(Path file) {
    try (javax.imageio.stream.ImageInputStream in = javax.imageio.ImageIO.createImageInputStream(file.toFile())) {
      java.util.Iterator<javax.imageio.ImageReader> readers = in == null ? null : javax.imageio.ImageIO.getImageReaders(in);
      if (readers == null || !readers.hasNext()) {
        return null;
      }
      javax.imageio.ImageReader r = readers.next();
      try {
        r.setInput(in);
        return new int[] {r.getHeight(0), r.getWidth(0)};
      } finally {
        r.dispose();
      }
    } catch (java.io.IOException e) {
      return null;
    }
  }

  /**
   * One inference call for all {@code items} (files or decoded images, or the raw items of an export
   * with an input recipe) of a loaded learner, or the
   * validation transforms of the DataLoaders in batches for a trained one; rows in item order.
   */
  List<Prediction> predictBatch(List<?> items) {
    checkArgument(!items.isEmpty(), "predictBatch needs at least one item");
    if (exported == null && points != null) {
      // image files for a point model: prepared as validation data, so that the points map back to their pixels
      if (points.canPrepare(items)) {
        List<Prediction> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i += 64) {
          List<?> chunk = items.subList(i, Math.min(items.size(), i + 64));
          out.addAll(toPredictions(model.predict(List.of(points.prepare(chunk))), chunk));
        }
        return out;
      }
    }
    if (exported == null) {
      List<Prediction> out = new ArrayList<>();
      for (Batch b : dls.testDl(items)) {
        out.addAll(toPredictions(model.predict(b.inputs()), items.subList(out.size(), out.size() + b.size())));
      }
      return atItemSizes(out, items);
    }
    if (recipe != null) {
      return toPredictions(inference.predict(recipe.encode(items)));
    }
    Map<String, String> input = exported.input();
    if (input.containsKey(ExportFile.INPUT_UNAVAILABLE)) {
      throw new IllegalStateException("this export cannot read files: " + input.get(ExportFile.INPUT_UNAVAILABLE)
          + "; predict a tensor prepared like the training data");
    }
    TensorData x = InferenceTransforms.fromMetadata(input).apply(items);
    long[] want = exported.inputShape();
    long[] got = x.shape();
    if (got.length == want.length + 1 && !Arrays.equals(Arrays.copyOfRange(got, 1, got.length), want)) {
      throw new IllegalArgumentException(String.format(
          "%s gives an input of shape %s but the model takes %s; it was trained without a Resize item "
              + "transform, so give it images of the training size or retrain with itemTfms(Resize.of(n))",
          items.size() == 1 ? items.get(0) : "an item", Arrays.toString(Arrays.copyOfRange(got, 1, got.length)),
          Arrays.toString(want)));
    }
    return atItemSizes(toPredictions(inference.predict(List.of(x)), items), items);
  }

  Prediction predictItem(Object item) {
    if (recipe != null) {
      return toPredictions(inference.predict(recipe.encode(List.of(item)))).get(0);
    }
    checkArgument(dls != null, "a loaded Learner of an image model has no data pipeline for raw items; "
        + "predict a file or a tensor");
    if (points != null && points.canPrepare(List.of(item))) {
      return predictBatch(List.of(item)).get(0);
    }
    DataLoader dl = dls.testDl(List.of(item));
    Batch b = dl.iterator().next();
    return toPredictions(model.predict(b.inputs()), List.of(item)).get(0);
  }

  /** A loader over raw items without labels, through the data pipeline or the export's recipe. */
  DataLoader testDl(List<?> items) {
    if (dls != null) {
      return dls.testDl(items);
    }
    checkArgument(recipe != null, "this export records no recipe for raw items (it is an image model); "
        + "predict files with predict(path)");
    return new RecipeDataLoader(recipe, items, 64);
  }

  Prediction predict(TensorData input) {
    long[] shape = inputShape();
    TensorData x = input;
    if (input.rank() == shape.length) {
      long[] s = new long[shape.length + 1];
      s[0] = 1;
      System.arraycopy(input.shape(), 0, s, 1, shape.length);
      x = TensorData.wrap(input.dtype(), input.buffer(), s);
    }
    checkArgument(x.rank() == shape.length + 1 && x.dim(0) == 1, "predict takes one input of shape %s, got %s",
        Arrays.toString(shape), Arrays.toString(input.shape()));
    TensorData raw = inference != null ? inference.predict(List.of(x)) : model.predict(List.of(x));
    return toPredictions(raw).get(0);
  }

  private List<Prediction> toPredictions(TensorData raw) {
    return toPredictions(raw, null);
  }

  /** One prediction per row of raw outputs; {@code items} (or null) are what the rows were predicted from. */
  private List<Prediction> toPredictions(TensorData raw, List<?> items) {
    List<String> vocab = vocab();
    List<Prediction> out = new ArrayList<>();
    long[] shape = inputShape();
    boolean masks = raw.rank() == 4;
    for (float[] probs : activated(raw)) {
      if (points != null) {
        Object item = items == null ? null : items.get(out.size());
        float[] xy = points.toPixels(probs, item, shape[shape.length - 2], shape[shape.length - 1]);
        out.add(new Prediction(PointPredictions.label(xy), Activation.argmax(probs), probs, List.of(), xy));
        continue;
      }
      if (masks) {
        // [C, H, W] per item: a segmentation model, decoded to a mask and summarised by code
        MaskTensor m = MaskTensor.argmax(probs, (int) raw.dim(1), (int) raw.dim(2), (int) raw.dim(3));
        String label = exported != null ? MaskBlock.create(vocab).decode(probs) : dls.decodePrediction(probs);
        out.add(new Prediction(label, Activation.argmax(probs), probs, List.of(), m));
        continue;
      }
      out.add(new Prediction(decode(probs), Activation.argmax(probs), probs,
          vocab != null && vocab.size() == probs.length ? vocab : List.of(), threshold));
    }
    return out;
  }

  /** The rows of raw outputs after the loss's activation (the exported one for a loaded learner). */
  private float[][] activated(TensorData raw) {
    if (exported == null) {
      return ItemLosses.rows(loss.activation(raw));
    }
    int n = (int) raw.dim(0);
    int width = n == 0 ? 0 : (int) (raw.numel() / n);
    float[] all = raw.rank() > 2 && exported.activation() == Activation.SOFTMAX
        ? softmaxAxis1(raw.toFloatArray(), n, (int) raw.dim(1)) : exported.activation().apply(raw.toFloatArray(), width);
    float[][] rows = new float[n][];
    for (int i = 0; i < n; i++) {
      rows[i] = Arrays.copyOfRange(all, i * width, (i + 1) * width);
    }
    return rows;
  }

  /** Softmax over axis 1 of {@code [n, c, ...]} values (every pixel of a mask model), in place. */
  private static float[] softmaxAxis1(float[] v, int n, int c) {
    int inner = n == 0 ? 0 : v.length / n / c;
    for (int i = 0; i < n; i++) {
      int base = i * c * inner;
      for (int p = 0; p < inner; p++) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < c; k++) max = Math.max(max, v[base + k * inner + p]);
        double sum = 0;
        for (int k = 0; k < c; k++) sum += Math.exp(v[base + k * inner + p] - max);
        for (int k = 0; k < c; k++) v[base + k * inner + p] = (float) (Math.exp(v[base + k * inner + p] - max) / sum);
      }
    }
    return v;
  }

  /** Predictions over {@code dl}, with a "get_preds" bar on {@code progress} (null: none). */
  Preds getPreds(DataLoader dl, ProgressCallback progress) {
    ProgressBar bar = progress == null ? null : progress.bar("get_preds", dl.size());
    int done = 0;
    List<float[]> probs = new ArrayList<>();
    List<float[]> targets = new ArrayList<>();
    List<Float> losses = new ArrayList<>();
    List<Integer> indices = new ArrayList<>();
    for (Batch b : dl) {
      TensorData raw;
      float[] itemLoss;
      if (model == null) {
        // a loaded learner: the export's graph, its activation, and the loss it names, computed here
        raw = inference.predict(b.inputs());
        itemLoss = b.targets().isEmpty() ? nans(b.size()) : ItemLosses.byName(exported.loss(), raw, b.targets().get(0));
      } else if (b.targets().isEmpty()) {
        raw = model.predict(b.inputs());
        itemLoss = nans(b.size());
      } else {
        var r = model.evalStep(b);
        raw = r.output();
        if (raw == null) {
          throw new IllegalStateException("the backend's evalStep returned no outputs; getPreds needs them");
        }
        // before the activation, which may work in place
        itemLoss = ItemLosses.of(model, b, raw, r.loss());
      }
      probs.addAll(Arrays.asList(activated(raw)));
      float[][] t = b.targets().isEmpty() ? new float[b.size()][0] : ItemLosses.rows(b.targets().get(0));
      for (int i = 0; i < b.size(); i++) {
        targets.add(t[i]);
        losses.add(itemLoss[i]);
        indices.add(b.itemIndices()[i]);
      }
      if (bar != null) {
        bar.update(++done);
      }
    }
    if (bar != null) {
      bar.close();
    }
    float[] l = new float[losses.size()];
    for (int i = 0; i < l.length; i++) {
      l[i] = losses.get(i);
    }
    return new Preds(probs.toArray(new float[0][]), targets.toArray(new float[0][]), l,
        indices.stream().mapToInt(Integer::intValue).toArray());
  }

  private static float[] nans(int n) {
    float[] v = new float[n];
    Arrays.fill(v, Float.NaN);
    return v;
  }
}
