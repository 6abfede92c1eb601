package dev.fastj.learner;

import dev.fastj.data.DataLoaders;
import dev.fastj.data.TensorData;
import dev.fastj.data.internal.BlockDataLoaders;
import dev.fastj.vision.InferenceTransforms;
import dev.fastj.vision.PointBlock;
import dev.fastj.vision.image.ImageReadException;
import dev.fastj.vision.image.ImageTensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Turns a point model's outputs (x, y pairs in -1..1 of the model's input, fastai's
 * {@code PointScaler}) into pixels of the image that was given to {@code predict}, through the
 * inverse of the resize that prepared it.
 */
final class PointPredictions {

  /** The export's key that marks a model whose target is points. */
  static final String TARGET_KEY = "fastj.vision.target";
  static final String POINTS = "points";

  private final InferenceTransforms geometry;

  private PointPredictions(InferenceTransforms geometry) {
    this.geometry = geometry;
  }

  /** For a trained learner: null unless the target is a {@link PointBlock}. */
  static PointPredictions of(DataLoaders dls) {
    if (!(dls instanceof BlockDataLoaders b) || !(b.targetBlock() instanceof PointBlock)) {
      return null;
    }
    try {
      return new PointPredictions(InferenceTransforms.from(dls));
    } catch (IllegalArgumentException e) {
      // not an image pipeline fastj can invert: points stay in pixels of the model's input
      return new PointPredictions(null);
    }
  }

  /** For a loaded learner: null unless its export says the target is points. */
  static PointPredictions of(Map<String, String> exportInput) {
    if (!POINTS.equals(exportInput.get(TARGET_KEY))) {
      return null;
    }
    return new PointPredictions(exportInput.containsKey(ExportFile.INPUT_UNAVAILABLE) ? null
        : InferenceTransforms.fromMetadata(exportInput));
  }

  /**
   * True when {@code items} are image files or decoded images that {@link #prepare} can read as
   * the validation data are read (so that their points map back to their pixels); false for a
   * data set's own raw items (CSV rows, say) or a pipeline that cannot be described.
   */
  boolean canPrepare(List<?> items) {
    return geometry != null && items.stream().allMatch(o -> o instanceof Path || o instanceof ImageTensor);
  }

  /** The model's input for image files or decoded images, resized and normalised as validation data. */
  TensorData prepare(List<?> items) {
    return geometry.apply(items);
  }

  /**
   * The points of one activated row in pixels of {@code item}'s image (a file or a decoded
   * image); in pixels of the model's input ({@code inputH x inputW}) when the item is a tensor.
   */
  float[] toPixels(float[] scaled, Object item, long inputH, long inputW) {
    if (geometry != null && (item instanceof Path || item instanceof ImageTensor)) {
      int[] hw = size(item);
      return geometry.pointsToSource(scaled, hw[0], hw[1]);
    }
    float[] out = new float[scaled.length];
    for (int i = 0; i + 1 < scaled.length; i += 2) {
      out[i] = (scaled[i] + 1) / 2 * inputW;
      out[i + 1] = (scaled[i + 1] + 1) / 2 * inputH;
    }
    return out;
  }

  /** "(x, y)" per point, in pixels with one decimal. */
  static String label(float[] xy) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i + 1 < xy.length; i += 2) {
      sb.append(i == 0 ? "" : " ").append(String.format(Locale.ROOT, "(%.1f, %.1f)", xy[i], xy[i + 1]));
    }
    return sb.toString();
  }

  /** Height and width of an image, from its header for a file. */
  private static int[] size(Object item) {
    if (item instanceof ImageTensor t) {
      return new int[] {t.height(), t.width()};
    }
    Path file = (Path) item;
    try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
      if (readers == null || !readers.hasNext()) {
        throw new ImageReadException(file, "cannot read the size of image " + file + "; check that it is an image", null);
      }
      ImageReader r = readers.next();
      try {
        r.setInput(in);
        return new int[] {r.getHeight(0), r.getWidth(0)};
      } finally {
        r.dispose();
      }
    } catch (IOException e) {
      throw new ImageReadException(file, "cannot read the size of image " + file + ": " + e.getMessage(), e);
    }
  }
}
