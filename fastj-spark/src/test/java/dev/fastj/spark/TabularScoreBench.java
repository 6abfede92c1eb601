package dev.fastj.spark;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Rows per second of {@link TabularPredictor} in local mode, for bench/spark/compare_tabular.py,
 * which runs it against {@code ./fastj predict MODEL --csv FILE} on the same table, each in its own
 * process.
 *
 * <p>{@code TabularScoreBench MODEL CSV MASTER BATCH OUT_TSV [THREADS]}: reads the table with Spark's
 * CSV source (header, every column a string, as {@code ./fastj predict} reads it; Spark splits the
 * file into one partition per core of the master), writes {@code label TAB probability} per row in
 * file order, and prints one JSON line: the seconds from JVM start to a ready session; of Spark's
 * own first job (a plain count of the rows: the CSV scan, class loading and code generation that
 * any first job pays); of the scoring job after it (the executor's model load included); of the
 * whole process until then; and of the same scoring job again in the same session (warm).
 */
public final class TabularScoreBench {

  private TabularScoreBench() {}

  public static void main(String[] args) throws IOException {
    Path model = Path.of(args[0]);
    Path csv = Path.of(args[1]);
    String master = args[2];
    int batch = Integer.parseInt(args[3]);
    Path out = Path.of(args[4]);
    int threads = args.length > 5 ? Integer.parseInt(args[5]) : 0;
    long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
    try (SparkSession spark = SparkSession.builder().master(master).appName("fastj-tabular-score-bench")
        .config("spark.ui.enabled", false).getOrCreate()) {
      spark.sparkContext().setLogLevel("WARN");
      long ready = System.currentTimeMillis();
      Dataset<Row> table = spark.read().option("header", true).csv(csv.toString());
      long counted = table.count();
      long sparkWarm = System.currentTimeMillis();
      List<Row> rows = score(table, model, batch, threads);
      long done = System.currentTimeMillis();
      score(table, model, batch, threads);
      long warm = System.currentTimeMillis();
      if (rows.size() != counted) {
        throw new IllegalStateException("scored " + rows.size() + " rows of " + counted);
      }
      StringBuilder tsv = new StringBuilder();
      long errors = 0;
      for (Row r : rows) {
        if (r.isNullAt(0)) {
          errors++;
          tsv.append("\t\n");
        } else {
          tsv.append(r.getString(0)).append('\t').append(r.getDouble(1)).append('\n');
        }
      }
      Files.writeString(out, tsv);
      double job = (done - sparkWarm) / 1000.0;
      double total = (done - jvmStart) / 1000.0;
      System.out.printf(Locale.ROOT, "{\"rows\": %d, \"errors\": %d, \"partitions\": %d, \"startSeconds\": %.3f, "
              + "\"sparkFirstJobSeconds\": %.3f, \"jobSeconds\": %.3f, \"processSeconds\": %.3f, "
              + "\"warmJobSeconds\": %.3f}%n",
          rows.size(), errors, table.rdd().getNumPartitions(), (ready - jvmStart) / 1000.0,
          (sparkWarm - ready) / 1000.0, job, total, (warm - done) / 1000.0);
    }
  }

  private static List<Row> score(Dataset<Row> table, Path model, int batch, int threads) {
    return new TabularPredictor().setModelPath(model.toString()).setBatchSize(batch).setThreads(threads)
        .transform(table).select("prediction.label", "prediction.probability").collectAsList();
  }
}
