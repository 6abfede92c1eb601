package dev.fastj.samples.lessons;

import dev.fastj.data.CategoryBlock;
import dev.fastj.interpret.ClassificationInterpretation;
import dev.fastj.learner.Learner;
import dev.fastj.learner.Prediction;
import dev.fastj.learner.Preds;
import dev.fastj.metrics.Metrics;
import dev.fastj.tabular.ContCatSplit;
import dev.fastj.tabular.Table;
import dev.fastj.tabular.TabularDataLoaders;
import dev.fastj.tabular.TabularDatasets;
import dev.fastj.tabular.TabularLearner;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * fastai's tabular tutorial ({@code tutorial.tabular}) in Java, on the bundled Titanic: read the
 * CSV, let {@code cont_cat_split} pick the columns, {@code TabularDataLoaders.from_csv} with
 * Categorify, FillMissing and Normalize, {@code show_batch}, {@code tabular_learner} with accuracy,
 * {@code fit_one_cycle}, the confusion matrix, {@code predict} on one row, export, and
 * {@code get_preds} on a new table with the loaded model. Run with
 * {@code java -cp samples/target/fastj-samples.jar:samples/target/lib/*
 * dev.fastj.samples.lessons.TabularTutorial [OUT_DIR]}.
 */
public final class TabularTutorial {

  private TabularTutorial() {}

  public static void main(String[] args) {
    Path out = Path.of(args.length > 0 ? args[0] : "tabular-out");
    Path csv = TabularDatasets.titanic();
    Table df = Table.read(csv);
    // the target, the validation marker, and columns that name a passenger or tell the outcome
    List<String> notInputs = List.of("survived", "is_valid", "name", "ticket", "cabin", "boat", "body", "home.dest");
    ContCatSplit cols = ContCatSplit.of(df, 20, notInputs);
    System.out.println("cont_names " + cols.contNames() + ", cat_names " + cols.catNames());

    // survived is 0 or 1: numbers, so fastai would regress; say it is a class
    TabularDataLoaders dls = TabularDataLoaders.fromTable(df, List.of("survived"), cols.catNames(), cols.contNames(),
        TabularDataLoaders.defaultProcs(), TabularDataLoaders.colSplitter("is_valid"), 64,
        TabularDataLoaders.Options.defaults().withYBlock(CategoryBlock.create()));
    dls.showBatch();

    Path model = out.resolve("titanic.fastj");
    try (Learner learn = TabularLearner.create(dls, Metrics.accuracy())) {
      learn.fitOneCycle(5, 1e-2);
      ClassificationInterpretation interp = ClassificationInterpretation.from(learn);
      System.out.println("most confused: " + interp.mostConfused());
      System.out.print(interp.classificationReport());

      Map<String, Object> passenger = new HashMap<>();
      passenger.put("pclass", 1);
      passenger.put("sex", "female");
      passenger.put("age", 29);
      passenger.put("sibsp", 0);
      passenger.put("parch", 0);
      passenger.put("fare", 211.34);
      passenger.put("embarked", "S");
      Prediction p = learn.predictItem(passenger);
      System.out.println("a first-class woman of 29: survived " + p.label() + " " + p.probabilitiesByClass());
      learn.export(model);
      System.out.println("exported " + model);
    }

    try (Learner inf = Learner.load(model)) {
      Preds preds = inf.getPreds(inf.testDl(dev.fastj.data.Csv.rows(csv).subList(0, 5)));
      for (int i = 0; i < preds.size(); i++) {
        System.out.printf("row %d: P(survived) = %.3f%n", i + 1, preds.probabilities()[i][1]);
      }
      // a CSV line in the file's column order
      System.out.println(inf.predictItem("3,0,\"Smith, Mr. John\",male,40,0,0,A/5 21171,7.25,,S,,,,0"));
    }
  }
}
