package dev.fastj.tabular;

import static com.google.common.base.Preconditions.checkArgument;

import dev.fastj.data.Csv;
import dev.fastj.data.CsvRow;
import dev.fastj.data.InputSpec;
import dev.fastj.data.TensorData;
import dev.fastj.spi.InputRecipe;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the procs learnt from the training rows, and how any row becomes the model's inputs: the
 * categorical columns (those named, then the {@code <col>_na} columns {@link FillMissing} added)
 * as INT64 codes {@code x_cat [N, nCat]}, the continuous columns filled and normalized as
 * FLOAT32 {@code x_cont [N, nCont]} (an input without columns is left out). fastai keeps this in
 * the {@code TabularPandas} of an exported learner; here it travels in the export as string
 * metadata ({@link InputRecipe}), so a loaded Learner predicts on rows.
 *
 * <p>Rows to predict ({@link #encode}) may be a {@code Map} of column name to value (a String, a
 * Number, or null for missing), a {@link CsvRow}, or one CSV line with the cells in the order of
 * the training file's header ({@link #header()}). Values that the training rows never had in a
 * categorical column map to {@code #na#} (index 0, fastai's handling); a missing value in a
 * continuous column that had none in training, a text where a number belongs and a missing
 * column are refused with a message naming the row, the column and the value.
 */
public final class TabularRecipe implements InputRecipe {

  /** The recipe kind in exports. */
  public static final String KIND = "tabular";

  private static final int VERSION = 1;

  private final List<String> header;
  private final Csv.Options csv;
  private final Set<String> naValues;
  private final List<String> catNames;
  private final Map<String, String> naSource;
  private final Map<String, String> binSource;
  private final Map<String, double[]> binEdges;
  private final List<List<String>> classes;
  private final List<Map<String, Integer>> classIndex;
  private final List<String> contNames;
  private final double[] fills;
  private final double[] means;
  private final double[] stds;
  /** The target columns, when the loaders knew them (not a TabularBlock, not an export before they were kept). */
  private final List<String> yNames;

  TabularRecipe(List<String> header, Csv.Options csv, Set<String> naValues, List<String> catNames,
      Map<String, String> naSource, Map<String, String> binSource, Map<String, double[]> binEdges,
      List<List<String>> classes, List<String> contNames, double[] fills, double[] means, double[] stds,
      List<String> yNames) {
    this.yNames = List.copyOf(yNames);
    this.header = List.copyOf(header);
    this.csv = csv;
    this.naValues = Set.copyOf(naValues);
    this.catNames = List.copyOf(catNames);
    this.naSource = Map.copyOf(naSource);
    this.binSource = Map.copyOf(binSource);
    Map<String, double[]> edges = new LinkedHashMap<>();
    binEdges.forEach((k, v) -> edges.put(k, v.clone()));
    this.binEdges = Map.copyOf(edges);
    this.classes = classes.stream().map(List::copyOf).toList();
    this.contNames = List.copyOf(contNames);
    this.fills = fills.clone();
    this.means = means == null ? null : means.clone();
    this.stds = stds == null ? null : stds.clone();
    List<Map<String, Integer>> idx = new ArrayList<>();
    for (List<String> c : this.classes) {
      Map<String, Integer> m = new HashMap<>();
      for (int i = 0; i < c.size(); i++) {
        m.put(c.get(i), i);
      }
      idx.add(m);
    }
    this.classIndex = List.copyOf(idx);
  }

  // ---- fitting -------------------------------------------------------------------------------

  /**
   * Fits {@code procs} on {@code train} for the named columns and checks that every row of
   * {@code all} (training and validation) can be encoded.
   */
  static TabularRecipe fit(Table train, Table all, List<String> catNames, List<String> contNames,
      List<? extends TabularProc> procs) {
    Categorify categorify = null;
    FillMissing fill = null;
    QuantileBins quantileBins = null;
    boolean normalize = false;
    for (TabularProc p : procs) {
      checkArgument(p != null, "procs contain null");
      if (p instanceof Categorify c) {
        categorify = c;
      } else if (p instanceof FillMissing f) {
        fill = f;
      } else if (p instanceof Normalize) {
        normalize = true;
      } else if (p instanceof QuantileBins q) {
        quantileBins = q;
      }
    }
    for (String c : contNames) {
      int bad = all.firstNonNumber(c);
      if (bad >= 0) {
        throw new IllegalArgumentException("column '" + c + "' is continuous but line " + all.line(bad) + " of "
            + all.source() + " has '" + all.get(bad, c) + "', not a number; name the column in catNames instead, "
            + "or list '" + all.get(bad, c) + "' as a missing value with Table.Options.withNaValues");
      }
    }
    // FillMissing (order 0): fill values and the <col>_na columns
    List<String> cats = new ArrayList<>(catNames);
    Map<String, String> naSource = new LinkedHashMap<>();
    double[] fills = new double[contNames.size()];
    java.util.Arrays.fill(fills, Double.NaN);
    for (int j = 0; j < contNames.size(); j++) {
      String c = contNames.get(j);
      double[] present = presentValues(train, c);
      if (present.length == train.rowCount()) {
        continue;
      }
      if (present.length == 0) {
        throw new IllegalArgumentException("continuous column '" + c + "' has no value in the " + train.rowCount()
            + " training rows of " + train.source() + "; drop it from contNames");
      }
      if (fill == null) {
        throw new IllegalArgumentException("continuous column '" + c + "' has " + (train.rowCount() - present.length)
            + " missing values in the training rows (the first on line " + firstMissingLine(train, c) + " of "
            + train.source() + "); add FillMissing.create() to the procs, or fill them in the file");
      }
      fills[j] = fillValue(fill, c, present);
      if (fill.addCol()) {
        String na = c + "_na";
        checkArgument(!all.has(na) && !cats.contains(na), "FillMissing would add column '%s' but the table has one; "
            + "rename it or pass FillMissing.create().withAddCol(false)", na);
        cats.add(na);
        naSource.put(na, c);
      }
    }
    // QuantileBins (with FillMissing, on the values before filling)
    Map<String, String> binSource = new LinkedHashMap<>();
    Map<String, double[]> binEdges = new LinkedHashMap<>();
    if (quantileBins != null) {
      for (String c : contNames) {
        String bin = c + "_bin";
        checkArgument(!all.has(bin) && !cats.contains(bin), "QuantileBins would add column '%s' but the table has one; "
            + "rename it", bin);
        double[] v = presentValues(train, c);
        java.util.Arrays.sort(v);
        java.util.TreeSet<Double> edges = new java.util.TreeSet<>();
        for (int k = 1; k < quantileBins.bins(); k++) {
          edges.add(v[(int) ((long) v.length * k / quantileBins.bins())]);
        }
        cats.add(bin);
        binSource.put(bin, c);
        binEdges.put(bin, edges.stream().mapToDouble(Double::doubleValue).toArray());
      }
    }
    // Categorify (order 1)
    checkArgument(cats.isEmpty() || categorify != null, "categorical columns %s need Categorify.create() in the "
        + "procs", cats);
    List<List<String>> classes = new ArrayList<>();
    for (String c : cats) {
      String source = naSource.get(c);
      if (source != null) {
        // fastai's CategoryMap of the bool column: True (the column had missing training values), False if any had one
        boolean anyPresent = presentValues(train, source).length > 0;
        classes.add(classesOf(anyPresent ? List.of("False", "True") : List.of("True"), false));
      } else if (binSource.containsKey(c)) {
        List<String> seen = new ArrayList<>();
        for (double x : presentValues(train, binSource.get(c))) {
          seen.add(Integer.toString(bin(binEdges.get(c), x)));
        }
        classes.add(classesOf(seen, true));
      } else {
        ColumnType t = train.type(c);
        classes.add(classesOf(presentCells(train, c), t == ColumnType.INTEGER || t == ColumnType.FLOAT));
      }
    }
    TabularRecipe unscaled = new TabularRecipe(all.names(), all.options().csv(), all.options().naValues(), cats,
        naSource, binSource, binEdges, classes, contNames, fills, null, null, List.of());
    double[] means = null;
    double[] stds = null;
    if (normalize && !contNames.isEmpty()) {
      // Normalize (order 99): statistics of the filled training values, population std + 1e-7
      float[] x = unscaled.encodeTable(train).conts();
      int n = train.rowCount();
      int k = contNames.size();
      means = new double[k];
      stds = new double[k];
      for (int j = 0; j < k; j++) {
        double s = 0;
        for (int r = 0; r < n; r++) {
          s += x[r * k + j];
        }
        double mean = s / n;
        double ss = 0;
        for (int r = 0; r < n; r++) {
          double d = x[r * k + j] - mean;
          ss += d * d;
        }
        means[j] = mean;
        stds[j] = Math.sqrt(ss / n) + 1e-7;
      }
    }
    TabularRecipe fitted = new TabularRecipe(all.names(), all.options().csv(), all.options().naValues(), cats, naSource,
        binSource, binEdges, classes, contNames, fills, means, stds, List.of());
    fitted.encodeTable(all);
    return fitted;
  }

  /** This recipe with the names of the targets it was fitted for, which exports keep for servers and messages. */
  TabularRecipe withYNames(List<String> names) {
    return new TabularRecipe(header, csv, naValues, catNames, naSource, binSource, binEdges, classes, contNames, fills,
        means, stds, names);
  }

  /** The bin of {@code x}: how many edges are at most {@code x}. */
  private static int bin(double[] edges, double x) {
    int k = 0;
    while (k < edges.length && edges[k] <= x) {
      k++;
    }
    return k;
  }

  private static double fillValue(FillMissing f, String col, double[] present) {
    return switch (f.fillStrategy()) {
      case MEDIAN -> {
        double[] v = present.clone();
        java.util.Arrays.sort(v);
        int m = v.length / 2;
        yield v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
      }
      case MODE -> {
        Map<Double, Integer> counts = new java.util.TreeMap<>();
        for (double d : present) {
          counts.merge(d, 1, Integer::sum);
        }
        double best = Double.NaN;
        int most = 0;
        for (Map.Entry<Double, Integer> e : counts.entrySet()) {
          if (e.getValue() > most) {
            most = e.getValue();
            best = e.getKey();
          }
        }
        yield best;
      }
      case CONSTANT -> f.fillVals().getOrDefault(col, 0.0);
    };
  }

  private static double[] presentValues(Table t, String col) {
    double[] out = new double[t.rowCount()];
    int n = 0;
    for (int r = 0; r < t.rowCount(); r++) {
      String v = t.get(r, col);
      if (v != null) {
        out[n++] = Double.parseDouble(v);
      }
    }
    return java.util.Arrays.copyOf(out, n);
  }

  private static int firstMissingLine(Table t, String col) {
    for (int r = 0; r < t.rowCount(); r++) {
      if (t.get(r, col) == null) {
        return t.line(r);
      }
    }
    return -1;
  }

  private static List<String> presentCells(Table t, String col) {
    List<String> out = new ArrayList<>();
    for (int r = 0; r < t.rowCount(); r++) {
      String v = t.get(r, col);
      if (v != null) {
        out.add(v);
      }
    }
    return out;
  }

  /** {@code #na#} then the distinct values sorted (numerically when {@code numeric}). */
  static List<String> classesOf(List<String> values, boolean numeric) {
    TreeSet<String> sorted = new TreeSet<>(numeric
        ? java.util.Comparator.comparingDouble(Double::parseDouble).thenComparing(java.util.Comparator.naturalOrder())
        : java.util.Comparator.<String>naturalOrder());
    sorted.addAll(values);
    List<String> out = new ArrayList<>();
    out.add(Categorify.NA);
    out.addAll(sorted);
    return out;
  }

  // ---- encoding ------------------------------------------------------------------------------

  /** Codes and values of some rows, row-major. */
  record Encoded(int rows, long[] cats, float[] conts) {}

  /** Looks a cell up by column name; null for missing. */
  private interface Cells {
    String get(String col);
  }

  /** Encodes every row of {@code t}; fails naming the line of a row that cannot be encoded. */
  Encoded encodeTable(Table t) {
    for (String c : requiredColumns()) {
      t.column(c);
    }
    int n = t.rowCount();
    long[] cats = new long[n * catNames.size()];
    float[] conts = new float[n * contNames.size()];
    for (int r = 0; r < n; r++) {
      int row = r;
      encodeRow(col -> t.get(row, col), "line " + t.line(r) + " of " + t.source(), cats, conts, r);
    }
    return new Encoded(n, cats, conts);
  }

  @Override
  public List<TensorData> encode(List<?> items) {
    checkArgument(!items.isEmpty(), "nothing to encode");
    int n = items.size();
    long[] cats = new long[n * catNames.size()];
    float[] conts = new float[n * contNames.size()];
    for (int r = 0; r < n; r++) {
      Object item = items.get(r);
      encodeRow(cells(item), describe(item), cats, conts, r);
    }
    return tensors(new Encoded(n, cats, conts));
  }

  /** The model inputs of encoded rows: {@code x_cat} and {@code x_cont}, each when it has columns. */
  List<TensorData> tensors(Encoded e) {
    List<TensorData> out = new ArrayList<>(2);
    if (!catNames.isEmpty()) {
      out.add(TensorData.ofLongs(e.cats(), e.rows(), catNames.size()));
    }
    if (!contNames.isEmpty()) {
      out.add(TensorData.ofFloats(e.conts(), e.rows(), contNames.size()));
    }
    return out;
  }

  /** The inputs the model takes, in order: {@code x_cat} (INT64) and {@code x_cont} (FLOAT32). */
  public List<InputSpec> inputSpecs() {
    List<InputSpec> out = new ArrayList<>(2);
    if (!catNames.isEmpty()) {
      out.add(new InputSpec("x_cat", new long[] {catNames.size()}, TensorData.DType.INT64));
    }
    if (!contNames.isEmpty()) {
      out.add(new InputSpec("x_cont", new long[] {contNames.size()}, TensorData.DType.FLOAT32));
    }
    return out;
  }

  private Cells cells(Object item) {
    if (item instanceof Map<?, ?> m) {
      return col -> {
        if (!m.containsKey(col)) {
          throw new IllegalArgumentException("the row has no column '" + col + "'; the model needs "
              + requiredColumns() + ", it has " + m.keySet());
        }
        Object v = m.get(col);
        if (v instanceof Double d && d.isNaN() || v instanceof Float f && f.isNaN()) {
          return null;
        }
        return Table.cell(v == null ? null : v.toString(), naValues);
      };
    }
    if (item instanceof CsvRow row) {
      return col -> {
        if (!row.columns().containsKey(col)) {
          throw new IllegalArgumentException("csv row " + row.line() + " has no column '" + col
              + "'; the model needs " + requiredColumns() + ", the file has " + row.columns().keySet());
        }
        return Table.cell(row.get(col), naValues);
      };
    }
    if (item instanceof String line) {
      return cells(Csv.parseLine(line, header, "the csv line '" + abbreviate(line) + "'", csv));
    }
    throw new IllegalArgumentException("cannot read a row from " + (item == null ? "null" : item.getClass().getName())
        + "; give a Map of column to value, a CsvRow or a csv line in the order " + header);
  }

  private void encodeRow(Cells cells, String where, long[] cats, float[] conts, int r) {
    int nc = catNames.size();
    for (int i = 0; i < nc; i++) {
      String c = catNames.get(i);
      String source = naSource.get(c);
      String binOf = binSource.get(c);
      String v;
      if (source != null) {
        v = cells.get(source) == null ? "True" : "False";
      } else if (binOf != null) {
        String x = cells.get(binOf);
        v = x == null || !Table.isNumber(x) ? null : Integer.toString(bin(binEdges.get(c), Double.parseDouble(x)));
      } else {
        v = cells.get(c);
      }
      Integer code = v == null ? null : classIndex.get(i).get(v);
      cats[r * nc + i] = code == null ? 0 : code;
    }
    int k = contNames.size();
    for (int j = 0; j < k; j++) {
      String c = contNames.get(j);
      String v = cells.get(c);
      double x;
      if (v == null) {
        if (Double.isNaN(fills[j])) {
          throw new IllegalArgumentException("continuous column '" + c + "' is missing in " + where + " but had "
              + "no missing value in the training rows, so FillMissing has no fill value for it (fastai refuses it "
              + "too); give the row a value" + (means == null ? "" : " (the training mean is " + means[j] + ")"));
        }
        x = fills[j];
      } else if (Table.isNumber(v)) {
        x = Double.parseDouble(v);
      } else {
        throw new IllegalArgumentException("continuous column '" + c + "' is '" + v + "' in " + where
            + ", not a number; give a number, or a missing value (" + abbreviate(new TreeSet<>(naValues).toString())
            + ")");
      }
      conts[r * k + j] = (float) (means == null ? x : (x - means[j]) / stds[j]);
    }
  }

  /** The columns a row must have: the categorical ones named (not the added {@code _na}) and the continuous ones. */
  public List<String> requiredColumns() {
    Set<String> out = new LinkedHashSet<>();
    for (String c : catNames) {
      out.add(naSource.getOrDefault(c, binSource.getOrDefault(c, c)));
    }
    out.addAll(contNames);
    return List.copyOf(out);
  }

  @Override
  public String describe(Object item) {
    if (item instanceof CsvRow r) {
      return "csv row " + r.line();
    }
    return InputRecipe.super.describe(item);
  }

  private static String abbreviate(String s) {
    return s.length() > 60 ? s.substring(0, 57) + "..." : s;
  }

  // ---- accessors -----------------------------------------------------------------------------

  @Override
  public String kind() {
    return KIND;
  }

  /** The columns of the training table, in file order: the cells of a CSV line to predict. */
  public List<String> header() {
    return header;
  }

  /**
   * fastai's {@code y_names}: the target columns, or an empty list when the recipe was fitted
   * without them (a {@link TabularBlock}, whose target is the DataBlock's {@code getY}).
   */
  public List<String> yNames() {
    return yNames;
  }

  /** fastai's {@code cat_names} after the procs: the named ones, then the {@code <col>_na} columns. */
  public List<String> catNames() {
    return catNames;
  }

  /** fastai's {@code cont_names}. */
  public List<String> contNames() {
    return contNames;
  }

  /** Categorify's classes of categorical column {@code i}, {@code #na#} first (fastai's {@code to.classes}). */
  public List<String> classes(int i) {
    return classes.get(i);
  }

  /** The number of classes of each categorical column ({@code #na#} included). */
  public int[] cardinalities() {
    return classes.stream().mapToInt(List::size).toArray();
  }

  /** FillMissing's fill value of each continuous column that had missing training values. */
  public Map<String, Double> fillValues() {
    Map<String, Double> out = new LinkedHashMap<>();
    for (int j = 0; j < contNames.size(); j++) {
      if (!Double.isNaN(fills[j])) {
        out.put(contNames.get(j), fills[j]);
      }
    }
    return out;
  }

  /** Normalize's training mean of each continuous column, or null without Normalize. */
  public double[] means() {
    return means == null ? null : means.clone();
  }

  /** Normalize's training standard deviation (+1e-7) of each continuous column, or null without Normalize. */
  public double[] stds() {
    return stds == null ? null : stds.clone();
  }

  /** The decoded value of continuous column {@code j} from its normalized value. */
  double decodeCont(int j, float v) {
    return means == null ? v : v * stds[j] + means[j];
  }

  // ---- metadata ------------------------------------------------------------------------------

  @Override
  public Map<String, String> toMetadata() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("version", Integer.toString(VERSION));
    list(m, "header", header);
    list(m, "na", new ArrayList<>(new TreeSet<>(naValues)));
    m.put("delimiter", Character.toString(csv.delimiter()));
    m.put("trim", Boolean.toString(csv.trim()));
    list(m, "y", yNames);
    m.put("cat.size", Integer.toString(catNames.size()));
    for (int i = 0; i < catNames.size(); i++) {
      m.put("cat." + i + ".name", catNames.get(i));
      if (naSource.containsKey(catNames.get(i))) {
        m.put("cat." + i + ".na_of", naSource.get(catNames.get(i)));
      }
      if (binSource.containsKey(catNames.get(i))) {
        m.put("cat." + i + ".bin_of", binSource.get(catNames.get(i)));
        double[] e = binEdges.get(catNames.get(i));
        List<String> edges = new ArrayList<>();
        for (double d : e) {
          edges.add(Double.toString(d));
        }
        list(m, "cat." + i + ".edge", edges);
      }
      list(m, "cat." + i + ".class", classes.get(i));
    }
    m.put("cont.size", Integer.toString(contNames.size()));
    m.put("normalize", Boolean.toString(means != null));
    for (int j = 0; j < contNames.size(); j++) {
      m.put("cont." + j + ".name", contNames.get(j));
      if (!Double.isNaN(fills[j])) {
        m.put("cont." + j + ".fill", Double.toString(fills[j]));
      }
      if (means != null) {
        m.put("cont." + j + ".mean", Double.toString(means[j]));
        m.put("cont." + j + ".std", Double.toString(stds[j]));
      }
    }
    return m;
  }

  private static void list(Map<String, String> m, String key, List<String> values) {
    m.put(key + ".size", Integer.toString(values.size()));
    for (int i = 0; i < values.size(); i++) {
      m.put(key + "." + i, values.get(i));
    }
  }

  private static List<String> list(Map<String, String> m, String key) {
    int n = Integer.parseInt(need(m, key + ".size"));
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(need(m, key + "." + i));
    }
    return out;
  }

  private static String need(Map<String, String> m, String key) {
    String v = m.get(key);
    checkArgument(v != null, "the tabular recipe of this export has no '%s'; the file is damaged or was not written "
        + "by fastj", key);
    return v;
  }

  /** The recipe {@link #toMetadata()} described. */
  public static TabularRecipe fromMetadata(Map<String, String> m) {
    checkArgument(Integer.toString(VERSION).equals(m.get("version")), "this export's tabular recipe is version %s; "
        + "this fastj reads version %s", m.get("version"), VERSION);
    List<String> cats = new ArrayList<>();
    Map<String, String> naSource = new LinkedHashMap<>();
    Map<String, String> binSource = new LinkedHashMap<>();
    Map<String, double[]> binEdges = new LinkedHashMap<>();
    List<List<String>> classes = new ArrayList<>();
    int nc = Integer.parseInt(need(m, "cat.size"));
    for (int i = 0; i < nc; i++) {
      String name = need(m, "cat." + i + ".name");
      cats.add(name);
      if (m.containsKey("cat." + i + ".na_of")) {
        naSource.put(name, m.get("cat." + i + ".na_of"));
      }
      if (m.containsKey("cat." + i + ".bin_of")) {
        binSource.put(name, m.get("cat." + i + ".bin_of"));
        binEdges.put(name, list(m, "cat." + i + ".edge").stream().mapToDouble(Double::parseDouble).toArray());
      }
      classes.add(list(m, "cat." + i + ".class"));
    }
    int k = Integer.parseInt(need(m, "cont.size"));
    boolean normalize = Boolean.parseBoolean(need(m, "normalize"));
    List<String> conts = new ArrayList<>();
    double[] fills = new double[k];
    double[] means = normalize ? new double[k] : null;
    double[] stds = normalize ? new double[k] : null;
    for (int j = 0; j < k; j++) {
      conts.add(need(m, "cont." + j + ".name"));
      fills[j] = m.containsKey("cont." + j + ".fill") ? Double.parseDouble(m.get("cont." + j + ".fill")) : Double.NaN;
      if (normalize) {
        means[j] = Double.parseDouble(need(m, "cont." + j + ".mean"));
        stds[j] = Double.parseDouble(need(m, "cont." + j + ".std"));
      }
    }
    Csv.Options csv = Csv.Options.defaults().withDelimiter(need(m, "delimiter").charAt(0))
        .withTrim(Boolean.parseBoolean(need(m, "trim")));
    return new TabularRecipe(list(m, "header"), csv, new LinkedHashSet<>(list(m, "na")), cats, naSource, binSource,
        binEdges, classes, conts, fills, means, stds, m.containsKey("y.size") ? list(m, "y") : List.of());
  }

  /** Reads tabular recipes back from exports (registered as a service). */
  public static final class Reader implements InputRecipe.Reader {

    /** The reader {@link java.util.ServiceLoader} makes. */
    public Reader() {}

    @Override
    public String kind() {
      return KIND;
    }

    @Override
    public InputRecipe read(Map<String, String> metadata) {
      return fromMetadata(metadata);
    }
  }
}
