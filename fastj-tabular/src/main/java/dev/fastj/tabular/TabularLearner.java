package dev.fastj.tabular;

import static com.google.common.base.Preconditions.checkArgument;

import dev.fastj.data.DataLoaders;
import dev.fastj.learner.Learner;
import dev.fastj.learner.LearnerBuilder;
import dev.fastj.metrics.Metric;

/**
 * fastai's {@code tabular_learner(dls, layers=[200, 100], metrics=...)}: a {@link TabularModel}
 * sized from the data loaders (an embedding per categorical column, sized by
 * {@link TabularModel#embSzRule}, the continuous columns, one output per class or target) in a
 * {@link Learner} with fastai's defaults (Adam, cross-entropy for classes, mean squared error for
 * numbers).
 *
 * <pre>{@code
 * try (Learner learn = TabularLearner.create(dls, Metrics.accuracy())) {
 *   learn.fitOneCycle(5, 1e-2);
 *   Prediction p = learn.predictItem(Map.of("age", 49, "workclass", "Private", ...));
 *   learn.export(Path.of("adult.fastj"));
 * }
 * Learner.load(Path.of("adult.fastj")).predictItem("49,Private,...");   // a csv line
 * }</pre>
 */
public final class TabularLearner {

  private TabularLearner() {}

  /** fastai's {@code tabular_learner(dls, metrics=...)} with its defaults. */
  public static Learner create(DataLoaders dls, Metric... metrics) {
    return create(dls, TabularConfig.defaults(), metrics);
  }

  /** fastai's {@code tabular_learner(dls, layers, config=..., y_range, metrics=...)}. */
  public static Learner create(DataLoaders dls, TabularConfig config, Metric... metrics) {
    return builder(dls, config).metrics(metrics).build();
  }

  /**
   * A Learner builder over the tabular model of {@code dls}, for the Learner's own settings
   * ({@code lr}, {@code wd}, callbacks, seed...).
   */
  public static LearnerBuilder builder(DataLoaders dls, TabularConfig config) {
    return Learner.builder(dls, model(dls, config));
  }

  /** The {@link TabularModel} {@code tabular_learner} builds for {@code dls}. */
  public static TabularModel model(DataLoaders dls, TabularConfig config) {
    checkArgument(dls.inputRecipe() instanceof TabularRecipe, "TabularLearner needs tabular data loaders "
        + "(TabularDataLoaders.fromCsv), got %s", dls.getClass().getSimpleName());
    TabularRecipe recipe = (TabularRecipe) dls.inputRecipe();
    return new TabularModel(TabularModel.embSzs(recipe, config.embSzs()), recipe.contNames().size(),
        dls.outputCount(), config);
  }
}
