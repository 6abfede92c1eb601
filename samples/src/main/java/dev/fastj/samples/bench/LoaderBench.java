package dev.fastj.samples.bench;

import dev.fastj.data.Batch;
import dev.fastj.data.CategoryBlock;
import dev.fastj.data.DataBlock;
import dev.fastj.data.DataLoaderOptions;
import dev.fastj.data.DataLoaders;
import dev.fastj.data.Labels;
import dev.fastj.data.Splitters;
import dev.fastj.vision.Augment;
import dev.fastj.vision.ImageBlock;
import dev.fastj.vision.ImageFiles;
import dev.fastj.vision.Normalize;
import dev.fastj.vision.Resize;
import dev.fastj.vision.image.Images;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Loader throughput (images per second) through decode, item transforms (Resize) and batch
 * transforms (aug_transforms + Normalize) at 28, 64 and 128 pixels. Run it with {@code ./fastj bench-loader [workers] [images]}.
 * Synthetic random-noise PNGs (slow to decode, so the numbers are pessimistic).
 */
public final class LoaderBench {

  private LoaderBench() {}

  public static void main(String[] args) throws Exception {
    int workers = args.length > 0 ? Integer.parseInt(args[0]) : 2;
    int count = args.length > 1 ? Integer.parseInt(args[1]) : 640;
    Path root = Files.createTempDirectory("fastj-bench");
    Random rnd = new Random(0);
    write(root.resolve("small"), count, 28, 28, rnd);
    write(root.resolve("large"), count, 160, 120, rnd);
    System.out.printf("workers %d, %d images per set%n", workers, count);
    List<Path> files = ImageFiles.get(root.resolve("small"));
    long t0 = System.nanoTime();
    for (Path f : files) {
      Images.read(f, false);
    }
    System.out.printf("decode only, 28x28 png, 1 thread: %.0f images/s%n", files.size() / ((System.nanoTime() - t0) / 1e9));
    stages(root.resolve("small"), 28);
    stages(root.resolve("large"), 64);
    stages(root.resolve("large"), 128);
    run(root.resolve("small"), 28, workers);
    run(root.resolve("large"), 64, workers);
    run(root.resolve("large"), 128, workers);
  }

  /**
   * CPU time per image of each stage on one thread (robust to other load on the machine): decode,
   * Resize (train mode), aug_transforms + Normalize on batches of 64.
   */
  private static void stages(Path dir, int size) {
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    List<Path> files = ImageFiles.get(dir);
    ImageBlock block = ImageBlock.create();
    Resize resize = Resize.of(size);
    Augment aug = Augment.transforms();
    Normalize norm = Normalize.imagenet();
    for (int round = 0; round < 2; round++) {
      long decode = 0;
      long item = 0;
      long batch = 0;
      List<Object> batchItems = new java.util.ArrayList<>();
      Random r = new Random(round);
      for (Path f : files) {
        long t0 = mx.getCurrentThreadCpuTime();
        Object img = block.encode(f);
        long t1 = mx.getCurrentThreadCpuTime();
        Object out = resize.apply(List.of(img), new dev.fastj.data.TransformContext(true, r, f.toString())).get(0);
        long t2 = mx.getCurrentThreadCpuTime();
        decode += t1 - t0;
        item += t2 - t1;
        batchItems.add(out);
        if (batchItems.size() == 64) {
          long t3 = mx.getCurrentThreadCpuTime();
          dev.fastj.data.TensorData x = block.collate(batchItems);
          List<dev.fastj.data.Block.Spatial> kinds = List.of(dev.fastj.data.Block.Spatial.IMAGE);
          dev.fastj.data.BatchContext ctx = new dev.fastj.data.BatchContext(true, r, null);
          norm.apply(aug.apply(List.of(x), kinds, ctx), kinds, ctx);
          batch += mx.getCurrentThreadCpuTime() - t3;
          batchItems.clear();
        }
      }
      int n = files.size();
      if (round == 1) {
        System.out.printf("size %3d, CPU per image: decode %.3f ms, Resize %.3f ms, collate+aug+normalize %.3f ms"
            + " -> %.0f images/s per core%n", size, decode / 1e6 / n, item / 1e6 / n, batch / 1e6 / (n / 64 * 64),
            1e9 / ((decode + item) / (double) n + batch / (double) (n / 64 * 64)));
      }
    }
  }

  private static void run(Path dir, int size, int workers) {
    DataBlock<Path> block = DataBlock.of(ImageBlock.create(), CategoryBlock.create())
        .getItems(ImageFiles::get)
        .splitter(Splitters.random(0.1, 42))
        .getY(Labels.parentLabel())
        .itemTfms(Resize.of(size))
        .batchTfms(Augment.transforms(), Normalize.imagenet());
    try (DataLoaders dls = block.dataloaders(dir, 64, DataLoaderOptions.defaults().withNumWorkers(workers))) {
      for (int epoch = 0; epoch < 3; epoch++) {
        long t0 = System.nanoTime();
        int n = 0;
        for (Batch b : dls.train()) {
          n += b.size();
        }
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("size %3d, epoch %d: %.0f images/s (%d images in %.2f s)%n", size, epoch, n / s, n, s);
      }
    }
  }

  private static void write(Path dir, int count, int w, int h, Random rnd) throws Exception {
    for (int i = 0; i < count; i++) {
      BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          img.setRGB(x, y, rnd.nextInt(0x1000000));
        }
      }
      Path f = dir.resolve("c" + (i % 10)).resolve(i + ".png");
      Files.createDirectories(f.getParent());
      ImageIO.write(img, "png", f.toFile());
    }
  }
}
