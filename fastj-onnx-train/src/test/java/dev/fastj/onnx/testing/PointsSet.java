package dev.fastj.onnx.testing;

import dev.fastj.vision.Datasets;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * A small head-pose-like set for point tests, in the layout of dev/vision/make_points.py: one
 * bundled Fashion-MNIST item scaled by 0.75 to 1.25 and placed at a random position on a black
 * {@code size x size} canvas, {@code images/<i>.png}, and {@code points.csv} with columns
 * {@code image,x,y}: the item's centre in pixels (0 at the left/top edge).
 */
public final class PointsSet {

  private PointsSet() {}

  /** Writes {@code n} items under {@code root}; returns the CSV. */
  public static Path write(Path root, int n, int size, long seed) throws IOException {
    if (size < 35) {
      throw new IllegalArgumentException("canvas " + size + " is smaller than the largest item (35 px); use 35 or more");
    }
    List<Path> sources;
    try (Stream<Path> s = Files.walk(Datasets.fashionMnist().resolve("train"))) {
      sources = new ArrayList<>(s.filter(p -> p.toString().endsWith(".png")).sorted().toList());
    }
    Random rnd = new Random(seed);
    Files.createDirectories(root.resolve("images"));
    StringBuilder csv = new StringBuilder("image,x,y\n");
    for (int i = 0; i < n; i++) {
      BufferedImage item = ImageIO.read(sources.get(rnd.nextInt(sources.size())).toFile());
      int side = (int) Math.round(28 * (0.75 + 0.5 * rnd.nextDouble()));
      int x0 = rnd.nextInt(size - side + 1);
      int y0 = rnd.nextInt(size - side + 1);
      BufferedImage canvas = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
      var g = canvas.createGraphics();
      g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION, java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.drawImage(item, x0, y0, side, side, null);
      g.dispose();
      String name = i + ".png";
      ImageIO.write(canvas, "png", root.resolve("images").resolve(name).toFile());
      csv.append(name).append(',').append(x0 + side / 2.0).append(',').append(y0 + side / 2.0).append('\n');
    }
    Path out = root.resolve("points.csv");
    Files.writeString(out, csv);
    return out;
  }
}
