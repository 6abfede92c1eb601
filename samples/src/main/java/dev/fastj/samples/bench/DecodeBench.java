package dev.fastj.samples.bench;

import dev.fastj.vision.Datasets;
import dev.fastj.vision.image.ImageTensor;
import dev.fastj.vision.image.Images;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Measures how many PNG images per second {@link Images#read} decodes at 28, 64 and 128
 * pixels, grey and RGB, on one thread and on several, against a naive baseline
 * ({@code ImageIO.read(File)} then {@code getRGB} per pixel). The images are Fashion-MNIST
 * test items from the bundle ({@link Datasets#fashionMnist()}), scaled up and, for RGB, tinted,
 * so they compress like real photos of small objects rather than like noise.
 *
 * <pre>
 * java -cp ... dev.fastj.samples.bench.DecodeBench [--seconds 2] [--threads N]
 * </pre>
 */
public final class DecodeBench {

  private static final int FILES = 256;

  private DecodeBench() {}

  /** Runs the benchmark and prints one table row per size and colour mode. */
  public static void main(String[] args) throws Exception {
    double seconds = 2;
    int threads = Runtime.getRuntime().availableProcessors();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--seconds" -> seconds = Double.parseDouble(args[++i]);
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        default -> {
          System.err.println("usage: DecodeBench [--seconds S] [--threads N]");
          System.exit(2);
        }
      }
    }
    List<BufferedImage> source = testImages(FILES);
    Path dir = Files.createTempDirectory("fastj-decode-bench");
    try {
      System.out.printf(Locale.ROOT, "PNG decode, images/s (%d files per case, %.1f s each, "
          + "%d cores)%n", FILES, seconds, Runtime.getRuntime().availableProcessors());
      System.out.printf(Locale.ROOT, "%-5s %-5s %9s %12s %14s %16s%n",
          "size", "mode", "bytes", "baseline/1t", "Images.read/1t",
          "Images.read/" + threads + "t");
      for (int size : new int[] {28, 64, 128}) {
        for (boolean grey : new boolean[] {true, false}) {
          List<Path> files = writeFiles(source, dir, size, grey);
          long bytes = 0;
          for (Path f : files) {
            bytes += Files.size(f);
          }
          double baseline = measure(files, seconds, 1, f -> baseline(f, grey));
          double fast1 = measure(files, seconds, 1, f -> Images.read(f, grey));
          double fastN = measure(files, seconds, threads, f -> Images.read(f, grey));
          System.out.printf(Locale.ROOT, "%-5d %-5s %9d %12.0f %14.0f %16.0f%n",
              size, grey ? "grey" : "rgb", bytes / files.size(), baseline, fast1, fastN);
        }
      }
    } finally {
      try (Stream<Path> paths = Files.walk(dir)) {
        for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  @FunctionalInterface
  private interface Decoder {
    Object decode(Path file) throws IOException;
  }

  /** The first {@code n} test images of the bundled Fashion-MNIST, in the order of the original file. */
  private static List<BufferedImage> testImages(int n) throws IOException {
    List<Path> pngs;
    try (Stream<Path> files = Files.walk(Datasets.fashionMnist().resolve("test"))) {
      pngs = files.filter(f -> f.toString().endsWith(".png"))
          .sorted(Comparator.comparingInt(DecodeBench::index))
          .limit(n)
          .toList();
    }
    List<BufferedImage> out = new ArrayList<>(pngs.size());
    for (Path png : pngs) {
      out.add(ImageIO.read(png.toFile()));
    }
    return out;
  }

  /** The position of a Fashion-MNIST item in its split: files are named {@code <index>.png}. */
  private static int index(Path png) {
    String name = png.getFileName().toString();
    return Integer.parseInt(name.substring(0, name.length() - ".png".length()));
  }

  private static List<Path> writeFiles(List<BufferedImage> source, Path dir, int size, boolean grey) {
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < source.size(); i++) {
      BufferedImage small = source.get(i);
      BufferedImage img = new BufferedImage(size, size,
          grey ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR);
      Graphics2D g = img.createGraphics();
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION,
          RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.drawImage(small, 0, 0, size, size, null);
      g.dispose();
      if (!grey) {
        tint(img, i);
      }
      Path file = dir.resolve(size + (grey ? "-grey-" : "-rgb-") + i + ".png");
      Images.write(Images.fromBufferedImage(img, grey), file);
      files.add(file);
    }
    return files;
  }

  private static void tint(BufferedImage img, int seed) {
    byte[] data = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
    int[] gains = {60 + seed % 40, 80 + seed % 20, 100};
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) ((data[i] & 0xff) * gains[i % 3] / 100);
    }
  }

  /** What code without fastj's fast path does: a file-backed read and a getRGB per pixel. */
  private static ImageTensor baseline(Path file, boolean grey) throws IOException {
    BufferedImage img = ImageIO.read(file.toFile());
    int w = img.getWidth();
    int h = img.getHeight();
    int n = w * h;
    float[] out = new float[grey ? n : 3 * n];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int p = img.getRGB(x, y);
        int r = (p >> 16) & 0xff;
        int gr = (p >> 8) & 0xff;
        int b = p & 0xff;
        if (grey) {
          out[y * w + x] = (0.299f * r + 0.587f * gr + 0.114f * b) / 255f;
        } else {
          out[y * w + x] = r / 255f;
          out[n + y * w + x] = gr / 255f;
          out[2 * n + y * w + x] = b / 255f;
        }
      }
    }
    return new ImageTensor(out, grey ? 1 : 3, h, w);
  }

  /** Images per second over all threads, after a warm-up of a third of the time. */
  private static double measure(List<Path> files, double seconds, int threads, Decoder decoder)
      throws Exception {
    run(files, seconds / 3, threads, decoder);
    return run(files, seconds, threads, decoder);
  }

  private static double run(List<Path> files, double seconds, int threads, Decoder decoder)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    AtomicBoolean stop = new AtomicBoolean();
    try {
      List<Future<Long>> counts = new ArrayList<>();
      long start = System.nanoTime();
      for (int t = 0; t < threads; t++) {
        int offset = t * 37;
        counts.add(pool.submit(() -> {
          long n = 0;
          while (!stop.get()) {
            decoder.decode(files.get((int) ((offset + n) % files.size())));
            n++;
          }
          return n;
        }));
      }
      Thread.sleep((long) (seconds * 1000));
      stop.set(true);
      long total = 0;
      for (Future<Long> f : counts) {
        total += f.get();
      }
      return total / ((System.nanoTime() - start) / 1e9);
    } finally {
      pool.shutdownNow();
    }
  }
}
