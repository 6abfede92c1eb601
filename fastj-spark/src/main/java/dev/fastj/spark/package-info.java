/**
 * Batch scoring on Apache Spark with models exported by fastj, as Spark ML Transformers:
 * {@link dev.fastj.spark.ImageClassifier} over a column of image paths or bytes,
 * {@link dev.fastj.spark.TabularPredictor} over the columns of a table, and
 * {@link dev.fastj.spark.TextClassifier} over a column of texts. All three share
 * {@link dev.fastj.spark.ModelTransformer}'s params and machinery (the model checked on the driver,
 * one session per executor JVM, rows batched within partitions, bad rows in an error column).
 * Spark is a provided dependency: the cluster brings it, this module brings fastj and ONNX Runtime.
 */
package dev.fastj.spark;
