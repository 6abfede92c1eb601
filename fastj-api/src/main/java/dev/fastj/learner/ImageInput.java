package dev.fastj.learner;

import static com.google.common.base.Preconditions.checkArgument;

import dev.fastj.data.TensorData;
import dev.fastj.vision.image.ImageTensor;
import dev.fastj.vision.image.Images;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Turns an image file into one model input from an exported recipe (see
 * {@link dev.fastj.data.DataLoaders#inputRecipe()}): decode as fastai's {@code PILImage.create}
 * ({@link Images#read}), centre-crop to the input's aspect ratio and resize bilinearly (or
 * squish), keep values in [0, 1], optionally normalize. Used only by learners loaded from an
 * export; a Learner that has its DataLoaders uses their exact pipeline.
 */
final class ImageInput {

  private ImageInput() {}

  /** A {@code [1, C, H, W]} float tensor for {@code file}. */
  static TensorData load(Path file, long[] inputShape, Map<String, String> recipe) {
    checkArgument(inputShape.length == 3 && (inputShape[0] == 1 || inputShape[0] == 3),
        "this model's input shape %s is not an image (channels 1 or 3, height, width); pass a tensor to predict",
        Arrays.toString(inputShape));
    String kind = recipe.getOrDefault("kind", "image");
    checkArgument(kind.equals("image"), "exported input kind %s cannot be read from a file; pass a tensor", kind);
    int c = (int) inputShape[0];
    int h = (int) inputShape[1];
    int w = (int) inputShape[2];
    ImageTensor img = Images.read(file, c == 1);
    if (img.height() != h || img.width() != w) {
      img = resize(img, h, w, recipe.getOrDefault("resize", "crop"), c == 1);
    }
    float[] mean = floats(recipe.get("mean"), c, 0f);
    float[] std = floats(recipe.get("std"), c, 1f);
    float[] v = img.chw().clone();
    int plane = h * w;
    for (int ch = 0; ch < c; ch++) {
      for (int i = 0; i < plane; i++) {
        v[ch * plane + i] = (v[ch * plane + i] - mean[ch]) / std[ch];
      }
    }
    return TensorData.ofFloats(v, 1, c, h, w);
  }

  private static ImageTensor resize(ImageTensor img, int h, int w, String method, boolean grey) {
    BufferedImage src = img.toBufferedImage();
    int sx = 0;
    int sy = 0;
    int sw = src.getWidth();
    int sh = src.getHeight();
    if (method.equals("crop")) {
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
      checkArgument(method.equals("squish"), "unknown resize method %s in the export; expected crop or squish", method);
    }
    BufferedImage dst = new BufferedImage(w, h, grey ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = dst.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(src, 0, 0, w, h, sx, sy, sx + sw, sy + sh, null);
    g.dispose();
    return ImageTensor.fromBufferedImage(dst, grey);
  }

  private static float[] floats(String csv, int n, float fallback) {
    float[] out = new float[n];
    Arrays.fill(out, fallback);
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
