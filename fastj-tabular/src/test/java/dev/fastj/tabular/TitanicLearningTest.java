package dev.fastj.tabular;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fastj.data.CategoryBlock;
import dev.fastj.data.Csv;
import dev.fastj.data.CsvRow;
import dev.fastj.interpret.ClassificationInterpretation;
import dev.fastj.learner.ExportInfo;
import dev.fastj.learner.Learner;
import dev.fastj.learner.Prediction;
import dev.fastj.learner.Preds;
import dev.fastj.metrics.Metrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * fastai's tabular tutorial on the bundled Titanic: the columns the scikit-learn anchors
 * use (name, ticket, cabin, boat, body and home.dest dropped), the is_valid split (scikit-learn's
 * train_test_split(random_state=42)), fastai's procs with the quantile bins of the continuous
 * columns (QuantileBins.create(10)) and tabular_learner defaults, 5 epochs of fit_one_cycle at 1e-2:
 * what ./fastj train-tabular runs by default. Seeded: the same run every time.
 */
class TitanicLearningTest {

  private static final List<String> CATS = List.of("pclass", "sex", "sibsp", "parch", "embarked");
  private static final List<String> CONTS = List.of("age", "fare");
  private static TabularDataLoaders dls;
  private static Learner learn;

  @BeforeAll
  static void train() {
    List<TabularProc> procs = new ArrayList<>(TabularDataLoaders.defaultProcs());
    procs.add(QuantileBins.create(10));
    dls = TabularDataLoaders.fromCsv(TabularDatasets.titanic(), List.of("survived"), CATS, CONTS,
        procs, TabularDataLoaders.colSplitter("is_valid"), 64,
        TabularDataLoaders.Options.defaults().withYBlock(CategoryBlock.create()));
    learn = TabularLearner.builder(dls, TabularConfig.defaults()).metrics(Metrics.accuracy()).progress(null).build();
    learn.fitOneCycle(5, 1e-2);
  }

  @AfterAll
  static void close() {
    learn.close();
  }

  @Test
  void reachesARealAccuracy() {
    double acc = learn.validate()[1];
    // measured 0.7672 (201 of 262; without the bins 0.7710 on this seed, but over seeds 0 to 4 of
    // compare.py 0.7740 with them against 0.7595 without); the bar is 4 rows below. The majority
    // class is 0.618, logistic regression on one-hot features 0.7710, scikit-learn's 200-100 MLP
    // 0.7718, HistGradientBoosting 0.7977 to 0.8015 (bench/tabular/compare.py)
    assertThat(acc).isGreaterThan(0.75);
  }

  @Test
  void predictItem_takesAMapOrACsvLine_andAgreesWithGetPreds() {
    Table t = dls.table();
    CsvRow first = dls.valid().item(0) instanceof CsvRow r ? r : null;
    assertThat(first).isNotNull();
    Map<String, Object> row = new HashMap<>();
    for (String c : t.names()) {
      row.put(c, first.get(c));
    }
    Prediction fromMap = learn.predictItem(row);
    Prediction fromLine = learn.predictItem(String.join(",", first.values().stream()
        .map(v -> v.contains(",") ? "\"" + v + "\"" : v).toList()));
    float[] fromPreds = learn.getPreds().probabilities()[0];
    assertThat(fromMap.probabilities()).containsExactly(fromLine.probabilities());
    assertThat(fromMap.probabilities()[1]).isCloseTo(fromPreds[1], within(1e-5f));
    assertThat(fromMap.classes()).containsExactly("0", "1");
    assertThat(fromMap.probabilitiesByClass()).containsOnlyKeys("0", "1");
    // an unseen port and a missing age are fastai's #na# and the training median
    row.put("embarked", "Z");
    row.put("age", null);
    assertThat(learn.predictItem(row).probabilities()).hasSize(2);
  }

  @Test
  void interpretation_confusionMatrixOfTheValidationRows() {
    ClassificationInterpretation interp = ClassificationInterpretation.from(learn);
    int[][] cm = interp.confusionMatrix();
    assertThat(cm[0][0] + cm[0][1] + cm[1][0] + cm[1][1]).isEqualTo(262);
    assertThat((cm[0][0] + cm[1][1]) / 262.0).isCloseTo(learn.validate()[1], within(1e-9));
    assertThat(interp.mostConfused()).isNotEmpty();
    assertThat(interp.topLosses(3)).hasSize(3);
  }

  @Test
  void exportThenLoadInAnotherProcess_givesTheSamePredictionsOnANewCsv(@TempDir Path dir) throws Exception {
    Path model = dir.resolve("titanic.fastj");
    learn.export(model);
    List<String> lines = Files.readAllLines(TabularDatasets.titanic());
    Path csv = dir.resolve("new.csv");
    Files.write(csv, List.of(lines.get(0), lines.get(5), lines.get(700), lines.get(1200),
        "3,0,\"X, Mr. Y\",male,,0,0,1,?,,Q,,,,1"));
    Preds here = learn.getPreds(learn.testDl(Csv.rows(csv)));
    List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), PredictRowsInFreshJvm.class.getName(), model.toString(),
        csv.toString());
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    List<String> out = new ArrayList<>(new String(p.getInputStream().readAllBytes()).strip().lines().toList());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    assertThat(out).hasSize(4);
    for (int i = 0; i < out.size(); i++) {
      String[] v = out.get(i).split(" ");
      assertThat(Float.parseFloat(v[1])).as("row %s", i).isCloseTo(here.probabilities()[i][1], within(1e-5f));
    }
    ExportInfo info = ExportInfo.read(model);
    assertThat(info.inputKind()).isEqualTo(TabularRecipe.KIND);
    assertThat(info.isClassifier()).isTrue();
    TabularRecipe recipe = (TabularRecipe) info.inputRecipe();
    assertThat(recipe.yNames()).containsExactly("survived");
    assertThat(recipe.requiredColumns()).containsExactlyElementsOf(
        java.util.stream.Stream.concat(CATS.stream(), CONTS.stream()).toList());
    try (Learner loaded = Learner.load(model)) {
      assertThat(loaded.vocab()).containsExactly("0", "1");
      assertThat(loaded.predictItem(lines.get(5)).probabilities()[1]).isCloseTo(here.probabilities()[0][1],
          within(1e-5f));
      List<Prediction> batch = loaded.predictBatch(List.of(lines.get(5), lines.get(700)));
      assertThat(batch.get(1).probabilities()[1]).isCloseTo(here.probabilities()[1][1], within(1e-5f));
    }
  }
}
