package dev.fastj.vision.internal;

import dev.fastj.vision.MaskTensor;
import dev.fastj.vision.ShowBatch;
import dev.fastj.vision.image.ImageTensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Draws segmentation results as fastai's {@code show_results} and {@code plot_top_losses} do for
 * masks: one row per item, the actual mask over the image on the left and the predicted one on the
 * right, in {@link ShowBatch}'s colours with the codes' legend under the grid. Internal to fastj.
 */
public final class MaskPairs {

  private MaskPairs() {}

  /** One item to draw: its image, actual and predicted masks (the image's size), and a caption. */
  public record Item(ImageTensor image, MaskTensor actual, MaskTensor predicted, String caption) {}

  /** Writes the rows of {@code items} into {@code png}. */
  public static void write(List<Item> items, List<String> codes, Path png) {
    List<ImageTensor> images = new ArrayList<>();
    List<int[]> masks = new ArrayList<>();
    List<String> titles = new ArrayList<>();
    for (Item it : items) {
      images.add(it.image());
      images.add(it.image());
      masks.add(it.actual().codes());
      masks.add(it.predicted().codes());
      // the file name, not its folders: a cell is narrow
      titles.add(it.caption().substring(it.caption().lastIndexOf('/') + 1) + ": actual");
      titles.add("predicted, " + Math.round(100 * agreement(it.actual(), it.predicted())) + "% of pixels agree");
    }
    ShowBatch.gridWithMasks(images, masks, codes, titles, 2, png);
  }

  /** The share of pixels where the two masks have the same code. */
  public static double agreement(MaskTensor a, MaskTensor b) {
    int same = 0;
    for (int i = 0; i < a.codes().length; i++) {
      same += a.codes()[i] == b.codes()[i] ? 1 : 0;
    }
    return (double) same / a.codes().length;
  }

  /** The mask of a collated target row (one code per pixel, as floats or longs) for an image of {@code h x w}. */
  public static MaskTensor fromRow(float[] row, int h, int w) {
    int[] c = new int[row.length];
    for (int i = 0; i < c.length; i++) {
      c[i] = Math.round(row[i]);
    }
    return new MaskTensor(c, h, w);
  }
}
