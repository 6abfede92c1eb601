package dev.fastj.samples.cli;

import dev.fastj.data.CategoryBlock;
import dev.fastj.data.CsvRow;
import dev.fastj.data.RegressionBlock;
import dev.fastj.data.Splitter;
import dev.fastj.data.Splitters;
import dev.fastj.learner.Learner;
import dev.fastj.metrics.Metric;
import dev.fastj.metrics.Metrics;
import dev.fastj.samples.web.Json;
import dev.fastj.tabular.ColumnType;
import dev.fastj.tabular.ContCatSplit;
import dev.fastj.tabular.QuantileBins;
import dev.fastj.tabular.Table;
import dev.fastj.tabular.TabularConfig;
import dev.fastj.tabular.TabularDataLoaders;
import dev.fastj.tabular.TabularLearner;
import dev.fastj.tabular.TabularProc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./fastj train-tabular}: a CSV to an exported tabular model, no code. fastai's
 * {@code TabularDataLoaders.from_csv} with Categorify, FillMissing and Normalize, then
 * {@code tabular_learner} (layers [200, 100]) and {@code fit_one_cycle}.
 */
@Command(name = "train-tabular", sortOptions = false,
    description = {"trains fastai's tabular learner (entity embeddings, layers 200 and 100) on a CSV with a header; "
        + "without --cat and --cont the other columns are split as fastai's cont_cat_split does (floats and integers "
        + "of more than 20 values continuous, the rest categorical); the target is a class unless it is numeric "
        + "with more than 20 values (then regression; --classification or --regression to choose)"})
final class TrainTabularCommand implements Runnable {

  @Option(names = "--csv", paramLabel = "FILE", required = true, description = "the table, with a header line")
  Path csv;

  @Option(names = "--target", paramLabel = "COL", required = true, description = "the column to predict")
  String target;

  @Option(names = "--cat", paramLabel = "a,b", split = ",", description = "categorical columns")
  List<String> cat;

  @Option(names = "--cont", paramLabel = "c,d", split = ",", description = "continuous columns")
  List<String> cont;

  @Option(names = "--valid-col", paramLabel = "COL",
      description = "rows whose column COL is true or 1 are the validation set (fastai's ColSplitter)")
  String validCol;

  @Option(names = "--valid-pct", paramLabel = "P", description = "random validation fraction (default: 0.2)")
  Double validPct;

  @Option(names = "--classification", description = "predict the target as a class")
  boolean classification;

  @Option(names = "--regression", description = "predict the target as a number (mean squared error)")
  boolean regression;

  @Option(names = "--epochs", paramLabel = "N", defaultValue = "5", description = "epochs (default: ${DEFAULT-VALUE})")
  int epochs;

  @Option(names = "--lr", paramLabel = "X", defaultValue = "1e-2",
      description = "fit_one_cycle's maximum learning rate (default: ${DEFAULT-VALUE})")
  double lr;

  @Option(names = "--lr-find", description = "train at lr_find's suggested rate instead of --lr")
  boolean lrFind;

  @Option(names = "--bs", paramLabel = "N", defaultValue = "64", description = "batch size (default: ${DEFAULT-VALUE})")
  int bs;

  @Option(names = "--bins", paramLabel = "N", defaultValue = "10",
      description = "also embed each continuous column's quantile bin among N (QuantileBins, not fastai's; default: "
          + "${DEFAULT-VALUE}, which beat fastai's procs alone on all three tables of bench/tabular/compare.py; 0: off)")
  int bins;

  @Option(names = "--layers", paramLabel = "a,b", split = ",", description = "sizes of the hidden layers "
      + "(default: 200,100, fastai's)")
  List<Integer> layers;

  @Option(names = "--ps", paramLabel = "P", defaultValue = "0", description = "dropout after each hidden layer "
      + "(fastai's ps; default: ${DEFAULT-VALUE})")
  double ps;

  @Option(names = "--embed-p", paramLabel = "P", defaultValue = "0", description = "dropout of the embeddings "
      + "(fastai's embed_p; default: ${DEFAULT-VALUE})")
  double embedP;

