package dev.fastj.data.internal;

import dev.fastj.data.BatchContext;
import dev.fastj.data.Block;
import dev.fastj.data.TensorData;
import dev.fastj.vision.ShowBatch;
import dev.fastj.vision.image.ImageTensor;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Draws a training batch as fastai's {@code show_batch}: images after augmentation with
 * normalisation undone, through {@link ShowBatch}: masks overlaid, points drawn, labels as titles.
 */
final class BatchPlot {

  private final BlockDataLoaders owner;
  private final BlockDataLoader loader;

  BatchPlot(BlockDataLoaders owner, BlockDataLoader loader) {
    this.owner = owner;
    this.loader = loader;
  }

  void write(int n, Path png) {
    Pipeline p = loader.pipeline();
    List<Integer> positions = new ArrayList<>();
    List<List<Object>> samples = loader.showSamples(n, positions);
    if (samples.isEmpty()) {
      throw new IllegalStateException("no readable training item to show");
    }
    List<String> names = positions.stream().map(loader::describeItem).toList();
    List<TensorData> parts = p.collate(samples, names);
    parts = p.applyBatchTfms(parts, new BatchContext(true, new Random(owner.seed()), owner.pool()));
    parts = p.decodeBatch(parts);
    List<Block.Spatial> kinds = p.kinds();
    int img = kinds.indexOf(Block.Spatial.IMAGE);
    if (img < 0) {
      throw new IllegalStateException("showBatch needs an image block; the blocks are " + kinds);
    }
    TensorData images = parts.get(img);
    int c = (int) images.dim(1);
    int h = (int) images.dim(2);
    int w = (int) images.dim(3);
    List<ImageTensor> out = new ArrayList<>();
    List<String> titles = new ArrayList<>();
    List<int[]> masks = new ArrayList<>();
    List<float[]> points = new ArrayList<>();
    int maskPart = kinds.indexOf(Block.Spatial.MASK);
    int pointPart = kinds.indexOf(Block.Spatial.POINTS);
    FloatBuffer fb = images.floats();
    for (int r = 0; r < samples.size(); r++) {
      float[] chw = new float[c * h * w];
      fb.get(r * chw.length, chw);
      for (int i = 0; i < chw.length; i++) {
        chw[i] = Math.max(0f, Math.min(1f, chw[i]));
      }
      out.add(new ImageTensor(chw, c, h, w));
      List<String> title = new ArrayList<>();
      for (int k = 0; k < kinds.size(); k++) {
        if (kinds.get(k) == Block.Spatial.NONE) {
          title.add(p.blocks().get(k).show(samples.get(r).get(k)));
        }
      }
      titles.add(String.join(" ", title));
      if (maskPart >= 0) {
        masks.add(mask(parts.get(maskPart), r, h * w));
      }
      if (pointPart >= 0) {
        points.add(pixels(parts.get(pointPart), r, h, w));
      }
    }
    int cols = (int) Math.ceil(Math.sqrt(out.size()));
    if (maskPart >= 0) {
      ShowBatch.gridWithMasks(out, masks, p.blocks().get(maskPart).vocab(), titles, cols, png);
    } else if (pointPart >= 0) {
      ShowBatch.gridWithPoints(out, points, titles, cols, png);
    } else {
      ShowBatch.grid(out, titles, cols, png);
    }
  }

  private static int[] mask(TensorData t, int row, int plane) {
    LongBuffer lb = t.longs();
    int[] m = new int[plane];
    for (int i = 0; i < plane; i++) {
      m[i] = (int) lb.get(row * plane + i);
    }
    return m;
  }

  /** Points of one row from -1..1 back to pixels of the image. */
  private static float[] pixels(TensorData t, int row, int h, int w) {
    int k = (int) t.dim(1);
    float[] v = new float[k];
    t.floats().get(row * k, v);
    for (int i = 0; i + 1 < k; i += 2) {
      v[i] = (v[i] + 1) / 2 * w;
      v[i + 1] = (v[i + 1] + 1) / 2 * h;
    }
    return v;
  }
}
