package dev.fastj.tabular;

import static com.google.common.base.Preconditions.checkArgument;

import dev.fastj.data.Batch;
import dev.fastj.data.TensorData;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * fastai's {@code show_batch} of a tabular loader: rows of a batch decoded back through the
 * procs (categorical codes to their class, continuous values un-normalized, so filled cells show
 * their fill value, targets to their class or value), printed as an aligned text table.
 */
final class ShowTable {

  private ShowTable() {}

  static String batch(TabularDataLoaders dls, TabDataLoader dl, int n) {
    checkArgument(n > 0, "n must be positive, got %s", n);
    Batch b = dl.showBatch();
    TabularRecipe r = dls.recipe();
    List<String> header = new ArrayList<>(r.catNames());
    header.addAll(r.contNames());
    header.addAll(dls.yNames());
    int rows = Math.min(n, b.size());
    List<List<String>> cells = new ArrayList<>();
    int in = 0;
    long[] cats = null;
    float[] conts = null;
    if (!r.catNames().isEmpty()) {
      cats = b.inputs().get(in++).toLongArray();
    }
    if (!r.contNames().isEmpty()) {
      conts = b.inputs().get(in).toFloatArray();
    }
    TensorData y = b.targets().get(0);
    int nc = r.catNames().size();
    int k = r.contNames().size();
    for (int i = 0; i < rows; i++) {
      List<String> row = new ArrayList<>();
      for (int c = 0; c < nc; c++) {
        row.add(r.classes(c).get((int) cats[i * nc + c]));
      }
      for (int j = 0; j < k; j++) {
        row.add(number(r.decodeCont(j, conts[i * k + j])));
      }
      if (dls.isRegression()) {
        float[] v = y.toFloatArray();
        int nY = dls.yNames().size();
        for (int j = 0; j < nY; j++) {
          row.add(number(v[i * nY + j]));
        }
      } else {
        row.add(dls.vocab().get((int) y.toLongArray()[i]));
      }
      cells.add(row);
    }
    return format(header, cells);
  }

  static String number(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return String.format(Locale.ROOT, "%.6g", v).replaceAll("(\\.\\d*?)0+($|e)", "$1$2").replace(".e", "e")
        .replaceAll("\\.$", "");
  }

  static String format(List<String> header, List<List<String>> rows) {
    int[] w = new int[header.size()];
    for (int c = 0; c < w.length; c++) {
      w[c] = header.get(c).length();
      for (List<String> row : rows) {
        w[c] = Math.max(w[c], row.get(c).length());
      }
    }
    StringBuilder sb = new StringBuilder();
    line(sb, header, w);
    for (List<String> row : rows) {
      line(sb, row, w);
    }
    return sb.toString();
  }

  private static void line(StringBuilder sb, List<String> cells, int[] w) {
    StringBuilder l = new StringBuilder();
    for (int c = 0; c < w.length; c++) {
      l.append(c == 0 ? "" : "  ").append(String.format(Locale.ROOT, "%-" + w[c] + "s", cells.get(c)));
    }
    sb.append(l.toString().stripTrailing()).append('\n');
  }
}
