package dev.fastj.vision.internal;

import dev.fastj.vision.MaskTensor;
import dev.fastj.vision.PadMode;
import dev.fastj.vision.PointsTensor;
import dev.fastj.vision.image.ImageTensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies one rectangle-to-size geometry to every spatial value of an item (image bilinear, mask
 * nearest, points moved), so a crop keeps an image, its mask and its points aligned.
 */
public final class Crops {

  private Crops() {}

  /** Height and width of the item's first image or mask; fails when the item has neither or they disagree. */
  public static int[] size(List<Object> sample) {
    int[] size = null;
    for (Object v : sample) {
      int[] s = null;
      if (v instanceof ImageTensor t) {
        s = new int[] {t.height(), t.width()};
      } else if (v instanceof MaskTensor m) {
        s = new int[] {m.height(), m.width()};
      }
      if (s != null) {
        if (size == null) {
          size = s;
        } else if (size[0] != s[0] || size[1] != s[1]) {
          throw new IllegalArgumentException("the item's image is " + size[0] + "x" + size[1] + " but its mask or second image is "
              + s[0] + "x" + s[1] + "; they must have the same size");
        }
      }
    }
    if (size == null) {
      throw new IllegalArgumentException("the item has no image or mask to resize");
    }
    return size;
  }

  /**
   * Maps source rectangle ({@code x0}, {@code y0}, {@code cw} x {@code ch}, in pixels, may reach
   * outside the image) onto an output of {@code oh x ow} for every spatial value.
   */
  public static List<Object> apply(List<Object> sample, double x0, double y0, double cw, double ch, int oh, int ow,
      PadMode pad) {
    double[] m = {cw / ow, 0, x0, 0, ch / oh, y0, 0, 0, 1};
    // about one sample per source pixel when shrinking, so a large photo does not alias (as PIL's
    // resize filters widen with the scale); capped to bound the cost
    int k = (int) Math.max(1, Math.min(8, Math.ceil(Math.max(cw / ow, ch / oh) - 1e-9)));
    List<Object> out = new ArrayList<>(sample.size());
    for (Object v : sample) {
      if (v instanceof ImageTensor t) {
        float[] dst = new float[t.channels() * oh * ow];
        Warp.bilinear(t.chw(), t.channels(), t.height(), t.width(), dst, oh, ow, m, pad, k);
        out.add(new ImageTensor(dst, t.channels(), oh, ow));
      } else if (v instanceof MaskTensor mt) {
        int[] dst = new int[oh * ow];
        Warp.nearest(mt.codes(), mt.height(), mt.width(), dst, oh, ow, m, pad);
        out.add(new MaskTensor(dst, oh, ow));
      } else if (v instanceof PointsTensor p) {
        out.add(new PointsTensor(Warp.movePoints(p.xy(), m), oh, ow));
      } else {
        out.add(v);
      }
    }
    return out;
  }
}
