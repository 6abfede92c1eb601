package dev.fastj.onnx.testing;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;

/** A tiny image data set for learner tests: grey PNGs of noisy horizontal or vertical stripes. */
public final class Stripes {

  private Stripes() {}

  /** Writes {@code perClass} {@code size}x{@code size} images into {@code root/horizontal} and {@code root/vertical}. */
  public static void write(Path root, int size, int perClass, long seed) throws Exception {
    Random rnd = new Random(seed);
    for (String cls : List.of("horizontal", "vertical")) {
      Path d = Files.createDirectories(root.resolve(cls));
      for (int i = 0; i < perClass; i++) {
        BufferedImage im = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
        int phase = rnd.nextInt(4);
        for (int y = 0; y < size; y++) {
          for (int x = 0; x < size; x++) {
            int t = cls.equals("horizontal") ? y : x;
            int v = ((t + phase) / 2) % 2 == 0 ? 200 : 50;
            v = Math.max(0, Math.min(255, v + (int) (rnd.nextGaussian() * 20)));
            im.getRaster().setSample(x, y, 0, v);
          }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(im, "png", bytes);
        Files.write(d.resolve(i + ".png"), bytes.toByteArray());
      }
    }
  }
}
