/**
 * Batch scoring on Apache Spark with models exported by fastj: {@link dev.fastj.spark.ImageClassifier},
 * a Spark ML Transformer over a column of image paths or bytes. Spark is a provided dependency: the
 * cluster brings it, this module brings fastj and ONNX Runtime.
 */
package dev.fastj.spark;
