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
    if (recipe != null) {
      throw new IllegalArgumentException("this model takes " + recipe.kind() + " items, not files such as " + file
          + "; call predictItem(item), or getPreds(testDl(items)) for many");
    }
    if (exported != null) {
      return predictBatch(List.of(file)).get(0);
    }
    return predictItem(file);
  }

  /**
   * One inference call for all {@code items} (files or decoded images, or the raw items of an export
   * with an input recipe) of a loaded learner, or the
   * validation transforms of the DataLoaders in batches for a trained one; rows in item order.
   */
  List<Prediction> predictBatch(List<?> items) {
    checkArgument(!items.isEmpty(), "predictBatch needs at least one item");
    if (exported == null) {
      List<Prediction> out = new ArrayList<>();
      for (Batch b : dls.testDl(items)) {
        out.addAll(toPredictions(model.predict(b.inputs())));
      }
      return out;
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
    return toPredictions(inference.predict(List.of(x)));
  }

  Prediction predictItem(Object item) {
    if (recipe != null) {
      return toPredictions(inference.predict(recipe.encode(List.of(item)))).get(0);
    }
    checkArgument(dls != null, "a loaded Learner of an image model has no data pipeline for raw items; "
        + "predict a file or a tensor");
    DataLoader dl = dls.testDl(List.of(item));
    Batch b = dl.iterator().next();
    return toPredictions(model.predict(b.inputs())).get(0);
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

  /** One prediction per row of raw outputs. */
  private List<Prediction> toPredictions(TensorData raw) {
    List<String> vocab = vocab();
    List<Prediction> out = new ArrayList<>();
    for (float[] probs : activated(raw)) {
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
    float[] all = exported.activation().apply(raw.toFloatArray(), width);
    float[][] rows = new float[n][];
    for (int i = 0; i < n; i++) {
      rows[i] = Arrays.copyOfRange(all, i * width, (i + 1) * width);
    }
    return rows;
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
