package dev.fastj.learner;

import static com.google.common.base.Preconditions.checkArgument;

import dev.fastj.data.DataLoader;
import dev.fastj.data.DataLoaders;
import dev.fastj.data.TensorData;
import dev.fastj.vision.MaskTensor;
import dev.fastj.vision.ShowBatch;
import dev.fastj.vision.internal.MaskPairs;
import dev.fastj.vision.image.ImageTensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * fastai's {@code learn.show_results()}: validation images with their actual label and
 * the model's prediction as titles ("actual / predicted"), with a mark on wrong classifications.
 */
final class ResultsPlot {

  private ResultsPlot() {}

  /** One validation item as shown: its image, its actual label and the prediction. */
  record Shown(String item, ImageTensor image, String actual, String predicted, boolean wrong) {}

  static void write(Learner learn, DataLoaders dls, int n, Path png) {
    if (PointPredictions.of(dls) != null) {
      writePoints(learn, dls, n, png);
      return;
    }
    if (hasMasks(dls)) {
      writeMasks(learn, dls, n, png);
      return;
    }
    List<Shown> shown = results(learn, dls, n);
    List<ImageTensor> images = new ArrayList<>();
    List<String> titles = new ArrayList<>();
    for (Shown s : shown) {
      images.add(s.image());
      titles.add(s.actual() + " / " + s.predicted() + (s.wrong() ? " (wrong)" : ""));
    }
    int cols = (int) Math.ceil(Math.sqrt(shown.size()));
    ShowBatch.grid(images, titles, cols, "Actual / Prediction", png);
  }

  /**
   * Points: each image (at the model's input size) with its target points (green rings) and the
   * predicted ones (red dots), titled with the mean distance between them in pixels.
   */
  private static void writePoints(Learner learn, DataLoaders dls, int n, Path png) {
    DataLoader valid = dls.valid();
    int[] index = spread(valid, n);
    Preds preds = learn.getPreds(dls.testDl(itemsAt(valid, index)));
    List<ImageTensor> images = new ArrayList<>();
    List<float[]> targets = new ArrayList<>();
    List<float[]> predicted = new ArrayList<>();
    List<String> titles = new ArrayList<>();
    for (int r = 0; r < preds.size(); r++) {
      int v = index[preds.itemIndices()[r]];
      ImageTensor img = image(valid, v);
      float[] t = toPixels(valid.target(v).get(0).toFloatArray(), img);
      float[] p = toPixels(preds.probabilities()[r], img);
      double err = 0;
      for (int k = 0; k + 1 < t.length; k += 2) {
        err += Math.hypot(t[k] - p[k], t[k + 1] - p[k + 1]);
      }
      images.add(img);
      targets.add(t);
      predicted.add(p);
      titles.add(String.format(java.util.Locale.ROOT, "%.1f px", err / Math.max(1, t.length / 2)));
    }
    ShowBatch.gridWithPoints(images, targets, predicted, titles, (int) Math.ceil(Math.sqrt(images.size())), png);
  }

  /** Points scaled to -1..1 in pixels of {@code img}. */
  private static float[] toPixels(float[] scaled, ImageTensor img) {
    float[] out = new float[scaled.length];
    for (int k = 0; k + 1 < scaled.length; k += 2) {
      out[k] = (scaled[k] + 1) / 2 * img.width();
      out[k + 1] = (scaled[k + 1] + 1) / 2 * img.height();
    }
    return out;
  }

  /** True when the validation targets are masks (one code per pixel): a segmentation learner. */
  private static boolean hasMasks(DataLoaders dls) {
    DataLoader valid = dls.valid();
    if (valid.itemCount() == 0) {
      return false;
    }
    List<TensorData> t = valid.target(0);
    return t.size() == 1 && t.get(0).dtype() == TensorData.DType.INT64 && t.get(0).rank() == 2;
  }

