package dev.fastj.spark;

import dev.fastj.vision.ImageFiles;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Images per second of {@link ImageClassifier} in local mode, for bench/spark/compare.py, which runs
 * it against {@code ./fastj predict} on the same files, each in its own process.
 *
 * <p>{@code ScoreBench MODEL IMAGES_DIR MASTER BATCH OUT_TSV [THREADS]}: scores the image paths under the folder
 * (one partition per core of the master), writes {@code path TAB label TAB probability} per image, and
 * prints one JSON line: the seconds from JVM start to a ready session; of Spark's own first job (a
 * plain count of the same rows: Spark's class loading and code generation, which any first job
 * pays); of the scoring job after it (the executor's model load included); of the whole process
 * until then; and of the same scoring job again in the same session (warm: the JIT compiled).
 */
public final class ScoreBench {

  private ScoreBench() {}

  public static void main(String[] args) throws IOException {
    Path model = Path.of(args[0]);
    List<String> files = new ArrayList<>();
    for (Path f : ImageFiles.get(Path.of(args[1]))) {
      files.add(f.toString());
    }
    String master = args[2];
    int batch = Integer.parseInt(args[3]);
    Path out = Path.of(args[4]);
    int threads = args.length > 5 ? Integer.parseInt(args[5]) : 0;
    long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
    try (SparkSession spark = SparkSession.builder().master(master).appName("fastj-score-bench")
        .config("spark.ui.enabled", false).getOrCreate()) {
      spark.sparkContext().setLogLevel("WARN");
      long ready = System.currentTimeMillis();
      // Spark's own first job (class loading, code generation), without fastj: a plain count
      long counted = spark.createDataset(files, Encoders.STRING()).toDF("file").count();
      long sparkWarm = System.currentTimeMillis();
      if (counted != files.size()) {
        throw new IllegalStateException("counted " + counted + " rows for " + files.size() + " files");
      }
      List<Row> rows = score(spark, model, files, batch, threads);
      long done = System.currentTimeMillis();
      // a second job in the same session: the executor's model is loaded and the JIT warm
      score(spark, model, files, batch, threads);
      long warm = System.currentTimeMillis();
      StringBuilder tsv = new StringBuilder();
      for (Row r : rows) {
        tsv.append(r.getString(0)).append('\t').append(r.getString(1)).append('\t').append(r.getDouble(2)).append('\n');
      }
      Files.writeString(out, tsv);
      double job = (done - sparkWarm) / 1000.0;
      double total = (done - jvmStart) / 1000.0;
      System.out.printf(Locale.ROOT, "{\"images\": %d, \"partitions\": %d, \"startSeconds\": %.3f, "
              + "\"sparkFirstJobSeconds\": %.3f, "
              + "\"jobSeconds\": %.3f, \"processSeconds\": %.3f, \"jobImagesPerSecond\": %.1f, "
              + "\"processImagesPerSecond\": %.1f, \"warmJobSeconds\": %.3f, \"warmJobImagesPerSecond\": %.1f}%n",
          rows.size(), spark.sparkContext().defaultParallelism(), (ready - jvmStart) / 1000.0,
          (sparkWarm - ready) / 1000.0, job, total,
          rows.size() / job, rows.size() / total, (warm - done) / 1000.0, rows.size() * 1000.0 / (warm - done));
    }
  }

  private static List<Row> score(SparkSession spark, Path model, List<String> files, int batch, int threads) {
    return new ImageClassifier().setModelPath(model.toString()).setInputCol("file").setBatchSize(batch)
        .setThreads(threads).transform(spark.createDataset(files, Encoders.STRING()).toDF("file"))
        .select("file", "prediction.label", "prediction.probability").collectAsList();
  }
}
