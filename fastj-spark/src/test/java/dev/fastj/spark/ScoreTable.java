package dev.fastj.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The tabular program of docs/spark.md: predicts every row of CSV files with a header (a file, a
 * folder, or any path Spark reads: {@code hdfs://}, {@code s3a://}) with an exported tabular model
 * and writes the rows with their prediction as Parquet.
 *
 * <pre>
 * spark-submit --class dev.fastj.spark.ScoreTable --files titanic.fastj ... app.jar \
 *     titanic.fastj hdfs:///passengers hdfs:///scored
 * </pre>
 *
 * <p>Without spark-submit (local mode, for a try on one machine) it sets the master to
 * {@code local[*]}.
 */
public final class ScoreTable {

  private ScoreTable() {}

  /** {@code MODEL CSV OUT}: the model path or shipped file name, the table, the Parquet output. */
  public static void main(String[] args) throws java.io.IOException {
    if (args.length != 3) {
      System.err.println("usage: ScoreTable MODEL CSV OUT   (MODEL: a path on every node, or the file name given to "
          + "spark-submit --files)");
      System.exit(2);
    }
    SparkSession.Builder builder = SparkSession.builder().appName("fastj-score-table");
    if (System.getProperty("spark.master") == null) {
      builder.master("local[*]");
    }
    try (SparkSession spark = builder.getOrCreate()) {
      Dataset<Row> table = spark.read().option("header", true).csv(args[1]);
      new TabularPredictor().setModelPath(args[0]).setBatchSize(256).transform(table)
          .write().mode("overwrite").parquet(args[2]);
      Dataset<Row> written = spark.read().parquet(args[2]);
      written.groupBy("prediction.label").count().orderBy("label").show(50, false);
      written.filter("prediction_error IS NOT NULL").select("prediction_error").show(20, false);
    }
  }
}
