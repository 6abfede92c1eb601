package dev.fastj.vision;

import static com.google.common.base.Preconditions.checkArgument;

import dev.fastj.vision.image.ImageTensor;
import dev.fastj.vision.internal.Pixels;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import javax.imageio.ImageIO;

/** Draws images with titles in a grid, as fastai's {@code show_batch}/{@code show_images}. */
public final class ShowBatch {

  private static final int CELL = 128;
  private static final int TITLE = 18;

  private ShowBatch() {}

  /**
   * Writes a PNG grid of {@code images} ({@code cols} per row), each scaled to fit a cell with
   * its title above, to {@code png} atomically.
   */
  public static void grid(List<ImageTensor> images, List<String> titles, int cols, Path png) {
    checkArgument(!images.isEmpty(), "no images to show");
    checkArgument(titles.size() == images.size(), "%s titles for %s images", titles.size(), images.size());
    checkArgument(cols > 0, "cols must be positive, got %s", cols);
    int rows = (images.size() + cols - 1) / cols;
    BufferedImage out = new BufferedImage(cols * CELL, rows * (CELL + TITLE), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, out.getWidth(), out.getHeight());
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      for (int i = 0; i < images.size(); i++) {
        ImageTensor t = images.get(i);
        int x = (i % cols) * CELL;
        int y = (i / cols) * (CELL + TITLE);
        double scale = Math.min((double) (CELL - 4) / t.width(), (double) (CELL - 4) / t.height());
        int w = (int) Math.round(t.width() * scale);
        int h = (int) Math.round(t.height() * scale);
        g.drawImage(Pixels.toBufferedImage(t), x + (CELL - w) / 2, y + TITLE + (CELL - h) / 2, w, h, null);
        g.setColor(Color.BLACK);
        g.drawString(titles.get(i), x + 4, y + TITLE - 5);
      }
    } finally {
      g.dispose();
    }
    writeAtomically(out, png);
  }

  static void writeAtomically(BufferedImage img, Path png) {
    try {
      Path dir = png.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, ".fastj-", ".png.tmp");
      try {
        ImageIO.write(img, "png", tmp.toFile());
        Files.move(tmp, png, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + png + ": " + e.getMessage(), e);
    }
  }
}
