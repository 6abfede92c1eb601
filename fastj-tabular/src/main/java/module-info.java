/**
 * fastj's tabular data: reading tables, the procs (Categorify, FillMissing, Normalize),
 * TabularBlock, the tabular model with entity embeddings and its learner. Every package is
 * exported.
 *
 * <p>Its models train on a backend: an application also requires {@code dev.fastj.onnx.train}.
 *
 * @provides dev.fastj.spi.InputRecipe.Reader reads the tabular recipe of an exported tabular model
 */
module dev.fastj.tabular {
  requires transitive dev.fastj.api;
  requires com.google.common;

  exports dev.fastj.tabular;

  // also in META-INF/services, for the class path
  provides dev.fastj.spi.InputRecipe.Reader with dev.fastj.tabular.TabularRecipe.Reader;
}
