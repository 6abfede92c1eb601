package dev.fastj.vision;

import static com.google.common.base.Preconditions.checkArgument;

import dev.fastj.data.BatchContext;
import dev.fastj.data.BatchTransform;
import dev.fastj.data.Block;
import dev.fastj.data.TensorData;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * fastai's {@code Normalize}: {@code (x - mean) / std} per channel on image inputs, on training
 * and validation batches, undone by {@link #decode} for display. Statistics are ImageNet's
 * ({@link #imagenet()}, for pretrained models), given, or computed from the first training batch
 * ({@link #fromData()}, as fastai's {@code Normalize()} without statistics).
 */
public final class Normalize implements BatchTransform {

  /** ImageNet channel means (RGB), fastai's {@code imagenet_stats}. */
  public static final float[] IMAGENET_MEAN = {0.485f, 0.456f, 0.406f};
  /** ImageNet channel standard deviations (RGB). */
  public static final float[] IMAGENET_STD = {0.229f, 0.224f, 0.225f};

  private final float[] mean;
  private final float[] std;

  private Normalize(float[] mean, float[] std) {
    this.mean = mean == null ? null : mean.clone();
    this.std = std == null ? null : std.clone();
  }

  /** fastai's {@code Normalize.from_stats(*imagenet_stats)}. */
  public static Normalize imagenet() {
    return new Normalize(IMAGENET_MEAN, IMAGENET_STD);
  }

  /** Given per-channel statistics. */
  public static Normalize of(float[] mean, float[] std) {
    checkArgument(mean.length == std.length && mean.length > 0, "mean and std need one value per channel: %s and %s",
        mean.length, std.length);
    for (float s : std) {
      checkArgument(s > 0, "std values must be positive, got %s", Arrays.toString(std));
    }
    return new Normalize(mean, std);
  }

  /** Statistics computed per channel from the first training batch when the loaders are built. */
  public static Normalize fromData() {
    return new Normalize(null, null);
  }

  /** The channel means (null until set up for {@link #fromData()}). */
  public float[] mean() {
    return mean == null ? null : mean.clone();
  }

  /** The channel standard deviations (null until set up for {@link #fromData()}). */
  public float[] std() {
    return std == null ? null : std.clone();
  }

  @Override
  public BatchTransform setup(List<TensorData> firstBatch, List<Block.Spatial> kinds) {
    if (mean != null) {
      return this;
    }
    int img = kinds.indexOf(Block.Spatial.IMAGE);
    checkArgument(img >= 0, "Normalize.fromData needs an image input; the blocks are %s", kinds);
    TensorData t = firstBatch.get(img);
    int n = (int) t.dim(0);
    int c = (int) t.dim(1);
    int plane = (int) (t.numel() / ((long) n * c));
    float[] v = t.toFloatArray();
    float[] m = new float[c];
    float[] s = new float[c];
    for (int ch = 0; ch < c; ch++) {
      double sum = 0;
      double sq = 0;
      for (int b = 0; b < n; b++) {
        int off = (b * c + ch) * plane;
        for (int i = 0; i < plane; i++) {
          double x = v[off + i];
          sum += x;
          sq += x * x;
        }
      }
      double count = (double) n * plane;
      double mu = sum / count;
      m[ch] = (float) mu;
      s[ch] = (float) Math.max(1e-6, Math.sqrt(Math.max(0, sq / count - mu * mu)));
    }
    return new Normalize(m, s);
  }

  @Override
  public List<TensorData> apply(List<TensorData> parts, List<Block.Spatial> kinds, BatchContext ctx) {
    if (mean == null) {
      throw new IllegalStateException("Normalize.fromData has no statistics yet; the loaders set it up on the first batch");
    }
    transform(parts, kinds, false);
    return parts;
  }

  @Override
  public List<TensorData> decode(List<TensorData> parts, List<Block.Spatial> kinds) {
    if (mean != null) {
      transform(parts, kinds, true);
    }
    return parts;
  }

  private void transform(List<TensorData> parts, List<Block.Spatial> kinds, boolean inverse) {
    for (int k = 0; k < parts.size(); k++) {
      if (kinds.get(k) != Block.Spatial.IMAGE) {
        continue;
      }
      TensorData t = parts.get(k);
      int n = (int) t.dim(0);
      int c = (int) t.dim(1);
      if (c != mean.length) {
        throw new IllegalArgumentException("Normalize has statistics for " + mean.length + " channels but the images have "
            + c + "; use Normalize.of(mean, std) with " + c + " values or Normalize.fromData()");
      }
      int plane = (int) (t.numel() / ((long) n * c));
      FloatBuffer fb = t.floats();
      float[] buf = new float[plane];
      for (int b = 0; b < n; b++) {
        for (int ch = 0; ch < c; ch++) {
          int off = (b * c + ch) * plane;
          fb.get(off, buf);
          float mu = mean[ch];
          float sd = std[ch];
          for (int i = 0; i < plane; i++) {
            buf[i] = inverse ? buf[i] * sd + mu : (buf[i] - mu) / sd;
          }
          fb.put(off, buf);
        }
      }
    }
  }

  @Override
  public int order() {
    return 99;
  }

  @Override
  public String describe() {
    return mean == null ? "Normalize(from data)" : "Normalize(mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + ")";
  }
}
