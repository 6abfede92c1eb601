package dev.fastj.samples;

import dev.fastj.vision.Datasets;
import dev.fastj.vision.ImageFiles;
import dev.fastj.vision.image.ImageTensor;
import dev.fastj.vision.image.Images;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

/**
 * A multi-label data set in fastai's planet layout, made from Fashion-MNIST items: each image is a
 * 2x2 grid of 28 px cells holding 1 to 4 items (the other cells black), and its tags are the set
 * of the items' classes. {@code OUT/train/<name>.png} and {@code OUT/labels.csv} with the columns
 * {@code image_name,tags,is_valid} (tags space-delimited, as planet's; {@code is_valid} marks the
 * mosaics made from the source's test items, for fastai's {@code ColSplitter} and for the PyTorch
 * reference {@code dev/vision/torch_planet_ref.py} to validate on the same images). Every item
 * image is used at most once, so no item is in both a training and a validation mosaic.
 *
 * <p>Used by the learning tests (small sets, in the test) and by hand for the comparison with the
 * reference (seeded: the same arguments write the same files):
 * {@code java -cp ... dev.fastj.samples.PlanetMosaics OUT [TRAIN VALID [SEED [SOURCE]]]}, SOURCE a
 * folder with {@code train/<class>/} and {@code test/<class>/} images, default the bundled
 * Fashion-MNIST subset (10,000 and 2,000 items: at most about 4,000 and 800 mosaics).
 */
public final class PlanetMosaics {

  /** Side of a cell: a Fashion-MNIST item. */
  public static final int CELL = 28;

  private PlanetMosaics() {}

  public static void main(String[] a) {
    Path out = Path.of(a[0]);
    int nTrain = a.length > 1 ? Integer.parseInt(a[1]) : 3000;
    int nValid = a.length > 2 ? Integer.parseInt(a[2]) : 600;
    long seed = a.length > 3 ? Long.parseLong(a[3]) : 42;
    Path source = a.length > 4 ? Path.of(a[4]) : Datasets.fashionMnist();
    write(source, out, nTrain, nValid, seed);
    System.out.println("wrote " + nTrain + " training and " + nValid + " validation mosaics to " + out);
  }

  /** One item: its image file and class. */
  private record Item(Path file, String cls) {}

  /**
   * Writes {@code nTrain} mosaics of items from {@code source/train} and {@code nValid} from
   * {@code source/test} into {@code out}; returns {@code out/labels.csv}.
   *
   * @throws IllegalArgumentException when the source has too few items for that many mosaics
   */
  public static Path write(Path source, Path out, int nTrain, int nValid, long seed) {
    Random rnd = new Random(seed);
    StringBuilder csv = new StringBuilder("image_name,tags,is_valid\n");
    try {
      Files.createDirectories(out.resolve("train"));
      mosaics(items(source.resolve("train"), rnd), nTrain, "train", false, rnd, out, csv);
      mosaics(items(source.resolve("test"), rnd), nValid, "valid", true, rnd, out, csv);
      Path labels = out.resolve("labels.csv");
      // a fixture in the test's own folder: nothing reads it while it is written
      Files.writeString(labels, csv, StandardCharsets.UTF_8);
      return labels;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Item> items(Path dir, Random rnd) {
    List<Item> items = new ArrayList<>();
    for (Path f : ImageFiles.get(dir)) {
      items.add(new Item(f, f.getParent().getFileName().toString()));
    }
    Collections.shuffle(items, rnd);
    return items;
  }

  private static void mosaics(List<Item> pool, int n, String prefix, boolean valid, Random rnd, Path out,
      StringBuilder csv) {
    int next = 0;
    for (int m = 0; m < n; m++) {
      int count = 1 + rnd.nextInt(4);
      if (next + count > pool.size()) {
        throw new IllegalArgumentException(String.format("%d %s mosaics need more items than the %d in the source; "
            + "ask for fewer (about %d)", n, prefix, pool.size(), pool.size() * 2 / 5));
      }
      List<Integer> cells = new ArrayList<>(List.of(0, 1, 2, 3));
      Collections.shuffle(cells, rnd);
      float[] pixels = new float[4 * CELL * CELL];
      TreeSet<String> tags = new TreeSet<>();
      for (int k = 0; k < count; k++) {
        Item item = pool.get(next++);
        ImageTensor img = Images.read(item.file(), true);
        if (img.height() != CELL || img.width() != CELL) {
          throw new IllegalArgumentException(item.file() + " is " + img.width() + "x" + img.height() + ", not "
              + CELL + "x" + CELL + "; give a Fashion-MNIST folder");
        }
        float[] src = img.chw();
        int cx = cells.get(k) % 2 * CELL;
        int cy = cells.get(k) / 2 * CELL;
        for (int y = 0; y < CELL; y++) {
          System.arraycopy(src, y * CELL, pixels, (cy + y) * 2 * CELL + cx, CELL);
        }
        tags.add(item.cls());
      }
      String name = String.format("%s_%05d", prefix, m);
      Images.write(new ImageTensor(pixels, 1, 2 * CELL, 2 * CELL), out.resolve("train").resolve(name + ".png"));
      csv.append(name).append(',').append(String.join(" ", tags)).append(',').append(valid ? "True" : "False")
          .append('\n');
    }
  }
}