  /** fastai's {@code show_results} for masks: actual and predicted mask over each of {@code n} validation images. */
  private static void writeMasks(Learner learn, DataLoaders dls, int n, Path png) {
    DataLoader valid = dls.valid();
    int[] index = spread(valid, n);
    Preds preds = learn.getPreds(dls.testDl(itemsAt(valid, index)));
    List<MaskPairs.Item> shown = new ArrayList<>();
    for (int r = 0; r < preds.size(); r++) {
      int v = index[preds.itemIndices()[r]];
      ImageTensor img = image(valid, v);
      TensorData t = valid.target(v).get(0);
      float[] row = preds.probabilities()[r];
      MaskTensor actual = MaskPairs.fromRow(t.toFloatArray(), (int) t.dim(0), (int) t.dim(1));
      MaskTensor predicted = MaskTensor.argmax(row, row.length / actual.codes().length, actual.height(), actual.width());
      shown.add(new MaskPairs.Item(img, actual, predicted, valid.describeItem(v)));
    }
    MaskPairs.write(shown, dls.vocab(), png);
  }

  /** {@code n} indices spread evenly over the validation set (all of it when it is smaller). */
  private static int[] spread(DataLoader valid, int n) {
    checkArgument(n > 0, "showResults needs a positive number of items, got %s", n);
    int k = Math.min(n, valid.itemCount());
    if (k == 0) {
      throw new IllegalStateException("showResults: the validation set is empty; split off validation items "
          + "(Splitters.random(0.2, 42), say) to see results on them");
    }
    // evenly spread over the set: a validation set sorted by class (test/<class>/...) shows them all
    int[] index = new int[k];
    for (int i = 0; i < k; i++) {
      index[i] = (int) ((long) i * valid.itemCount() / k);
    }
    return index;
  }

  private static List<Object> itemsAt(DataLoader valid, int[] index) {
    List<Object> items = new ArrayList<>();
    for (int i : index) {
      items.add(valid.item(i));
    }
    return items;
  }

  /**
   * {@code n} validation items spread evenly over the set (all of them when it is smaller) with
   * their predictions.
   */
  static List<Shown> results(Learner learn, DataLoaders dls, int n) {
    DataLoader valid = dls.valid();
    int[] index = spread(valid, n);
    int k = index.length;
    List<Object> items = itemsAt(valid, index);
    Preds preds = learn.getPreds(dls.testDl(items));
    float[][] rows = new float[k][];
    for (int r = 0; r < preds.size(); r++) {
      rows[preds.itemIndices()[r]] = preds.probabilities()[r];
    }
    List<Shown> out = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      int v = index[i];
      String actual = decodeTarget(learn, dls, valid.target(v), valid.describeItem(v));
      String predicted = rows[i] == null ? "?" : learn.decodePrediction(rows[i]);
      boolean wrong = !dls.vocab().isEmpty() && !actual.equals(predicted);
      out.add(new Shown(valid.describeItem(v), image(valid, v), actual, predicted, wrong));
    }
    return out;
  }

  private static ImageTensor image(DataLoader valid, int i) {
    TensorData t = valid.decodedInput(i);
    long[] s = t.shape();
    if (s.length != 3) {
      throw new IllegalStateException("showResults draws images; item " + valid.describeItem(i) + " has input shape "
          + Arrays.toString(s) + ", not (channels, height, width)");
    }
    float[] chw = t.toFloatArray();
    for (int j = 0; j < chw.length; j++) {
      chw[j] = Math.max(0f, Math.min(1f, chw[j]));
    }
    return new ImageTensor(chw, (int) s[0], (int) s[1], (int) s[2]);
  }

  /** The target as the predictions read: a class index as its one-hot row, float targets as they are. */
  private static String decodeTarget(Learner learn, DataLoaders dls, List<TensorData> targets, String item) {
    if (targets.size() == 1) {
      TensorData y = targets.get(0);
      int out = dls.outputCount();
      if (y.dtype() == TensorData.DType.INT64 && y.numel() == 1) {
        float[] oneHot = new float[out];
        long c = y.toLongArray()[0];
        checkArgument(c >= 0 && c < out, "item %s has class %s, outside the %s outputs", item, c, out);
        oneHot[(int) c] = 1;
        return dls.decodePrediction(oneHot);
      }
      if (y.dtype() == TensorData.DType.FLOAT32 && y.numel() == out) {
        // through the learner, as the prediction: a multi-label target's tags read like its predicted ones
        return learn.decodePrediction(y.toFloatArray());
      }
    }
    throw new IllegalStateException("showResults shows class, multi-label and regression targets; item " + item
        + " has " + targets.size() + " target(s) of shape " + (targets.isEmpty() ? "[]"
            : Arrays.toString(targets.get(0).shape())) + "; use showBatch or getPreds for masks and points");
  }
}
