package dev.fastj.text;

import dev.fastj.internal.AtomicFiles;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The table of fastai's text {@code show_batch}: a header row, then one row per text. Texts are
 * cut at {@link #TRUNC_AT} tokens, as fastai's {@code trunc_at}, and at {@link #WIDTH} characters
 * (with {@code ...}) to fit a terminal; newlines and tabs inside a text show as {@code \n} and
 * {@code \t} so that each row stays on one line.
 */
final class TextTable {

  /** fastai's {@code trunc_at}: tokens shown per text. */
  static final int TRUNC_AT = 150;
  /** Characters shown per cell. */
  static final int WIDTH = 100;

  private TextTable() {}

  static List<String> cells(List<String> row) {
    List<String> out = new ArrayList<>(row.size());
    for (String c : row) {
      String[] toks = c.split(" ", TRUNC_AT + 1);
      String s = toks.length > TRUNC_AT ? String.join(" ", java.util.Arrays.asList(toks).subList(0, TRUNC_AT)) : c;
      s = s.replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r");
      out.add(s.length() > WIDTH ? s.substring(0, WIDTH - 3) + "..." : s);
    }
    return out;
  }

  /** The rows, columns aligned, one line each. */
  static String render(List<List<String>> rows) {
    List<List<String>> shown = rows.stream().map(TextTable::cells).toList();
    int[] w = new int[shown.get(0).size()];
    for (List<String> r : shown) {
      for (int c = 0; c < w.length; c++) {
        w[c] = Math.max(w[c], r.get(c).length());
      }
    }
    StringBuilder sb = new StringBuilder();
    for (List<String> r : shown) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < w.length; c++) {
        line.append(c == 0 ? "" : "  ").append(r.get(c)).append(" ".repeat(w[c] - r.get(c).length()));
      }
      sb.append(line.toString().stripTrailing()).append('\n');
    }
    return sb.toString();
  }

  /** The same table drawn in a monospaced font, black on white, into {@code png} (written atomically). */
  static void writePng(List<List<String>> rows, Path png) {
    String[] lines = render(rows).split("\n");
    Font font = new Font(Font.MONOSPACED, Font.PLAIN, 13);
    BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
    Graphics2D pg = probe.createGraphics();
    FontMetrics fm = pg.getFontMetrics(font);
    int width = 20;
    for (String l : lines) {
      width = Math.max(width, fm.stringWidth(l) + 20);
    }
    pg.dispose();
    int lineH = fm.getHeight();
    BufferedImage img = new BufferedImage(width, lines.length * lineH + 20, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, img.getWidth(), img.getHeight());
    g.setColor(Color.BLACK);
    g.setFont(font);
    for (int i = 0; i < lines.length; i++) {
      g.drawString(lines[i], 10, 10 + fm.getAscent() + i * lineH);
    }
    g.dispose();
    AtomicFiles.writePng(img, png);
  }
}
