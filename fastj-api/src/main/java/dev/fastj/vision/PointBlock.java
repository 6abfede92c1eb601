package dev.fastj.vision;

import static com.google.common.base.Preconditions.checkArgument;

import dev.fastj.data.Block;
import dev.fastj.data.CsvRow;
import dev.fastj.data.ItemTransform;
import dev.fastj.data.TensorData;
import dev.fastj.data.TransformContext;
import dev.fastj.nn.Loss;
import dev.fastj.nn.MSELossFlat;
import dev.fastj.vision.image.ImageTensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Key points as target (head pose): fastai's {@code PointBlock}. A raw value holds x, y pairs in
 * pixels of the item's image (a float[] or double[], a list of numbers, a list of float[2] or a
 * {@link PointsTensor}). Points move with every geometric transform of the image and collate to
 * FLOAT32 [N, 2 * points] scaled to -1..1 by the image size (fastai's {@code PointScaler}); the
 * default loss is {@link MSELossFlat}.
 */
public final class PointBlock implements Block {

  private PointBlock() {}

  /** The block. */
  public static PointBlock create() {
    return new PointBlock();
  }

  @Override
  public Object encode(Object raw) {
    if (raw instanceof PointsTensor p) {
      return p;
    }
    return new PointsTensor(coordinates(raw), 0, 0);
  }

  private static float[] coordinates(Object raw) {
    if (raw instanceof float[] f) {
      return f.clone();
    }
    if (raw instanceof double[] d) {
      float[] out = new float[d.length];
      for (int i = 0; i < d.length; i++) {
        out[i] = (float) d[i];
      }
      return out;
    }
    if (raw instanceof Collection<?> c) {
      List<Float> vals = new ArrayList<>();
      for (Object o : c) {
        if (o instanceof Number n) {
          vals.add(n.floatValue());
        } else {
          for (float f : coordinates(o)) {
            vals.add(f);
          }
        }
      }
      float[] out = new float[vals.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = vals.get(i);
      }
      return out;
    }
    throw new IllegalArgumentException("PointBlock cannot read points from " + (raw == null ? "null"
        : raw.getClass().getSimpleName()) + "; getY should return x, y pairs as float[] or a list of numbers");
  }

  /** Gives each item's points the size of the item's image (fastai's {@code PointScaler} setup). */
  @Override
  public List<ItemTransform> itemTfms() {
    return List.of(POINT_SCALER);
  }

  private static final ItemTransform POINT_SCALER = new ItemTransform() {
      @Override
      public List<Object> apply(List<Object> sample, TransformContext ctx) {
        ImageTensor img = null;
        for (Object v : sample) {
          if (v instanceof ImageTensor t) {
            img = t;
            break;
          }
        }
        List<Object> out = new ArrayList<>(sample.size());
        for (Object v : sample) {
          if (v instanceof PointsTensor p && p.width() == 0) {
            if (img == null) {
              throw new IllegalArgumentException("PointBlock needs an ImageBlock input to know the image size");
            }
            checkInside(p.xy(), img.height(), img.width());
            out.add(new PointsTensor(p.xy(), img.height(), img.width()));
          } else {
            out.add(v);
          }
        }
        return out;
      }

      @Override
      public int order() {
        return -10;
      }

      @Override
      public String describe() {
        return "PointScaler";
      }
    };

  private static void checkInside(float[] xy, int h, int w) {
    for (int i = 0; i + 1 < xy.length; i += 2) {
      if (!(xy[i] >= 0 && xy[i] <= w && xy[i + 1] >= 0 && xy[i + 1] <= h)) {
        throw new IllegalArgumentException(String.format(Locale.ROOT, "point (%s, %s) is outside its %dx%d "
            + "image (width x height); points are in pixels of the image, 0 at the left/top edge: check the x and y "
            + "columns or getY", xy[i], xy[i + 1], w, h));
      }
    }
  }

  /**
   * A getY for rows of a CSV whose columns hold the points in pixels: {@code columns("x", "y")}
   * for one point, {@code columns("x0", "y0", "x1", "y1")} for two (fastai reads them with a
   * {@code get_y} of its own). A value that is not a number fails with its line and column.
   */
  public static Function<CsvRow, float[]> columns(String... xy) {
    checkArgument(xy.length > 0 && xy.length % 2 == 0, "columns takes x, y column pairs, got %s",
        Arrays.toString(xy));
    String[] cols = xy.clone();
    return row -> {
      float[] out = new float[cols.length];
      for (int i = 0; i < cols.length; i++) {
        String v = row.get(cols[i]);
        try {
          out[i] = Float.parseFloat(v.strip());
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("line " + row.line() + " has '" + v + "' in column '" + cols[i]
              + "', not a number of pixels; fix the CSV or name the right column", e);
        }
      }
      return out;
    };
  }

  @Override
  public TensorData collate(List<Object> values) {
    int k = ((PointsTensor) values.get(0)).xy().length;
    float[] out = new float[values.size() * k];
    for (int i = 0; i < values.size(); i++) {
      PointsTensor p = (PointsTensor) values.get(i);
      if (p.xy().length != k) {
        throw new IllegalArgumentException("item " + i + " of the batch has " + p.count() + " points but item 0 has "
            + k / 2 + "; every item needs the same number of points");
      }
      if (p.width() == 0 || p.height() == 0) {
        throw new IllegalArgumentException("points of item " + i + " have no image size; add an ImageBlock input");
      }
      for (int j = 0; j < k; j += 2) {
        out[i * k + j] = p.xy()[j] * 2f / p.width() - 1f;
        out[i * k + j + 1] = p.xy()[j + 1] * 2f / p.height() - 1f;
      }
    }
    return TensorData.ofFloats(out, values.size(), k);
  }

  @Override
  public Spatial spatial() {
    return Spatial.POINTS;
  }

  @Override
  public Loss loss() {
    return MSELossFlat.create();
  }

  /** The points as (x, y) pairs in -1..1 of the image size. */
  @Override
  public String decode(float[] activatedRow) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i + 1 < activatedRow.length; i += 2) {
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append(String.format("(%.3f, %.3f)", activatedRow[i], activatedRow[i + 1]));
    }
    return sb.toString();
  }

  @Override
  public String show(Object encoded) {
    return encoded instanceof PointsTensor p ? p.count() + " points" : String.valueOf(encoded);
  }
}
