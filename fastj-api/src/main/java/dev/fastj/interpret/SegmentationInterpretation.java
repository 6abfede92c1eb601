package dev.fastj.interpret;

import static com.google.common.base.Preconditions.checkArgument;

import dev.fastj.data.DataLoader;
import dev.fastj.data.TensorData;
import dev.fastj.learner.Learner;
import dev.fastj.learner.Preds;
import dev.fastj.vision.MaskTensor;
import dev.fastj.vision.image.ImageTensor;
import dev.fastj.vision.internal.MaskPairs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * fastai's {@code SegmentationInterpretation}: the validation set's predictions with each item's loss
 * (the mean cross-entropy over its pixels), to find and draw the worst items.
 *
 * <pre>{@code
 * SegmentationInterpretation interp = SegmentationInterpretation.from(learn);
 * interp.plotTopLosses(6, Path.of("top.png"));   // actual and predicted mask over each image
 * }</pre>
 */
public final class SegmentationInterpretation {

  /** One item with one of the largest losses: its position in the validation set, loss and name. */
  public record Item(int index, float loss, String item) {}

  private final Preds preds;
  private final DataLoader valid;
  private final List<String> codes;

  private SegmentationInterpretation(Preds preds, DataLoader valid, List<String> codes) {
    this.preds = preds;
    this.valid = valid;
    this.codes = codes;
  }

  /** Predicts the learner's validation set ({@code SegmentationInterpretation.from_learner(learn)}). */
  public static SegmentationInterpretation from(Learner learn) {
    DataLoader valid = learn.dls().valid();
    checkArgument(valid.itemCount() > 0, "the validation set is empty; split off validation items to interpret");
    List<TensorData> t = valid.target(0);
    checkArgument(t.size() == 1 && t.get(0).rank() == 2, "SegmentationInterpretation needs mask targets, but %s has "
        + "targets of shape %s; use ClassificationInterpretation for classes", valid.describeItem(0),
        t.isEmpty() ? "[]" : java.util.Arrays.toString(t.get(0).shape()));
    return new SegmentationInterpretation(learn.getPreds(), valid, learn.vocab());
  }

  /** fastai's {@code top_losses(k)}: the {@code k} items with the largest loss, largest first. */
  public List<Item> topLosses(int k) {
    checkArgument(k > 0, "topLosses needs a positive k, got %s", k);
    float[] losses = preds.losses();
    return IntStream.range(0, losses.length).boxed()
        .sorted(Comparator.comparingDouble((Integer i) -> -losses[i]).thenComparingInt(i -> i))
        .limit(k)
        .map(i -> new Item(preds.itemIndices()[i], losses[i], valid.describeItem(preds.itemIndices()[i])))
        .toList();
  }

  /** fastai's {@code plot_top_losses(k)}: the worst items, actual and predicted mask over each image. */
  public void plotTopLosses(int k, Path png) {
    float[][] probs = preds.probabilities();
    List<MaskPairs.Item> shown = new ArrayList<>();
    for (Item it : topLosses(k)) {
      int row = IntStream.range(0, preds.size()).filter(r -> preds.itemIndices()[r] == it.index()).findFirst()
          .orElseThrow();
      TensorData x = valid.decodedInput(it.index());
      float[] chw = x.toFloatArray();
      for (int j = 0; j < chw.length; j++) {
        chw[j] = Math.max(0f, Math.min(1f, chw[j]));
      }
      ImageTensor img = new ImageTensor(chw, (int) x.dim(0), (int) x.dim(1), (int) x.dim(2));
      MaskTensor actual = MaskPairs.fromRow(preds.targets()[row], img.height(), img.width());
      MaskTensor predicted = MaskTensor.argmax(probs[row], probs[row].length / actual.codes().length,
          img.height(), img.width());
      shown.add(new MaskPairs.Item(img, actual, predicted,
          String.format(java.util.Locale.ROOT, "%s, loss %.3f", it.item(), it.loss())));
    }
    MaskPairs.write(shown, codes, png);
  }
}
