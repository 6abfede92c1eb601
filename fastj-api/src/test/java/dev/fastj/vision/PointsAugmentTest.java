package dev.fastj.vision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fastj.data.Batch;
import dev.fastj.data.DataBlock;
import dev.fastj.data.DataLoaderOptions;
import dev.fastj.data.DataLoaders;
import dev.fastj.data.ItemTransform;
import dev.fastj.data.Splitters;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Points move with the image through every geometric transform (issue 10, item 3): each image
 * holds one bright Gaussian spot whose centre is its point; after the item transform (a random
 * crop or a random resized crop) and the batch augmentation (dihedral flips, rotation, zoom,
 * perspective warp), the brightness centroid of every training image must sit where its point
 * went.
 */
class PointsAugmentTest {

  @TempDir
  Path dir;

  private Map<String, float[]> spots(int n, int w, int h) throws Exception {
    Random rnd = new Random(3);
    Map<String, float[]> points = new HashMap<>();
    Files.createDirectories(dir.resolve("img"));
    for (int k = 0; k < n; k++) {
      float cx = (float) (0.35 * w + rnd.nextDouble() * 0.3 * w);
      float cy = (float) (0.35 * h + rnd.nextDouble() * 0.3 * h);
      BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          double d2 = Math.pow(x + 0.5 - cx, 2) + Math.pow(y + 0.5 - cy, 2);
          img.getRaster().setSample(x, y, 0, (int) Math.round(255 * Math.exp(-d2 / (2 * 2.0 * 2.0))));
        }
      }
      ImageIO.write(img, "png", dir.resolve("img/" + k + ".png").toFile());
      points.put(k + ".png", new float[] {cx, cy});
    }
    return points;
  }

  private void checkCentroids(ItemTransform itemTfm, int w, int h) throws Exception {
    Map<String, float[]> points = spots(16, w, h);
    Augment aug = Augment.transforms().withFlipVert(true).withMaxRotate(30).withMinZoom(0.9).withMaxZoom(1.3)
        .withMaxWarp(0.2).withMaxLighting(0).withPAffine(1).withPadMode(PadMode.ZEROS);
    DataBlock<Path> block = DataBlock.of(ImageBlock.grey(), PointBlock.create())
        .getItems(p -> ImageFiles.get(p.resolve("img")))
        .getY(p -> points.get(p.getFileName().toString()))
        .splitter(Splitters.byIndex(List.of(0)))
        .itemTfms(itemTfm).batchTfms(aug);
    int checked = 0;
    try (DataLoaders dls = block.dataloaders(dir, 5, DataLoaderOptions.defaults().withNumWorkers(2).withSeed(11))) {
      for (int epoch = 0; epoch < 3; epoch++) {
        for (Batch b : dls.train()) {
          float[] x = b.inputs().get(0).toFloatArray();
          float[] p = b.target().toFloatArray();
          int oh = (int) b.inputs().get(0).dim(2);
          int ow = (int) b.inputs().get(0).dim(3);
          for (int r = 0; r < b.size(); r++) {
            double sum = 0;
            double sx = 0;
            double sy = 0;
            for (int y = 0; y < oh; y++) {
              for (int xx = 0; xx < ow; xx++) {
                double v = x[r * oh * ow + y * ow + xx];
                sum += v;
                sx += v * (xx + 0.5);
                sy += v * (y + 0.5);
              }
            }
            double px = (p[2 * r] + 1) / 2 * ow;
            double py = (p[2 * r + 1] + 1) / 2 * oh;
            if (px < 6 || py < 6 || px > ow - 6 || py > oh - 6) {
              // a crop or a zoom may push the spot (sigma 2 px) over the edge: its centroid moves in
              continue;
            }
            assertThat(Math.hypot(sx / sum - px, sy / sum - py))
                .as("row %s of a batch: centroid (%.2f, %.2f), point (%.2f, %.2f)", r, sx / sum, sy / sum, px, py)
                .isLessThan(0.6);
            checked++;
          }
        }
      }
    }
    assertThat(checked).as("rows whose spot stayed inside").isGreaterThanOrEqualTo(25);
  }

  @Test
  void randomCropResize_thenFlipsRotationZoomAndWarp_keepThePointOnTheSpot() throws Exception {
    checkCentroids(Resize.of(32), 48, 40);
  }

  @Test
  void randomResizedCrop_thenAugment_keepThePointOnTheSpot() throws Exception {
    checkCentroids(RandomResizedCrop.of(32).withMinScale(0.6), 40, 40);
  }

  @Test
  void squishToANonSquareSize_thenAugment_keepThePointOnTheSpot() throws Exception {
    checkCentroids(Resize.of(24, 36).withMethod(Resize.Method.SQUISH), 40, 30);
  }
}
