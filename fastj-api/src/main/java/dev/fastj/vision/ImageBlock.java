package dev.fastj.vision;

import dev.fastj.data.Block;
import dev.fastj.data.TensorData;
import dev.fastj.vision.image.ImageTensor;
import dev.fastj.vision.image.Images;
import dev.fastj.vision.internal.Pixels;
import java.awt.image.BufferedImage;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Images as model input: fastai's {@code ImageBlock(cls=PILImage)} or {@code PILImageBW} with
 * {@link #grey()}. A raw value is a file path (decoded with {@link Images#read}), an
 * {@link ImageTensor} or a {@link BufferedImage}; values are floats in [0, 1] (fastai's
 * {@code IntToFloatTensor} is part of decoding) and collate to FLOAT32 [N, C, H, W].
 */
public final class ImageBlock implements Block {

  private final boolean grey;

  private ImageBlock(boolean grey) {
    this.grey = grey;
  }

  /** RGB images (3 channels). */
  public static ImageBlock create() {
    return new ImageBlock(false);
  }

  /** Grey images (1 channel), fastai's {@code ImageBlock(cls=PILImageBW)}. */
  public static ImageBlock grey() {
    return new ImageBlock(true);
  }

  /** True for one channel. */
  public boolean isGrey() {
    return grey;
  }

  @Override
  public Object encode(Object raw) {
    if (raw instanceof Path p) {
      return Images.read(p, grey);
    }
    if (raw instanceof String s) {
      return Images.read(Path.of(s), grey);
    }
    if (raw instanceof BufferedImage b) {
      return Pixels.fromBufferedImage(b, grey);
    }
    if (raw instanceof ImageTensor t) {
      return convert(t);
    }
    throw new IllegalArgumentException("ImageBlock cannot read a " + (raw == null ? "null" : raw.getClass().getSimpleName())
        + "; getX should return a Path, an ImageTensor or a BufferedImage");
  }

  private ImageTensor convert(ImageTensor t) {
    int want = grey ? 1 : 3;
    if (t.channels() == want) {
      return t;
    }
    int plane = t.height() * t.width();
    float[] out = new float[want * plane];
    float[] v = t.chw();
    if (grey && t.channels() == 3) {
      for (int i = 0; i < plane; i++) {
        out[i] = 0.299f * v[i] + 0.587f * v[plane + i] + 0.114f * v[2 * plane + i];
      }
    } else if (!grey && t.channels() == 1) {
      for (int c = 0; c < 3; c++) {
        System.arraycopy(v, 0, out, c * plane, plane);
      }
    } else {
      throw new IllegalArgumentException("cannot convert a " + t.channels() + "-channel image to " + want + " channels");
    }
    return new ImageTensor(out, want, t.height(), t.width());
  }

  @Override
  public TensorData collate(List<Object> values) {
    ImageTensor first = (ImageTensor) values.get(0);
    int c = first.channels();
    int h = first.height();
    int w = first.width();
    int n = c * h * w;
    TensorData out = TensorData.zeros(TensorData.DType.FLOAT32, values.size(), c, h, w);
    FloatBuffer fb = out.floats();
    for (int i = 0; i < values.size(); i++) {
      ImageTensor t = (ImageTensor) values.get(i);
      if (t.channels() != c || t.height() != h || t.width() != w) {
        throw new IllegalArgumentException("image " + i + " of the batch is " + t.channels() + "x" + t.height() + "x"
            + t.width() + " but image 0 is " + c + "x" + h + "x" + w
            + "; add Resize.of(size) to itemTfms so that all items have one size");
      }
      fb.put(i * n, t.chw());
    }
    return out;
  }

  @Override
  public Spatial spatial() {
    return Spatial.IMAGE;
  }

  @Override
  public String show(Object encoded) {
    return encoded instanceof ImageTensor t ? "image " + t.channels() + "x" + t.height() + "x" + t.width() : "";
  }

  @Override
  public String decode(float[] activatedRow) {
    return "image of " + activatedRow.length + " values, first " + Arrays.toString(Arrays.copyOf(activatedRow,
        Math.min(4, activatedRow.length)));
  }

  @Override
  public String describe() {
    return grey ? "ImageBlock(grey)" : "ImageBlock";
  }
}
