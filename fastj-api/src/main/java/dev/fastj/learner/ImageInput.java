package dev.fastj.learner;

import static com.google.common.base.Preconditions.checkArgument;

import dev.fastj.data.TensorData;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Turns an image file into one model input from an exported recipe (see
 * {@link dev.fastj.data.DataLoaders#inputRecipe()}): decode, centre-crop to the aspect ratio and
 * resize (or squish), scale to [0, 1], optionally normalize. Used only by learners loaded from an
 * export; a Learner that has its DataLoaders uses their exact pipeline.
 */
final class ImageInput {

  private ImageInput() {}

  /** A {@code [1, C, H, W]} float tensor for {@code file}. */
  static TensorData load(Path file, long[] inputShape, Map<String, String> recipe) {
    checkArgument(inputShape.length == 3 && (inputShape[0] == 1 || inputShape[0] == 3),
        "this model's input shape %s is not an image (channels 1 or 3, height, width); pass a tensor to predict",
        java.util.Arrays.toString(inputShape));
    String kind = recipe.getOrDefault("kind", "image");
    checkArgument(kind.equals("image"), "exported input kind %s cannot be read from a file; pass a tensor", kind);
    int c = (int) inputShape[0];
    int h = (int) inputShape[1];
    int w = (int) inputShape[2];
    BufferedImage src;
    try {
      src = ImageIO.read(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("could not read image " + file + ": " + e.getMessage(), e);
    }
    checkArgument(src != null, "%s is not an image format this JVM can decode (png, jpeg, bmp, webp, gif)", file);
    String resize = recipe.getOrDefault("resize", "crop");
    int sx = 0;
    int sy = 0;
    int sw = src.getWidth();
    int sh = src.getHeight();
    if (resize.equals("crop")) {
      double target = (double) w / h;
      if ((double) sw / sh > target) {
        int nw = (int) Math.round(sh * target);
        sx = (sw - nw) / 2;
        sw = nw;
      } else {
        int nh = (int) Math.round(sw / target);
        sy = (sh - nh) / 2;
        sh = nh;
      }
    } else {
      checkArgument(resize.equals("squish"), "unknown resize method %s in the export; expected crop or squish", resize);
    }
    BufferedImage dst = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = dst.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(src, 0, 0, w, h, sx, sy, sx + sw, sy + sh, null);
    g.dispose();
    float[] mean = floats(recipe.get("mean"), c, 0f);
    float[] std = floats(recipe.get("std"), c, 1f);
    TensorData out = TensorData.zeros(TensorData.DType.FLOAT32, 1, c, h, w);
    FloatBuffer fb = out.floats();
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int rgb = dst.getRGB(x, y);
        int r = (rgb >> 16) & 0xff;
        int gr = (rgb >> 8) & 0xff;
        int b = rgb & 0xff;
        if (c == 1) {
          // PIL's "L" conversion, which fastai uses for grey images
          float l = (r * 299 + gr * 587 + b * 114) / 1000f / 255f;
          fb.put(y * w + x, (l - mean[0]) / std[0]);
        } else {
          int plane = h * w;
          fb.put(y * w + x, (r / 255f - mean[0]) / std[0]);
          fb.put(plane + y * w + x, (gr / 255f - mean[1]) / std[1]);
          fb.put(2 * plane + y * w + x, (b / 255f - mean[2]) / std[2]);
        }
      }
    }
    return out;
  }

  private static float[] floats(String csv, int n, float fallback) {
    float[] out = new float[n];
    java.util.Arrays.fill(out, fallback);
    if (csv == null || csv.isBlank()) {
      return out;
    }
    String[] parts = csv.split(",");
    checkArgument(parts.length == n, "normalization %s has %s values for %s channels", csv, parts.length, n);
    for (int i = 0; i < n; i++) {
      out[i] = Float.parseFloat(parts[i].trim());
    }
    return out;
  }
}