  @Option(names = "--wd", paramLabel = "X", defaultValue = "0.01", description = "Adam's decoupled weight decay "
      + "(default: ${DEFAULT-VALUE}, fastai's)")
  double wd;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
      description = "seed of the split, the shuffle and the initial weights (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--out", paramLabel = "MODEL", required = true, description = "the file the exported model goes to")
  Path out;

  @Option(names = "--json", description = "print the results as one JSON object last")
  boolean json;

  @Override
  public void run() {
    if (!Files.isRegularFile(csv)) {
      throw new CliException("train-tabular: no csv file at " + csv);
    }
    if (validCol != null && validPct != null) {
      throw new CliException("train-tabular: give --valid-col or --valid-pct, not both");
    }
    if (classification && regression) {
      throw new CliException("train-tabular: give --classification or --regression, not both");
    }
    if (bins == 1 || bins < 0) {
      throw new CliException("train-tabular: --bins must be 0 (off) or at least 2, got " + bins);
    }
    if (epochs < 1 || bs < 1 || !(lr > 0)) {
      throw new CliException("train-tabular: --epochs, --bs and --lr must be positive, got " + epochs + ", " + bs
          + ", " + lr);
    }
    if (!(ps >= 0 && ps < 1) || !(embedP >= 0 && embedP < 1) || !(wd >= 0)) {
      throw new CliException("train-tabular: --ps and --embed-p must be in [0, 1) and --wd 0 or more, got " + ps
          + ", " + embedP + ", " + wd);
    }
    if (layers != null && (layers.isEmpty() || layers.stream().anyMatch(n -> n == null || n < 1))) {
      throw new CliException("train-tabular: --layers must be positive sizes such as 200,100, got " + layers);
    }
    double pct = validPct == null ? 0.2 : validPct;
    if (!(pct >= 0 && pct < 1)) {
      throw new CliException("train-tabular: --valid-pct must be in [0, 1), got " + pct);
    }
    Table table = Table.read(csv);
    if (!table.has(target)) {
      throw new CliException("train-tabular: --target " + target + " is not a column of " + csv + "; its columns are "
          + table.names());
    }
    if (validCol != null && !table.has(validCol)) {
      throw new CliException("train-tabular: --valid-col " + validCol + " is not a column of " + csv
          + "; its columns are " + table.names());
    }
    List<String> leftOut = new ArrayList<>(List.of(target));
    if (validCol != null) {
      leftOut.add(validCol);
    }
    List<String> cats = cat;
    List<String> conts = cont;
    if (cats == null || conts == null) {
      List<String> named = new ArrayList<>(leftOut);
      named.addAll(cats == null ? List.of() : cats);
      named.addAll(conts == null ? List.of() : conts);
      ContCatSplit s = ContCatSplit.of(table, new HashSet<>(named));
      cats = cats != null ? cats : s.catNames();
      conts = conts != null ? conts : s.contNames();
    }
    boolean isRegression = regression || (!classification && manyNumbers(table));
    Splitter<? super CsvRow> splitter = validCol != null ? Splitters.byColumn(validCol) : Splitters.random(pct, seed);
    List<TabularProc> procs = new ArrayList<>(TabularDataLoaders.defaultProcs());
    if (bins > 0) {
      procs.add(QuantileBins.create(bins));
    }
    TabularDataLoaders dls = TabularDataLoaders.fromTable(table, List.of(target), cats, conts, procs, splitter, bs,
        TabularDataLoaders.Options.defaults().withSeed(seed)
            .withYBlock(isRegression ? RegressionBlock.create() : CategoryBlock.create()));
    Metric metric = isRegression ? Metrics.rmse() : Metrics.accuracy();
    TabularConfig config = TabularConfig.defaults();
    if (layers != null) {
      config = config.withLayers(layers.toArray(Integer[]::new));
    }
    if (ps > 0) {
      config = config.withPs(ps);
    }
    config = config.withEmbedP(embedP);
    try (Learner learn = TabularLearner.builder(dls, config).metrics(metric).wd(wd).seed(seed).build()) {
      System.out.printf("training a tabular %s of '%s' on %d rows, validating on %d%n  categorical %s%n"
          + "  continuous %s%n", isRegression ? "regression" : "classifier (" + dls.vocab().size() + " classes)",
          target, dls.train().itemCount(), dls.valid().itemCount(), dls.catNames(), dls.contNames());
      if (lrFind) {
        learn.fitOneCycle(epochs);
      } else {
        learn.fitOneCycle(epochs, lr);
      }
      learn.export(out);
      System.out.println("exported the model to " + out);
      if (json) {
        Map<String, Object> res = Results.training(learn.recorder());
        Map<String, Object> metrics = new java.util.LinkedHashMap<>();
        double[] v = learn.validate();
        metrics.put("valid_loss", v[0]);
        metrics.put(isRegression ? "rmse" : "accuracy", v[1]);
        res.put("metrics", metrics);
        res.put("model", out.toString());
        res.put("target", target);
        res.put("kind", isRegression ? "regression" : "classification");
        res.put("vocab", dls.vocab());
        res.put("cat_names", dls.catNames());
        res.put("cont_names", dls.contNames());
        System.out.println(Json.write(res));
      }
    }
  }

  /** fastai's cont_cat_split rule on the target: a float column, or integers of more than 20 values. */
  private boolean manyNumbers(Table t) {
    ColumnType type = t.type(target);
    if (type == ColumnType.FLOAT) {
      return true;
    }
    if (type != ColumnType.INTEGER) {
      return false;
    }
    return ContCatSplit.of(t, t.names().stream().filter(n -> !n.equals(target)).toList()).contNames()
        .contains(target);
  }
}
