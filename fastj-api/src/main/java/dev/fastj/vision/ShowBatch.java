package dev.fastj.vision;

import dev.fastj.vision.image.ImageTensor;
import dev.fastj.internal.AtomicFiles;
import dev.fastj.vision.internal.Headless;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Draws images in a grid with a title over each, into a PNG file: what fastai's
 * {@code show_batch}, {@code show_results} and {@code plot_top_losses} show. Masks can be
 * overlaid in semi-transparent colours per code and points drawn as red dots.
 *
 * <p>Small images are scaled up (nearest neighbour, so that pixels stay sharp) to cells of
 * at least {@value #MIN_CELL} pixels; large ones are scaled down to at most
 * {@value #MAX_CELL}. Files are written atomically.
 *
 * <pre>{@code
 * ShowBatch.grid(images, labels, 3, Path.of("batch.png"));
 * }</pre>
 */
public final class ShowBatch {

  static {
    Headless.ensure();
  }

  /** Smallest side of a cell in pixels; smaller images are scaled up by a whole factor. */
  public static final int MIN_CELL = 128;
  /** Largest side of a cell in pixels; larger images are scaled down. */
  public static final int MAX_CELL = 256;

  /** Mask colours by code (matplotlib's tab20 order, as fastai's default colour map). */
  private static final int[] PALETTE = {
    0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd, 0x8c564b, 0xe377c2, 0x7f7f7f,
    0xbcbd22, 0x17becf, 0xaec7e8, 0xffbb78, 0x98df8a, 0xff9896, 0xc5b0d5, 0xc49c94,
    0xf7b6d2, 0xc7c7c7, 0xdbdb8d, 0x9edae5
  };
  private static final int MASK_ALPHA = 128;
  private static final int PAD = 8;
  private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
  private static final Font SUPTITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 16);
  private static final int MAX_TITLE_LINES = 3;

  private ShowBatch() {}

  /**
   * Draws {@code images} in rows of {@code cols} with {@code titles} (one per image, or
   * {@code null} for none) over them into {@code png}.
   */
  public static void grid(List<ImageTensor> images, List<String> titles, int cols, Path png) {
    grid(images, titles, cols, null, png);
  }

  /**
   * Like {@link #grid(List, List, int, Path)} with {@code figureTitle} over the whole grid
   * (fastai's "Prediction/Actual/Loss/Probability" for top losses); {@code null} for none.
   */
  public static void grid(
      List<ImageTensor> images, List<String> titles, int cols, String figureTitle, Path png) {
    render(images, titles, cols, figureTitle, null, null, png);
  }

  /**
   * Draws images with a segmentation mask over each: {@code masks.get(i)} holds one code per
   * pixel of image i (row by row, height * width values), drawn in a semi-transparent colour
   * per code; {@code codes} (may be {@code null}) names the codes in a legend under the grid.
   * Mirrors fastai's {@code show_batch} for {@code MaskBlock}.
   */
  public static void gridWithMasks(List<ImageTensor> images, List<int[]> masks, List<String> codes,
      List<String> titles, int cols, Path png) {
    Objects.requireNonNull(masks, "masks");
    checkSameSize("masks", masks.size(), images);
    for (int i = 0; i < masks.size(); i++) {
      ImageTensor img = images.get(i);
      int[] m = Objects.requireNonNull(masks.get(i), "mask " + i);
      if (m.length != img.height() * img.width()) {
        throw new IllegalArgumentException(
            "mask " + i + " has " + m.length + " codes but image " + i + " is " + img.height()
                + "x" + img.width() + "; pass one code per pixel");
      }
      for (int code : m) {
        if (code < 0) {
          throw new IllegalArgumentException("mask " + i + " holds negative code " + code);
        }
      }
    }
    render(images, titles, cols, null, masks, codes, png);
  }

  /**
   * Draws images with points on them: {@code points.get(i)} holds x, y pairs in the pixel
   * coordinates of image i (x to the right, y down). Mirrors fastai's {@code show_batch} for
   * {@code PointBlock}.
   */
  public static void gridWithPoints(List<ImageTensor> images, List<float[]> points,
      List<String> titles, int cols, Path png) {
    Objects.requireNonNull(points, "points");
    checkSameSize("points", points.size(), images);
    checkPairs("points", points);
    renderPoints(images, List.of(points), List.of(Color.RED), titles, cols, png);
  }

  /**
   * fastai's {@code show_results} for points: each image with its target points as green
   * rings and the predicted points as red dots, both in pixels of the image.
   */
  public static void gridWithPoints(List<ImageTensor> images, List<float[]> targets, List<float[]> predictions,
      List<String> titles, int cols, Path png) {
    checkSameSize("targets", Objects.requireNonNull(targets, "targets").size(), images);
    checkSameSize("predictions", Objects.requireNonNull(predictions, "predictions").size(), images);
    checkPairs("targets", targets);
    checkPairs("predictions", predictions);
    renderPoints(images, List.of(targets, predictions), List.of(TARGET_GREEN, Color.RED), titles, cols, png);
  }

  private static final Color TARGET_GREEN = new Color(0, 200, 0);

  private static void checkPairs(String what, List<float[]> points) {
    for (int i = 0; i < points.size(); i++) {
      float[] p = Objects.requireNonNull(points.get(i), what + " " + i);
      if (p.length % 2 != 0) {
        throw new IllegalArgumentException(what + " " + i + " has " + p.length + " values; pass x, y pairs");
      }
    }
  }

  private static void renderPoints(List<ImageTensor> images, List<List<float[]>> sets, List<Color> colors,
      List<String> titles, int cols, Path png) {
    Layout layout = layout(images, titles, cols, null, null);
    BufferedImage canvas = layout.canvas();
    Graphics2D g = canvas.createGraphics();
    try {
      drawCells(g, layout, images, titles, null);
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setStroke(new java.awt.BasicStroke(2f));
      for (int s = 0; s < sets.size(); s++) {
        g.setColor(colors.get(s));
        // with a target set, the first set (targets) is drawn as rings so the prediction stays visible
        boolean ring = sets.size() > 1 && s == 0;
        for (int i = 0; i < images.size(); i++) {
          ImageTensor img = images.get(i);
          double sx = (double) layout.cellW / img.width();
          double sy = (double) layout.cellH / img.height();
          int ox = layout.cellX(i);
          int oy = layout.imageY(i);
          float[] p = sets.get(s).get(i);
          for (int k = 0; k < p.length; k += 2) {
            int cx = (int) Math.round(ox + p[k] * sx);
            int cy = (int) Math.round(oy + p[k + 1] * sy);
            if (ring) {
              g.drawOval(cx - 5, cy - 5, 11, 11);
            } else {
              g.fillOval(cx - 3, cy - 3, 7, 7);
            }
          }
        }
      }
    } finally {
      g.dispose();
    }
    AtomicFiles.writePng(canvas, png);
  }

  private static void render(List<ImageTensor> images, List<String> titles, int cols,
      String figureTitle, List<int[]> masks, List<String> codes, Path png) {
    Layout layout = layout(images, titles, cols, figureTitle, masks == null ? null : codes);
    BufferedImage canvas = layout.canvas();
    Graphics2D g = canvas.createGraphics();
    try {
      drawCells(g, layout, images, titles, masks);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
          RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      if (figureTitle != null) {
        g.setFont(SUPTITLE_FONT);
        g.setColor(Color.BLACK);
        FontMetrics fm = g.getFontMetrics();
        g.drawString(figureTitle, (canvas.getWidth() - fm.stringWidth(figureTitle)) / 2,
            PAD + fm.getAscent());
      }
      if (masks != null && codes != null) {
        drawLegend(g, codes, canvas.getHeight() - layout.legendH, canvas.getWidth());
      }
    } finally {
      g.dispose();
    }
    AtomicFiles.writePng(canvas, png);
  }

  private static void checkSameSize(String what, int size, List<ImageTensor> images) {
    Objects.requireNonNull(images, "images");
    if (size != images.size()) {
      throw new IllegalArgumentException(
          what + " has " + size + " entries but there are " + images.size() + " images");
    }
  }

  /** Where everything goes: cells of the same size, a title band over each image. */
  private record Layout(int n, int cols, int cellW, int cellH, int titleH, int topH, int legendH,
      List<List<String>> lines) {
    BufferedImage canvas() {
      int rows = (n + cols - 1) / cols;
      int w = PAD + cols * (cellW + PAD);
      int h = topH + PAD + rows * (titleH + cellH + PAD) + legendH;
      BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
      Graphics2D g = img.createGraphics();
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, w, h);
      g.dispose();
      return img;
    }

    int cellX(int i) {
      return PAD + (i % cols) * (cellW + PAD);
    }

    int titleY(int i) {
      return topH + PAD + (i / cols) * (titleH + cellH + PAD);
    }

    int imageY(int i) {
      return titleY(i) + titleH;
    }
  }

  private static Layout layout(List<ImageTensor> images, List<String> titles, int cols,
      String figureTitle, List<String> legendCodes) {
    Objects.requireNonNull(images, "images");
    if (images.isEmpty()) {
      throw new IllegalArgumentException("images is empty; pass at least one image to show");
    }
    if (cols < 1) {
      throw new IllegalArgumentException("cols must be at least 1, got " + cols);
    }
    if (titles != null) {
      checkSameSize("titles", titles.size(), images);
    }
    int maxSide = 0;
    int maxW = 0;
    int maxH = 0;
    for (ImageTensor img : images) {
      Objects.requireNonNull(img, "image");
      maxSide = Math.max(maxSide, Math.max(img.width(), img.height()));
      maxW = Math.max(maxW, img.width());
      maxH = Math.max(maxH, img.height());
    }
    double scale = maxSide < MIN_CELL
        ? Math.ceil((double) MIN_CELL / maxSide)
        : Math.min(1.0, (double) MAX_CELL / maxSide);
    int cellW = Math.max(1, (int) Math.round(maxW * scale));
    int cellH = Math.max(1, (int) Math.round(maxH * scale));
    // text metrics need a graphics context; a 1x1 image gives one without a display
    BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = probe.createGraphics();
    try {
      FontMetrics fm = g.getFontMetrics(TITLE_FONT);
      List<List<String>> lines = new ArrayList<>();
      int maxLines = 0;
      for (int i = 0; i < images.size(); i++) {
        String t = titles == null ? null : titles.get(i);
        List<String> l = t == null || t.isEmpty() ? List.of() : wrap(t, fm, cellW);
        lines.add(l);
        maxLines = Math.max(maxLines, l.size());
      }
      int titleH = maxLines == 0 ? 0 : maxLines * fm.getHeight() + 4;
      int topH = figureTitle == null ? 0 : g.getFontMetrics(SUPTITLE_FONT).getHeight() + PAD;
      int width = PAD + Math.min(cols, images.size()) * (cellW + PAD);
      int legendH = legendCodes == null || legendCodes.isEmpty()
          ? 0 : legendRows(legendCodes, fm, width) * (fm.getHeight() + PAD) + PAD;
      return new Layout(images.size(), Math.min(cols, images.size()), cellW, cellH, titleH, topH,
          legendH, lines);
    } finally {
      g.dispose();
    }
  }

  /** Breaks a title at spaces to fit the cell, at most three lines, the last cut with "...". */
  private static List<String> wrap(String title, FontMetrics fm, int width) {
    List<String> out = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : title.split(" ")) {
      String candidate = line.length() == 0 ? word : line + " " + word;
      if (fm.stringWidth(candidate) <= width || line.length() == 0) {
        line.setLength(0);
        line.append(candidate);
      } else {
        out.add(line.toString());
        line.setLength(0);
        line.append(word);
      }
    }
    out.add(line.toString());
    List<String> fitted = new ArrayList<>();
    for (int i = 0; i < Math.min(out.size(), MAX_TITLE_LINES); i++) {
      String s = out.get(i);
      boolean last = i == MAX_TITLE_LINES - 1 && out.size() > MAX_TITLE_LINES;
      if (last || fm.stringWidth(s) > width) {
        while (!s.isEmpty() && fm.stringWidth(s + "...") > width) {
          s = s.substring(0, s.length() - 1);
        }
        s = s + "...";
      }
      fitted.add(s);
    }
    return fitted;
  }

  private static void drawCells(Graphics2D g, Layout layout, List<ImageTensor> images,
      List<String> titles, List<int[]> masks) {
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
        RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    FontMetrics fm = g.getFontMetrics(TITLE_FONT);
    for (int i = 0; i < images.size(); i++) {
      ImageTensor img = images.get(i);
      int x = layout.cellX(i);
      int y = layout.imageY(i);
      boolean up = layout.cellW >= img.width();
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, up
          ? RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR
          : RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.drawImage(img.toBufferedImage(), x, y, layout.cellW, layout.cellH, null);
      if (masks != null) {
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION,
            RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        g.drawImage(maskOverlay(masks.get(i), img.width(), img.height()), x, y, layout.cellW,
            layout.cellH, null);
      }
      g.setFont(TITLE_FONT);
      g.setColor(Color.BLACK);
      List<String> lines = layout.lines.get(i);
      int ty = layout.titleY(i) + fm.getAscent();
      for (String line : lines) {
        g.drawString(line, x + (layout.cellW - fm.stringWidth(line)) / 2, ty);
        ty += fm.getHeight();
      }
    }
  }

  private static BufferedImage maskOverlay(int[] codes, int w, int h) {
    BufferedImage overlay = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
    int[] argb = new int[codes.length];
    for (int i = 0; i < codes.length; i++) {
      argb[i] = MASK_ALPHA << 24 | colour(codes[i]);
    }
    overlay.setRGB(0, 0, w, h, argb, 0, w);
    return overlay;
  }

  /** The overlay colour of a mask code, as 0xRRGGBB. */
  public static int colour(int code) {
    return PALETTE[code % PALETTE.length];
  }

  private static int legendEntryWidth(String code, FontMetrics fm) {
    return fm.getAscent() + 4 + fm.stringWidth(code) + 2 * PAD;
  }

  private static int legendRows(List<String> codes, FontMetrics fm, int width) {
    int rows = 1;
    int x = PAD;
    for (String code : codes) {
      int need = legendEntryWidth(code, fm);
      if (x + need > width && x > PAD) {
        rows++;
        x = PAD;
      }
      x += need;
    }
    return rows;
  }

  private static void drawLegend(Graphics2D g, List<String> codes, int top, int width) {
    g.setFont(TITLE_FONT);
    FontMetrics fm = g.getFontMetrics();
    int x = PAD;
    int y = top + PAD;
    int box = fm.getAscent();
    for (int code = 0; code < codes.size(); code++) {
      int need = legendEntryWidth(codes.get(code), fm);
      if (x + need > width && x > PAD) {
        x = PAD;
        y += fm.getHeight() + PAD;
      }
      g.setColor(new Color(colour(code)));
      g.fillRect(x, y, box, box);
      g.setColor(Color.BLACK);
      g.drawString(codes.get(code), x + box + 4, y + fm.getAscent() - 1);
      x += need;
    }
  }
}
