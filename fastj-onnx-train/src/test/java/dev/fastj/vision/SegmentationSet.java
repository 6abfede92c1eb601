package dev.fastj.vision;

import dev.fastj.vision.image.ImageTensor;
import dev.fastj.vision.image.Images;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * A small segmentation set for tests, in fastai's camvid layout ({@code images/}, {@code labels/<name>_P.png},
 * {@code codes.txt}, {@code valid.txt}), made from the bundled Fashion-MNIST subset the way
 * {@code dev/vision/make_segmentation_set.py} makes the larger one from the full set: one to
 * {@code maxItems} items, each scaled to 18 to 26 pixels and placed at random on a noisy grey canvas;
 * a pixel is the item's where the item is brighter than 40 (of 255), with code 1 to 4 by the item's
 * group (top, trouser, shoe, bag), a later item covering an earlier one, and a one-pixel ring around
 * each item's pixels is {@code void} (code 5), as camvid outlines objects. Seeded.
 */
final class SegmentationSet {

  static final List<String> CODES = List.of("background", "top", "trouser", "shoe", "bag", "void");
  static final int VOID = 5;

  private SegmentationSet() {}

  /** The group code of a Fashion-MNIST class index. */
  static int group(int fmnistClass) {
    return switch (fmnistClass) {
      case 1 -> 2;
      case 5, 7, 9 -> 3;
      case 8 -> 4;
      default -> 1;
    };
  }

  /** Writes {@code train + valid} images of {@code size} pixels into {@code dir}; returns it. */
  static Path write(Path dir, int train, int valid, int size, int maxItems, long seed) {
    try {
      List<List<Path>> byClass = new ArrayList<>();
      Path fm = Datasets.fashionMnist().resolve("train");
      for (String c : Datasets.FASHION_MNIST_CLASSES) {
        try (Stream<Path> s = Files.list(fm.resolve(c))) {
          byClass.add(s.sorted().limit(200).toList());
        }
      }
      Files.createDirectories(dir.resolve("images"));
      Files.createDirectories(dir.resolve("labels"));
      Files.write(dir.resolve("codes.txt"), CODES);
      SplittableRandom r = new SplittableRandom(seed);
      List<String> validNames = new ArrayList<>();
      for (int i = 0; i < train + valid; i++) {
        String name = String.format("seg_%04d", i);
        int[] img = new int[size * size];
        for (int p = 0; p < img.length; p++) {
          img[p] = 10 + r.nextInt(50);
        }
        int[] mask = new int[size * size];
        int items = 1 + r.nextInt(maxItems);
        for (int k = 0; k < items; k++) {
          int cls = r.nextInt(10);
          List<Path> files = byClass.get(cls);
          ImageTensor item = Images.read(files.get(r.nextInt(files.size())), true);
          place(item, group(cls), 18 + r.nextInt(9), r, img, mask, size);
        }
        writeGrey(dir.resolve("images").resolve(name + ".png"), img, size);
        writeGrey(dir.resolve("labels").resolve(name + "_P.png"), mask, size);
        if (i >= train) {
          validNames.add(name + ".png");
        }
      }
      Files.write(dir.resolve("valid.txt"), validNames);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void place(ImageTensor item, int code, int s, SplittableRandom r, int[] img, int[] mask, int size) {
    int ox = r.nextInt(size - s + 1);
    int oy = r.nextInt(size - s + 1);
    boolean[] mine = new boolean[size * size];
    for (int y = 0; y < s; y++) {
      for (int x = 0; x < s; x++) {
        // nearest neighbour from the 28x28 item
        int v = Math.round(item.chw()[(y * item.height() / s) * item.width() + x * item.width() / s] * 255f);
        int p = (oy + y) * size + ox + x;
        if (v > 40) {
          img[p] = v;
          mask[p] = code;
          mine[p] = true;
        }
      }
    }
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        if (!mine[y * size + x] && touches(mine, x, y, size)) {
          mask[y * size + x] = VOID;
        }
      }
    }
  }

  private static boolean touches(boolean[] m, int x, int y, int size) {
    for (int dy = -1; dy <= 1; dy++) {
      for (int dx = -1; dx <= 1; dx++) {
        int xx = x + dx;
        int yy = y + dy;
        if (xx >= 0 && yy >= 0 && xx < size && yy < size && m[yy * size + xx]) {
          return true;
        }
      }
    }
    return false;
  }

  private static void writeGrey(Path png, int[] values, int size) throws IOException {
    BufferedImage b = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
    b.getRaster().setSamples(0, 0, size, size, 0, values);
    ImageIO.write(b, "png", png.toFile());
  }
}
