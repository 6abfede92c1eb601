package dev.fastj.tabular;

/**
 * A preprocessing step of tabular data, fitted on the training rows and applied to every row
 * (fastai's {@code TabularProc}): {@link FillMissing}, {@link Categorify}, {@link Normalize}.
 * Whatever order they are listed in, they run in fastai's: FillMissing (order 0), then
 * Categorify (1), so that the {@code <col>_na} columns FillMissing adds are categorified too, then
 * Normalize (99). What they learn from the training rows is kept in the {@link TabularRecipe},
 * which exports carry.
 */
public sealed interface TabularProc permits Categorify, FillMissing, Normalize, QuantileBins {

  /** fastai's {@code order}: procs run from the lowest. */
  int order();
}
