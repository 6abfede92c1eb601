package dev.fastj.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The program of docs/spark.md: classifies every image under a folder (or any path Spark reads:
 * {@code hdfs://}, {@code s3a://}) with an exported model and writes one Parquet row per image.
 *
 * <pre>
 * spark-submit --class dev.fastj.spark.ScoreFolder --files fashion.fastj ... app.jar \
 *     fashion.fastj hdfs:///photos hdfs:///scored
 * </pre>
 *
 * <p>Without spark-submit (local mode, for a try on one machine) it sets the master to
 * {@code local[*]}.
 */
public final class ScoreFolder {

  private ScoreFolder() {}

  /** {@code MODEL IMAGES OUT}: the model path or shipped file name, the images, the Parquet output. */
  public static void main(String[] args) throws java.io.IOException {
    if (args.length != 3) {
      System.err.println("usage: ScoreFolder MODEL IMAGES OUT   (MODEL: a path on every node, or the file name "
          + "given to spark-submit --files)");
      System.exit(2);
    }
    SparkSession.Builder builder = SparkSession.builder().appName("fastj-score-folder");
    if (System.getProperty("spark.master") == null) {
      builder.master("local[*]");
    }
    try (SparkSession spark = builder.getOrCreate()) {
      Dataset<Row> images = spark.read().format("binaryFile")
          .option("recursiveFileLookup", "true")
          .option("pathGlobFilter", "*.{png,jpg,jpeg,bmp,gif,webp}")
          .load(args[1]);
      Dataset<Row> scored = new ImageClassifier().setModelPath(args[0]).setInputCol("content")
          .setOutputCol("prediction").setBatchSize(64).transform(images)
          .select("path", "prediction.label", "prediction.probability", "prediction_error");
      scored.write().mode("overwrite").parquet(args[2]);
      Dataset<Row> written = spark.read().parquet(args[2]);
      written.groupBy("label").count().orderBy("label").show(50, false);
      written.filter("prediction_error IS NOT NULL").show(20, false);
    }
  }
}
