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
 * normalisation undone, masks blended over them in a colour per code, points as red dots, labels
 * as titles.
 */
final class BatchPlot {

  private static final float[][] PALETTE = {
      {0.12f, 0.47f, 0.71f}, {1f, 0.5f, 0.05f}, {0.17f, 0.63f, 0.17f}, {0.84f, 0.15f, 0.16f},
      {0.58f, 0.4f, 0.74f}, {0.55f, 0.34f, 0.29f}, {0.89f, 0.47f, 0.76f}, {0.5f, 0.5f, 0.5f},
      {0.74f, 0.74f, 0.13f}, {0.09f, 0.75f, 0.81f}};

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
    FloatBuffer fb = images.floats();
    for (int r = 0; r < samples.size(); r++) {
      float[] chw = new float[c * h * w];
      fb.get(r * chw.length, chw);
      float[] rgb = toRgb(chw, c, h * w);
      List<String> title = new ArrayList<>();
      for (int k = 0; k < kinds.size(); k++) {
        if (k == img) {
          continue;
        }
        switch (kinds.get(k)) {
          case MASK -> overlay(rgb, parts.get(k), r, h, w);
          case POINTS -> drawPoints(rgb, parts.get(k), r, h, w);
          case IMAGE -> { }
          case NONE -> title.add(p.blocks().get(k).show(samples.get(r).get(k)));
        }
      }
      out.add(new ImageTensor(rgb, 3, h, w));
      titles.add(String.join(" ", title));
    }
    ShowBatch.grid(out, titles, (int) Math.ceil(Math.sqrt(out.size())), png);
  }

  private static float[] toRgb(float[] chw, int c, int plane) {
    float[] rgb = new float[3 * plane];
    for (int ch = 0; ch < 3; ch++) {
      System.arraycopy(chw, (c >= 3 ? ch : 0) * plane, rgb, ch * plane, plane);
    }
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] = Math.max(0f, Math.min(1f, rgb[i]));
    }
    return rgb;
  }

  private static void overlay(float[] rgb, TensorData mask, int row, int h, int w) {
    LongBuffer lb = mask.longs();
    int plane = h * w;
    for (int i = 0; i < plane; i++) {
      int code = (int) lb.get(row * plane + i);
      if (code <= 0) {
        continue;
      }
      float[] col = PALETTE[(code - 1) % PALETTE.length];
      for (int ch = 0; ch < 3; ch++) {
        rgb[ch * plane + i] = 0.5f * rgb[ch * plane + i] + 0.5f * col[ch];
      }
    }
  }

  private static void drawPoints(float[] rgb, TensorData pts, int row, int h, int w) {
    int k = (int) pts.dim(1);
    float[] v = new float[k];
    pts.floats().get(row * k, v);
    int plane = h * w;
    int radius = Math.max(1, Math.min(h, w) / 32);
    for (int i = 0; i + 1 < k; i += 2) {
      int x = (int) Math.floor((v[i] + 1) / 2 * w);
      int y = (int) Math.floor((v[i + 1] + 1) / 2 * h);
      for (int dy = -radius; dy <= radius; dy++) {
        for (int dx = -radius; dx <= radius; dx++) {
          int xx = x + dx;
          int yy = y + dy;
          if (xx >= 0 && xx < w && yy >= 0 && yy < h) {
            rgb[yy * w + xx] = 1f;
            rgb[plane + yy * w + xx] = 0f;
            rgb[2 * plane + yy * w + xx] = 0f;
          }
        }
      }
    }
  }
}
