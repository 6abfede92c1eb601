package dev.fastj.vision;

import dev.fastj.vision.internal.Idx;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * The data sets fastj ships, unpacked on first use into a cache folder. Mirrors fastai's
 * {@code untar_data(URLs...)}, without any download: the data are in the fastj-datasets jar
 * (the dependency {@code dev.fastj:fastj-datasets}), so that an application that only predicts
 * does not carry them.
 *
 * <p>The cache folder is {@code $FASTJ_HOME/data}, where FASTJ_HOME is the system property
 * {@code fastj.home}, else the environment variable {@code FASTJ_HOME}, else
 * {@code ~/.fastj}. A data set is unpacked into a temporary folder, marked complete, then
 * renamed into place, so concurrent callers (threads or processes) and an interrupted unpack
 * never leave a half-written set where fastj looks.
 *
 * <pre>{@code
 * Path path = Datasets.fashionMnist();   // path/train/Sneaker/17.png, path/test/Bag/3.png ...
 * }</pre>
 */
public final class Datasets {

  /**
   * Fashion-MNIST's class names by label, made file-system safe ("T-shirt/top" is
   * "T-shirt_top", "Ankle boot" is "Ankle_boot"); they are the folder names.
   */
  public static final List<String> FASHION_MNIST_CLASSES = List.of(
      "T-shirt_top", "Trouser", "Pullover", "Dress", "Coat",
      "Sandal", "Shirt", "Sneaker", "Bag", "Ankle_boot");

  /** Name of the file that marks an unpacked data set as complete; it holds its version. */
  public static final String COMPLETE_MARKER = ".fastj-complete";

  private static final String BUNDLE = "dev/fastj/vision/datasets/";
  private static final String FASHION_VERSION = "fashion-mnist subset 1: 10000 train, 2000 test";
  private static final String DIGITS_VERSION = "sklearn digits 1: 1797 rows";
  private static final Duration STALE_UNPACK = Duration.ofHours(1);
  private static final Object LOCK = new Object();

  private Datasets() {}

  /**
   * The fastj home folder: the system property {@code fastj.home}, else the environment
   * variable {@code FASTJ_HOME}, else {@code ~/.fastj}.
   */
  public static Path home() {
    String prop = System.getProperty("fastj.home");
    if (prop != null && !prop.isBlank()) {
      return Path.of(prop);
    }
    String env = System.getenv("FASTJ_HOME");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    return Path.of(System.getProperty("user.home"), ".fastj");
  }

  /** The folder data sets are unpacked into: {@code home()/data}. */
  public static Path dataDir() {
    return home().resolve("data");
  }

  /**
   * Unpacks the bundled Fashion-MNIST subset once and returns its root, which holds
   * {@code train/<class>/<index>.png} (10,000 images, 1,000 per class: the first of each
   * class in the original training set), {@code test/<class>/<index>.png} (2,000, 200 per
   * class) and the licence in {@code COPYRIGHT}. Images are 28x28 grey PNGs; class folders
   * are named as in {@link #FASHION_MNIST_CLASSES}; {@code <index>} is the position in the
   * bundled subset. Mirrors fastai's {@code untar_data(URLs.MNIST)} layout.
   *
   * @throws UncheckedIOException if the cache folder cannot be written
   */
  public static Path fashionMnist() {
    return unpackOnce("fashion-mnist", FASHION_VERSION, dir -> {
      copyResource("fashion-mnist/COPYRIGHT", dir.resolve("COPYRIGHT"));
      writeFashionSplit("train", "train", dir.resolve("train"));
      writeFashionSplit("t10k", "test", dir.resolve("test"));
    });
  }

