package dev.fastj.tabular;

import static com.google.common.base.Preconditions.checkArgument;

import dev.fastj.data.Block;
import dev.fastj.data.CsvRow;
import dev.fastj.data.DataLoader;
import dev.fastj.data.DataLoaders;
import dev.fastj.data.InputSpec;
import dev.fastj.data.Split;
import dev.fastj.data.Splitter;
import dev.fastj.data.Splitters;
import dev.fastj.nn.CrossEntropyLossFlat;
import dev.fastj.nn.Loss;
import dev.fastj.nn.MSELossFlat;
import dev.fastj.spi.InputRecipe;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * fastai's {@code TabularDataLoaders}: a table split into training and validation rows, the procs
 * fitted on the training rows ({@link TabularRecipe}), and loaders of batches of
 * {@code (x_cat INT64 [N, nCat], x_cont FLOAT32 [N, nCont])} with the targets (class indices, or
 * FLOAT32 [N, nY] for regression). The whole table is encoded once, as fastai processes its
 * DataFrame once; a batch is a gather of rows. Training batches are reshuffled every epoch
 * (seeded) and the last partial one is dropped; validation keeps every row in order.
 *
 * <pre>{@code
 * TabularDataLoaders dls = TabularDataLoaders.fromCsv(csv, List.of("salary"),
 *     List.of("workclass", "education"), List.of("age", "fnlwgt"),
 *     List.of(Categorify.create(), FillMissing.create(), Normalize.create()), Splitters.random(0.2, 42), 64);
 * dls.showBatch();
 * Learner learn = TabularLearner.create(dls, Metrics.accuracy());
 * }</pre>
 */
public final class TabularDataLoaders implements DataLoaders {

  /**
   * How the loaders are built besides the columns, procs, splitter and batch size.
   *
   * @param yBlock {@code CategoryBlock.create()} or {@code RegressionBlock.create()}; null (the
   *     default) picks as fastai does: regression when every target column is numeric
   * @param validBatchSize rows per validation batch; 0 (the default) for the training batch size
   * @param seed seed of the training shuffle
   * @param read how the CSV is read (missing values, delimiter)
   */
  public record Options(Block yBlock, int validBatchSize, long seed, Table.Options read) {

    /** Checks the values. */
    public Options {
      checkArgument(validBatchSize >= 0, "validBatchSize must be >= 0, got %s", validBatchSize);
      checkArgument(read != null, "read options are null; use Table.Options.defaults()");
    }

    /** fastai's defaults: the target block from the data, validation batches as training ones, seed 42. */
    public static Options defaults() {
      return new Options(null, 0, 42, Table.Options.defaults());
    }

    /** A copy with target block {@code b} (fastai's {@code y_block}). */
    public Options withYBlock(Block b) {
      return new Options(b, validBatchSize, seed, read);
    }

    /** A copy with validation batches of {@code bs} rows. */
    public Options withValidBatchSize(int bs) {
      return new Options(yBlock, bs, seed, read);
    }

    /** A copy with shuffle seed {@code s}. */
    public Options withSeed(long s) {
      return new Options(yBlock, validBatchSize, s, read);
    }

    /** A copy reading the CSV with {@code r}. */
    public Options withRead(Table.Options r) {
      return new Options(yBlock, validBatchSize, seed, r);
    }
  }

  private final Table table;
  private final TabularRecipe recipe;
  private final TabularTargets targets;
  private final TabDataLoader train;
  private final TabDataLoader valid;
  private final int bs;
  private final int validBs;

  private TabularDataLoaders(Table table, TabularRecipe recipe, TabularTargets targets, Split split, int bs,
      Options options) {
    this.table = table;
    this.recipe = recipe;
    this.targets = targets;
    this.bs = bs;
    this.validBs = options.validBatchSize() > 0 ? options.validBatchSize() : bs;
    this.train = new TabDataLoader(this, table.select(split.train()), bs, true, options.seed());
    this.valid = split.valid().length == 0 ? null
        : new TabDataLoader(this, table.select(split.valid()), validBs, false, options.seed());
  }

  /**
   * fastai's {@code TabularDataLoaders.from_csv(csv, y_names, cat_names, cont_names, procs,
   * splitter, bs)}.
   */
  public static TabularDataLoaders fromCsv(Path csv, List<String> yNames, List<String> catNames,
      List<String> contNames, List<? extends TabularProc> procs, Splitter<? super CsvRow> splitter, int bs) {
    return fromCsv(csv, yNames, catNames, contNames, procs, splitter, bs, Options.defaults());
  }

  /** {@code from_csv} with {@link Options}. */
  public static TabularDataLoaders fromCsv(Path csv, List<String> yNames, List<String> catNames,
      List<String> contNames, List<? extends TabularProc> procs, Splitter<? super CsvRow> splitter, int bs,
      Options options) {
    return fromTable(Table.read(csv, options.read()), yNames, catNames, contNames, procs, splitter, bs, options);
  }

  /** fastai's {@code from_df}: the same from a table already read. */
  public static TabularDataLoaders fromTable(Table table, List<String> yNames, List<String> catNames,
      List<String> contNames, List<? extends TabularProc> procs, Splitter<? super CsvRow> splitter, int bs,
      Options options) {
    checkArgument(bs > 0, "batch size must be positive, got %s", bs);
    checkArgument(splitter != null, "splitter is null; use Splitters.random(0.2, 42) or Splitters.byColumn(col)");
    checkColumns(table, yNames, catNames, contNames);
    Split split = splitter.split(table.rows()).checked(table.rowCount());
    checkArgument(split.train().length >= bs, "the training split has %s rows, fewer than the batch size %s; lower "
        + "the batch size or add rows", split.train().length, bs);
    Table train = table.select(split.train());
    TabularTargets targets = TabularTargets.fit(train, table, yNames, options.yBlock());
    TabularRecipe recipe = TabularRecipe.fit(train, table, catNames, contNames, procs).withYNames(yNames);
    return new TabularDataLoaders(table, recipe, targets, split, bs, options);
  }

