package dev.fastj.spark;

import dev.fastj.data.CategoryBlock;
import dev.fastj.data.DataBlock;
import dev.fastj.data.DataLoaders;
import dev.fastj.data.Labels;
import dev.fastj.data.Splitters;
import dev.fastj.learner.Learner;
import dev.fastj.spi.ParamInfo;
import dev.fastj.vision.Arch;
import dev.fastj.vision.ImageBlock;
import dev.fastj.vision.ImageFiles;
import dev.fastj.vision.Resize;
import dev.fastj.vision.VisionLearner;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import scala.collection.Iterator;
import scala.jdk.javaapi.CollectionConverters;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction1;

/**
 * The measured numbers of docs/scale-out.md: the gradient of one train step of xresnetSmall and
 * resnet18 (their trainable parameters, RGB 32x32 input, 10 classes: one float32 per parameter), and
 * how long Spark's barrier-mode {@code allGather} (the only collective Spark offers: strings through
 * the driver) takes to move a gradient of each size between the two tasks of {@code local[2]}.
 *
 * <p>{@code ScaleOutNumbers DATA_DIR} (class folders of images, e.g. the Fashion-MNIST train split).
 */
public final class ScaleOutNumbers {

  private ScaleOutNumbers() {}

  public static void main(String[] args) throws Exception {
    Path data = Path.of(args[0]);
    DataBlock<?> block = DataBlock.of(ImageBlock.create(), CategoryBlock.create()).getItems(ImageFiles::get)
        .splitter(Splitters.random(0.2, 1)).getY(Labels.parentLabel()).itemTfms(Resize.of(32));
    List<long[]> sizes = new ArrayList<>();
    try (DataLoaders dls = block.dataloaders(data, 64)) {
      for (Arch arch : List.of(Arch.xresnetSmall(), Arch.resnet18())) {
        try (Learner learn = VisionLearner.builder(dls, arch).progress(null).build()) {
          long n = 0;
          for (ParamInfo p : learn.model().parameters()) {
            n += Arrays.stream(p.shape()).reduce(1, (a, b) -> a * b);
          }
          sizes.add(new long[] {n, 4 * n});
          System.out.printf(Locale.ROOT, "%s: %,d trainable parameters, %,d gradient bytes per step (float32)%n",
              arch.name(), n, 4 * n);
        }
      }
    }
    try (SparkSession spark = SparkSession.builder().master("local[2]").appName("fastj-scale-out")
        .config("spark.ui.enabled", false).config("spark.rpc.message.maxSize", 512).getOrCreate()) {
      spark.sparkContext().setLogLevel("WARN");
      JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      for (long[] s : sizes) {
        long bytes = s[1];
        JavaRDD<Integer> two = sc.parallelize(List.of(0, 1), 2);
        List<Double> ms = two.rdd().barrier().mapPartitions(new Gather(bytes), false, ClassTag$.MODULE$.apply(Double.class))
            .toJavaRDD().collect();
        System.out.printf(Locale.ROOT, "allGather of %,d bytes (base64 of %,d) between 2 barrier tasks: %s ms%n",
            bytes * 4 / 3, bytes, ms);
      }
    }
  }

  /** One barrier task: three timed allGathers of a gradient-sized message. */
  private static final class Gather extends AbstractFunction1<Iterator<Integer>, Iterator<Double>>
      implements Serializable {
    private static final long serialVersionUID = 1L;
    private final long bytes;

    Gather(long bytes) {
      this.bytes = bytes;
    }

    @Override
    public Iterator<Double> apply(Iterator<Integer> partition) {
      BarrierTaskContext ctx = BarrierTaskContext.get();
      // a gradient as allGather can carry it: a string, base64 of the float32 bytes (4/3 larger)
      String message = "A".repeat((int) (bytes * 4 / 3));
      List<Double> times = new ArrayList<>();
      for (int round = 0; round < 3; round++) {
        ctx.barrier();
        long t = System.nanoTime();
        String[] all = ctx.allGather(message);
        times.add((System.nanoTime() - t) / 1e6);
        if (all.length != 2) {
          throw new IllegalStateException("allGather gave " + all.length + " messages");
        }
      }
      return CollectionConverters.asScala(times.iterator());
    }
  }
}