  /**
   * Unpacks the 8x8 digits once and returns the root, which holds {@code digits.csv} (no
   * header; per row 64 pixel values 0..16, then the digit) and {@code COPYRIGHT}. For arrays
   * in memory use {@link #digitsArrays()}.
   */
  public static Path digits() {
    return unpackOnce("digits", DIGITS_VERSION, dir -> {
      copyResource("digits/COPYRIGHT", dir.resolve("COPYRIGHT"));
      try (InputStream in = new GZIPInputStream(resource("digits/digits.csv.gz"))) {
        Files.copy(in, dir.resolve("digits.csv"));
      }
    });
  }

  /**
   * The 1,797 8x8 digits as arrays (pixels scaled to [0, 1]), read from the bundled copy
   * without unpacking anything; each call returns new arrays.
   */
  public static DigitsArrays digitsArrays() {
    List<float[]> rows = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(
        new GZIPInputStream(resource("digits/digits.csv.gz")), StandardCharsets.US_ASCII))) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        String[] cells = line.split(",");
        if (cells.length != DigitsArrays.PIXELS + 1) {
          throw new IllegalStateException(
              "bundled digits.csv row " + (rows.size() + 1) + " has " + cells.length
                  + " columns, expected 65; the fastj-datasets jar is damaged");
        }
        float[] px = new float[DigitsArrays.PIXELS];
        for (int i = 0; i < px.length; i++) {
          px[i] = Float.parseFloat(cells[i]) / 16f;
        }
        rows.add(px);
        labels.add((int) Float.parseFloat(cells[DigitsArrays.PIXELS]));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the bundled digits: " + e.getMessage(), e);
    }
    return new DigitsArrays(
        rows.toArray(new float[0][]), labels.stream().mapToInt(Integer::intValue).toArray());
  }

  /** Writes a data set's files into an empty folder (see {@link #unpackOnce}). */
  @FunctionalInterface
  public interface Unpacker {
    /** Writes every file of the data set under {@code dir}. */
    void unpack(Path dir) throws IOException;
  }

  /**
   * The folder {@code name} under {@link #dataDir()}, unpacked by {@code unpacker} unless a complete
   * copy of this {@code version} is already there: the files are written into a temporary folder
   * that is renamed into place when complete (with a {@value #COMPLETE_MARKER} file naming the
   * version), so that concurrent processes and interrupted runs never see half a data set. For
   * modules that ship their own data sets (fastj-text's, fastj-tabular's).
   *
   * @throws UncheckedIOException if the folder cannot be written; the message says what to do
   */
  public static Path unpackOnce(String name, String version, Unpacker unpacker) {
    Path data = dataDir();
    Path root = data.resolve(name);
    synchronized (LOCK) {
      if (isComplete(root, version)) {
        return root;
      }
      Path tmp = null;
      try {
        Files.createDirectories(data);
        deleteStaleUnpacks(data, name);
        // not Files.createTempDirectory: its 0700 mode would stay on the renamed data set
        tmp = Files.createDirectory(data.resolve("." + name + "-unpacking-" + UUID.randomUUID()));
        unpacker.unpack(tmp);
        Files.writeString(tmp.resolve(COMPLETE_MARKER), version);
        for (int attempt = 0; ; attempt++) {
          try {
            Files.move(tmp, root, StandardCopyOption.ATOMIC_MOVE);
            tmp = null;
            return root;
          } catch (IOException e) {
            if (isComplete(root, version)) {
              return root; // another process finished first
            }
            if (!Files.exists(root) || attempt >= 2) {
              throw e;
            }
            // an incomplete or older copy: move it out of the way, then delete it
            Path old = data.resolve("." + name + "-old-" + UUID.randomUUID());
            Files.move(root, old, StandardCopyOption.ATOMIC_MOVE);
            deleteTree(old);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot unpack data set " + name + " into " + root + ": " + e
                + "; check that the folder is writable or set FASTJ_HOME elsewhere", e);
      } finally {
        if (tmp != null) {
          try {
            deleteTree(tmp);
          } catch (IOException ignored) {
            // a later call removes stale unpack folders
          }
        }
      }
    }
  }

  private static boolean isComplete(Path root, String version) {
    Path marker = root.resolve(COMPLETE_MARKER);
    try {
      return Files.isRegularFile(marker) && Files.readString(marker).equals(version);
    } catch (IOException e) {
      return false;
    }
  }

  /** Removes what interrupted unpacks left, old enough that no live process still writes it. */
  private static void deleteStaleUnpacks(Path data, String name) throws IOException {
    Instant limit = Instant.now().minus(STALE_UNPACK);
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(
        data, "." + name + "-{unpacking,old}-*")) {
      for (Path dir : dirs) {
        FileTime modified = Files.getLastModifiedTime(dir);
        if (modified.toInstant().isBefore(limit)) {
          deleteTree(dir);
        }
      }
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static InputStream resource(String name) {
    return openBundled(BUNDLE + name);
  }

  /**
   * Opens a file of the bundled data sets (the artifact dev.fastj:fastj-datasets, the module
   * {@code dev.fastj.datasets}) by its full name, such as
   * {@code dev/fastj/vision/datasets/digits/digits.csv.gz}: how the data-set classes of fastj's
   * modules ({@code TextDatasets}, {@code TabularDatasets}) read their files, on the class path
   * and on the module path alike. On the module path the data-set module must be in the module
   * graph: {@code requires dev.fastj.datasets;} in the application's module-info, or
   * {@code --add-modules dev.fastj.datasets}.
   *
   * @throws IllegalStateException when no such file is found; the message says what to add
   */
  public static InputStream openBundled(String resource) {
    // the class loader, not Datasets.class.getResourceAsStream: in a named module that one looks
    // only inside dev.fastj.api, while the files live in dev.fastj.datasets (an open module)
    InputStream in = Datasets.class.getClassLoader().getResourceAsStream(resource);
    if (in == null) {
      throw new IllegalStateException("bundled resource " + resource + " is not found: the bundled data sets live in"
          + " their own artifact; add the dependency dev.fastj:fastj-datasets (on the module path also"
          + " `requires dev.fastj.datasets;` or --add-modules dev.fastj.datasets)");
    }
    return in;
  }

  private static void copyResource(String name, Path target) throws IOException {
    try (InputStream in = resource(name)) {
      Files.copy(in, target);
    }
  }

  private static void writeFashionSplit(String prefix, String split, Path dir) throws IOException {
    Idx.Images images;
    byte[] labels;
    String imagesName = "fashion-mnist/" + prefix + "-images-idx3-ubyte.gz";
    String labelsName = "fashion-mnist/" + prefix + "-labels-idx1-ubyte.gz";
    try (InputStream in = resource(imagesName)) {
      images = Idx.readImages(in, imagesName);
    }
    try (InputStream in = resource(labelsName)) {
      labels = Idx.readLabels(in, labelsName);
    }
    if (labels.length != images.count()) {
      throw new IOException(imagesName + " and " + labelsName + " differ in length");
    }
    for (String cls : FASHION_MNIST_CLASSES) {
      Files.createDirectories(dir.resolve(cls));
    }
    int size = images.rows() * images.cols();
    try {
      // PNG encoding dominates; two or more cores halve the first-use wait
      IntStream.range(0, images.count()).parallel().forEach(i -> {
        BufferedImage img =
            new BufferedImage(images.cols(), images.rows(), BufferedImage.TYPE_BYTE_GRAY);
        byte[] dst = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        System.arraycopy(images.pixels(), i * size, dst, 0, size);
        Path file = dir.resolve(FASHION_MNIST_CLASSES.get(labels[i])).resolve(i + ".png");
        try (OutputStream out = Files.newOutputStream(file)) {
          writePng(img, out);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private static void writePng(BufferedImage img, OutputStream out) throws IOException {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
    try (ImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
      writer.setOutput(ios);
      writer.write(img);
    } finally {
      writer.dispose();
    }
  }
}
