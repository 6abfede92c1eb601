package dev.fastj.samples;

import dev.fastj.data.DataBlock;
import dev.fastj.data.DataLoaders;
import dev.fastj.data.Splitters;
import dev.fastj.learner.Learner;
import dev.fastj.vision.Arch;
import dev.fastj.vision.ImageBlock;
import dev.fastj.vision.ImageFiles;
import dev.fastj.vision.MaskBlock;
import dev.fastj.vision.Resize;
import dev.fastj.vision.UnetLearner;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * A small segmentation set in camvid's layout and a U-Net trained on it once per test JVM (a few
 * seconds), for the command-line and server tests: 24 grey images of 32x32, a bright square (code 1)
 * and a mid-grey bar (code 2) on a dark noisy background, the last 6 for validation; the model resizes
 * its inputs to 32x32, so it takes images of any size and answers masks at their size.
 */
public final class TinySegmentation {

  public static final List<String> CODES = List.of("background", "square", "bar");
  private static Path root;

  private TinySegmentation() {}

  /** An xresnetSmall U-Net trained 3 epochs on {@link #data()}, exported. */
  public static synchronized Path model() {
    if (root == null) {
      root = build();
    }
    return root.resolve("seg.fastj");
  }

  /** The folder it was trained on (do not change it; copy it). */
  public static Path data() {
    model();
    return root.resolve("data");
  }

  /** Writes the set into {@code dir}: images/, labels/NAME_P.png, codes.txt, valid.txt; returns it. */
  public static Path write(Path dir) throws IOException {
    Files.createDirectories(dir.resolve("images"));
    Files.createDirectories(dir.resolve("labels"));
    Random r = new Random(5);
    List<String> valid = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      int[] img = new int[32 * 32];
      int[] mask = new int[32 * 32];
      for (int p = 0; p < img.length; p++) {
        img[p] = 20 + r.nextInt(30);
      }
      int sx = r.nextInt(20);
      int sy = r.nextInt(20);
      int bx = r.nextInt(28);
      for (int y = 0; y < 32; y++) {
        for (int x = 0; x < 32; x++) {
          int p = y * 32 + x;
          if (x >= bx && x < bx + 4) {
            img[p] = 130;
            mask[p] = 2;
          }
          if (x >= sx && x < sx + 12 && y >= sy && y < sy + 12) {
            img[p] = 240;
            mask[p] = 1;
          }
        }
      }
      String name = "img" + i;
      writeGrey(dir.resolve("images").resolve(name + ".png"), img);
      writeGrey(dir.resolve("labels").resolve(name + "_P.png"), mask);
      if (i >= 18) {
        valid.add(name + ".png");
      }
    }
    Files.write(dir.resolve("codes.txt"), CODES);
    Files.write(dir.resolve("valid.txt"), valid);
    return dir;
  }

  private static void writeGrey(Path png, int[] v) throws IOException {
    BufferedImage b = new BufferedImage(32, 32, BufferedImage.TYPE_BYTE_GRAY);
    b.getRaster().setSamples(0, 0, 32, 32, 0, v);
    ImageIO.write(b, "png", png.toFile());
  }

  private static Path build() {
    try {
      Path dir = Files.createTempDirectory("fastj-tiny-seg");
      Path data = write(dir.resolve("data"));
      DataBlock<Path> block = DataBlock.of(ImageBlock.grey(), MaskBlock.create(CODES))
          .getItems(p -> ImageFiles.get(p.resolve("images")))
          .splitter(Splitters.byFile(data.resolve("valid.txt")))
          .getY(p -> data.resolve("labels").resolve(p.getFileName().toString().replace(".png", "_P.png")))
          .itemTfms(Resize.of(32));
      try (DataLoaders dls = block.dataloaders(data, 6);
          Learner learn = UnetLearner.builder(dls, Arch.xresnetSmall()).progress(null).seed(3).build()) {
        learn.fitOneCycle(3, 3e-3);
        learn.export(dir.resolve("seg.fastj"));
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