  /** {@link #fromTable(Table, List, List, List, List, Splitter, int, Options)} with the defaults. */
  public static TabularDataLoaders fromTable(Table table, List<String> yNames, List<String> catNames,
      List<String> contNames, List<? extends TabularProc> procs, Splitter<? super CsvRow> splitter, int bs) {
    return fromTable(table, yNames, catNames, contNames, procs, splitter, bs, Options.defaults());
  }

  /** fastai's default procs: Categorify, FillMissing, Normalize (what its tutorials pass). */
  public static List<TabularProc> defaultProcs() {
    return List.of(Categorify.create(), FillMissing.create(), Normalize.create());
  }

  /** fastai's {@code ColSplitter}: rows whose column {@code col} is true or 1 are validation. */
  public static Splitter<CsvRow> colSplitter(String col) {
    return Splitters.byColumn(col);
  }

  private static void checkColumns(Table t, List<String> yNames, List<String> catNames, List<String> contNames) {
    Set<String> seen = new HashSet<>();
    for (List<String> names : List.of(yNames, catNames, contNames)) {
      for (String n : names) {
        checkArgument(t.has(n), "column '%s' is not in %s; its columns are %s", n, t.source(), t.names());
        checkArgument(seen.add(n), "column '%s' is named twice among yNames %s, catNames %s and contNames %s; "
            + "name each column once", n, yNames, catNames, contNames);
      }
    }
    checkArgument(!catNames.isEmpty() || !contNames.isEmpty(), "catNames and contNames are both empty; name the "
        + "input columns (ContCatSplit.of(table, yNames) picks them)");
  }

  // ---- DataLoaders ---------------------------------------------------------------------------

  @Override
  public DataLoader train() {
    return train;
  }

  @Override
  public DataLoader valid() {
    checkArgument(valid != null, "the splitter put no row in validation; there is no validation loader");
    return valid;
  }

  /** fastai's {@code test_dl}: rows ({@code Map}s, {@link CsvRow}s or CSV lines) to predict, in order. */
  @Override
  public DataLoader testDl(List<?> items) {
    checkArgument(!items.isEmpty(), "testDl needs at least one row");
    return new TabDataLoader(this, items, validBs);
  }

  /** {@link #testDl(List)} over the rows of a CSV file read with the training table's options. */
  public DataLoader testDl(Path csv) {
    return testDl(dev.fastj.data.Csv.rows(csv, table.options().csv()));
  }

  /** The shape of {@code x_cat} when there are categorical columns, else of {@code x_cont}. */
  @Override
  public long[] inputShape() {
    return recipe.inputSpecs().get(0).shape();
  }

  @Override
  public List<InputSpec> inputSpecs() {
    return recipe.inputSpecs();
  }

  @Override
  public InputRecipe inputRecipe() {
    return recipe;
  }

  /** The fitted procs. */
  public TabularRecipe recipe() {
    return recipe;
  }

  /** The table the loaders were built from. */
  public Table table() {
    return table;
  }

  /** fastai's {@code dls.cat_names} (with the {@code <col>_na} columns). */
  public List<String> catNames() {
    return recipe.catNames();
  }

  /** fastai's {@code dls.cont_names}. */
  public List<String> contNames() {
    return recipe.contNames();
  }

  /** fastai's {@code dls.y_names}. */
  public List<String> yNames() {
    return targets.names();
  }

  /** True when the target is numeric (regression), false for classification. */
  public boolean isRegression() {
    return targets.regression();
  }

  TabularTargets targets() {
    return targets;
  }

  @Override
  public int outputCount() {
    return targets.outputCount();
  }

  @Override
  public List<String> vocab() {
    return targets.vocab();
  }

  /** Cross-entropy for a categorical target, mean squared error for a numeric one (fastai's). */
  @Override
  public Loss defaultLoss() {
    return targets.regression() ? MSELossFlat.create() : CrossEntropyLossFlat.create();
  }

  /** The most probable class, or the predicted values ({@code [12.3400]}) for regression. */
  @Override
  public String decodePrediction(float[] activatedRow) {
    if (!targets.regression()) {
      int best = 0;
      for (int i = 1; i < activatedRow.length; i++) {
        if (activatedRow[i] > activatedRow[best]) {
          best = i;
        }
      }
      return targets.vocab().get(best);
    }
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < activatedRow.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.4f", activatedRow[i]));
    }
    return sb.append(']').toString();
  }

  /** fastai's {@code show_batch()}: 10 training rows, decoded, printed as a table. */
  public void showBatch() {
    showBatch(10, System.out);
  }

  /** fastai's {@code show_batch(max_n=n)} printed to {@code out}. */
  public void showBatch(int n, PrintStream out) {
    out.print(ShowTable.batch(this, train, n));
  }

  /** The decoded table {@link #showBatch()} prints. */
  public String showBatchText(int n) {
    return ShowTable.batch(this, train, n);
  }

  /** Refused: a tabular batch is printed as a table ({@link #showBatch()}), not drawn. */
  @Override
  public void showBatch(int n, Path png) {
    throw new UnsupportedOperationException("a tabular batch is a table, not images; print it with "
        + "dls.showBatch() or dls.showBatch(" + n + ", System.out)");
  }

  @Override
  public void close() {
    // nothing to stop: batches are gathered on the caller's thread
  }
}
