package dev.fastj.samples.cli;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * What a look at a few images of a folder tells {@code ./fastj train} about its defaults: the size
 * most of them have and whether they are all grey. Up to {@link #SAMPLE} files, spread evenly over
 * the sorted list (so over the class folders), are decoded; unreadable ones are passed over (the
 * loader reports them).
 *
 * @param width the most common width of the sampled images (0 when none could be read)
 * @param height the most common height, of the images with that width
 * @param grey whether every sampled image has one colour channel
 * @param sampled how many images were read
 */
record FolderSurvey(int width, int height, boolean grey, int sampled) {

  /** How many images are decoded at most. */
  static final int SAMPLE = 24;

  /** Surveys {@code files} (sorted, as ImageFiles gives them). */
  static FolderSurvey of(List<Path> files) {
    Map<List<Integer>, Integer> sizes = new HashMap<>();
    List<List<Integer>> order = new ArrayList<>();
    boolean grey = true;
    int read = 0;
    int n = files.size();
    int take = Math.min(SAMPLE, n);
    for (int k = 0; k < take; k++) {
      Path f = files.get((int) ((long) k * n / take));
      BufferedImage im;
      try {
        im = ImageIO.read(f.toFile());
      } catch (IOException | RuntimeException e) {
        continue;
      }
      if (im == null) {
        continue;
      }
      read++;
      grey &= im.getColorModel().getNumColorComponents() == 1;
      List<Integer> wh = List.of(im.getWidth(), im.getHeight());
      if (sizes.merge(wh, 1, Integer::sum) == 1) {
        order.add(wh);
      }
    }
    if (read == 0) {
      return new FolderSurvey(0, 0, false, 0);
    }
    List<Integer> common = order.get(0);
    for (List<Integer> wh : order) {
      if (sizes.get(wh) > sizes.get(common)) {
        common = wh;
      }
    }
    return new FolderSurvey(common.get(0), common.get(1), grey, read);
  }

  /**
   * The training size when none is given: the images' own (height, width) when neither side is
   * over {@code max}, else scaled down so that the longer side is {@code max}; {@code fallback}
   * square when nothing could be read.
   */
  int[] defaultSize(int max, int fallback) {
    if (sampled == 0) {
      return new int[] {fallback, fallback};
    }
    int longer = Math.max(width, height);
    if (longer <= max) {
      return new int[] {Math.max(height, 8), Math.max(width, 8)};
    }
    double s = (double) max / longer;
    return new int[] {Math.max(8, (int) Math.round(height * s)), Math.max(8, (int) Math.round(width * s))};
  }
}
