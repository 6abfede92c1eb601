package dev.fastj.vision.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A developer program (test scope, so not in the jar). Makes the Fashion-MNIST subset that
 * fastj bundles from the full data set's gzip IDX files: the first 1,000 training images of
 * each class (10,000) and the first 200 test images of each class (2,000), in their original
 * order, written as gzip IDX files with the COPYRIGHT file. Run by developers when the bundle
 * changes:
 *
 * <pre>
 * java -cp fastj-api/target/classes:fastj-api/target/test-classes dev.fastj.vision.internal.BundleFashionMnist \
 *     ../shared/data/fashion-mnist \
 *     fastj-api/src/main/resources/dev/fastj/vision/datasets/fashion-mnist
 * </pre>
 */
public final class BundleFashionMnist {

  /** Training images kept per class. */
  public static final int TRAIN_PER_CLASS = 1000;
  /** Test images kept per class. */
  public static final int TEST_PER_CLASS = 200;
  private static final int CLASSES = 10;

  private BundleFashionMnist() {}

  /** Arguments: the folder of the full data set, then the resource folder to write. */
  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: BundleFashionMnist SOURCE_DIR TARGET_DIR");
      System.exit(2);
    }
    Path source = Path.of(args[0]);
    Path target = Path.of(args[1]);
    Files.createDirectories(target);
    subset(source, target, "train", TRAIN_PER_CLASS);
    subset(source, target, "t10k", TEST_PER_CLASS);
    Files.copy(source.resolve("COPYRIGHT"), target.resolve("COPYRIGHT"),
        StandardCopyOption.REPLACE_EXISTING);
  }

  private static void subset(Path source, Path target, String prefix, int perClass)
      throws IOException {
    String imagesName = prefix + "-images-idx3-ubyte.gz";
    String labelsName = prefix + "-labels-idx1-ubyte.gz";
    Idx.Images images;
    byte[] labels;
    try (InputStream in = Files.newInputStream(source.resolve(imagesName))) {
      images = Idx.readImages(in, imagesName);
    }
    try (InputStream in = Files.newInputStream(source.resolve(labelsName))) {
      labels = Idx.readLabels(in, labelsName);
    }
    int size = images.rows() * images.cols();
    int[] taken = new int[CLASSES];
    byte[] outPixels = new byte[perClass * CLASSES * size];
    byte[] outLabels = new byte[perClass * CLASSES];
    int n = 0;
    for (int i = 0; i < labels.length && n < outLabels.length; i++) {
      int label = labels[i];
      if (taken[label] < perClass) {
        taken[label]++;
        System.arraycopy(images.pixels(), i * size, outPixels, n * size, size);
        outLabels[n++] = (byte) label;
      }
    }
    if (n != outLabels.length) {
      throw new IllegalStateException(prefix + " has fewer than " + perClass + " images of some class");
    }
    try (OutputStream out = Files.newOutputStream(target.resolve(imagesName))) {
      Idx.writeImages(new Idx.Images(n, images.rows(), images.cols(), outPixels), out);
    }
    try (OutputStream out = Files.newOutputStream(target.resolve(labelsName))) {
      Idx.writeLabels(outLabels, out);
    }
    System.out.println(prefix + ": " + n + " images written to " + target);
  }
}
