package dev.fastj.vision;

import static com.google.common.base.Preconditions.checkArgument;

import dev.fastj.data.Block;
import dev.fastj.data.TensorData;
import dev.fastj.nn.CrossEntropyLossFlat;
import dev.fastj.nn.Loss;
import dev.fastj.vision.image.ImageTensor;
import dev.fastj.vision.image.Images;
import java.awt.image.BufferedImage;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.LongBuffer;
import java.nio.file.Files;
import javax.imageio.ImageIO;
import javax.imageio.stream.MemoryCacheImageInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Segmentation masks as target: fastai's {@code MaskBlock(codes)}. A raw value is the path of a
 * mask image whose grey level is the class code (camvid's {@code _P.png} files), or a
 * {@link MaskTensor}. Masks follow the image through every geometric transform (nearest
 * neighbour), collate to INT64 [N, H, W], and the default loss is {@link CrossEntropyLossFlat}
 * over the codes.
 */
public final class MaskBlock implements Block {

  private final List<String> codes;

  private MaskBlock(List<String> codes) {
    this.codes = List.copyOf(codes);
  }

  /** Masks whose codes are named by {@code codes} (code i is {@code codes.get(i)}). */
  public static MaskBlock create(List<String> codes) {
    checkArgument(!codes.isEmpty(), "MaskBlock needs at least one code name");
    return new MaskBlock(codes);
  }

  /** The code names. */
  public List<String> codes() {
    return codes;
  }

  @Override
  public Object encode(Object raw) {
    MaskTensor m;
    if (raw instanceof MaskTensor mt) {
      m = mt;
    } else if (raw instanceof Path || raw instanceof String) {
      m = readCodes(raw instanceof Path pp ? pp : Path.of((String) raw));
    } else {
      throw new IllegalArgumentException("MaskBlock cannot read a " + (raw == null ? "null" : raw.getClass().getSimpleName())
          + "; getY should return the mask file's Path or a MaskTensor");
    }
    for (int c : m.codes()) {
      if (c < 0 || c >= codes.size()) {
        throw new IllegalArgumentException("mask " + (raw instanceof MaskTensor ? "" : raw + " ") + "has code " + c
            + " but only " + codes.size() + " codes are named (0 to " + (codes.size() - 1) + ": " + codes
            + "); check the mask files or add the missing names to the codes");
      }
    }
    return m;
  }

  /**
   * Reads a mask file's codes: the raw sample of a grey or palette image (the palette index), or
   * the grey level of a colour image.
   */
  static MaskTensor readCodes(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("mask file " + file + " does not exist; check getY (camvid's masks are "
          + "labels/<image name>_P.png) and that every image has its mask");
    }
    BufferedImage img;
    try (InputStream in = Files.newInputStream(file)) {
      img = ImageIO.read(new MemoryCacheImageInputStream(new BufferedInputStream(in, 1 << 16)));
    } catch (IOException | RuntimeException e) {
      img = null;
    }
    if (img == null) {
      // Images.read names the file in its ImageReadException (which loaders may skip), or decodes
      // a format plain ImageIO could not
      ImageTensor t = Images.read(file, true);
      int[] c = new int[t.height() * t.width()];
      for (int i = 0; i < c.length; i++) {
        c[i] = Math.round(t.chw()[i] * 255f);
      }
      return new MaskTensor(c, t.height(), t.width());
    }
    int w = img.getWidth();
    int h = img.getHeight();
    if (img.getRaster().getNumBands() == 1) {
      return new MaskTensor(img.getRaster().getSamples(0, 0, w, h, 0, (int[]) null), h, w);
    }
    ImageTensor t = Images.fromBufferedImage(img, true);
    int[] c = new int[w * h];
    for (int i = 0; i < c.length; i++) {
      c[i] = Math.round(t.chw()[i] * 255f);
    }
    return new MaskTensor(c, h, w);
  }

  @Override
  public TensorData collate(List<Object> values) {
    MaskTensor first = (MaskTensor) values.get(0);
    int h = first.height();
    int w = first.width();
    TensorData out = TensorData.zeros(TensorData.DType.INT64, values.size(), h, w);
    LongBuffer lb = out.longs();
    for (int i = 0; i < values.size(); i++) {
      MaskTensor m = (MaskTensor) values.get(i);
      if (m.height() != h || m.width() != w) {
        throw new IllegalArgumentException("mask " + i + " of the batch is " + m.height() + "x" + m.width()
            + " but mask 0 is " + h + "x" + w + "; add Resize.of(size) to itemTfms");
      }
      for (int c : m.codes()) {
        lb.put(c);
      }
    }
    return out;
  }

  @Override
  public Spatial spatial() {
    return Spatial.MASK;
  }

  @Override
  public Loss loss() {
    return CrossEntropyLossFlat.create();
  }

  @Override
  public int outputCount(long[] itemShape) {
    return codes.size();
  }

  @Override
  public List<String> vocab() {
    return codes;
  }

  /**
   * Summarises a predicted mask (a row of C x H x W probabilities) as the share of pixels of
   * each code, largest first.
   */
  @Override
  public String decode(float[] activatedRow) {
    int c = codes.size();
    int pixels = activatedRow.length / c;
    long[] count = MaskTensor.argmax(activatedRow, c, 1, pixels).counts(c);
    List<Integer> order = new ArrayList<>();
    for (int k = 0; k < c; k++) {
      if (count[k] > 0) {
        order.add(k);
      }
    }
    order.sort((a, b) -> Long.compare(count[b], count[a]));
    List<String> parts = new ArrayList<>();
    for (int k : order) {
      parts.add(String.format("%s %.0f%%", codes.get(k), 100.0 * count[k] / Math.max(1, pixels)));
    }
    return String.join(", ", parts);
  }

  @Override
  public String show(Object encoded) {
    return encoded instanceof MaskTensor m ? "mask " + m.height() + "x" + m.width() : String.valueOf(encoded);
  }

  @Override
  public String describe() {
    return "MaskBlock(" + codes.size() + " codes)";
  }
}
