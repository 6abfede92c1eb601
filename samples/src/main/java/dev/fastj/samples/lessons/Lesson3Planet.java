package dev.fastj.samples.lessons;

import dev.fastj.data.ColReader;
import dev.fastj.data.Csv;
import dev.fastj.data.CsvRow;
import dev.fastj.data.DataBlock;
import dev.fastj.data.DataLoaders;
import dev.fastj.data.MultiCategoryBlock;
import dev.fastj.data.Splitters;
import dev.fastj.interpret.MultiLabelInterpretation;
import dev.fastj.learner.Learner;
import dev.fastj.learner.Prediction;
import dev.fastj.learner.ThresholdSearch;
import dev.fastj.metrics.Metrics;
import dev.fastj.metrics.ThresholdMetric;
import dev.fastj.vision.Arch;
import dev.fastj.vision.ImageBlock;
import dev.fastj.vision.Normalize;
import dev.fastj.vision.VisionLearner;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * fastai's lesson 3 planet notebook in Java: multi-label images from a CSV of space-delimited
 * tags. Run with {@code java -cp ... dev.fastj.samples.lessons.Lesson3Planet PLANET_DIR [OUT_DIR [EPOCHS]]},
 * PLANET_DIR in planet's layout ({@code labels.csv} with {@code image_name,tags}, images in
 * {@code train/<image_name>.png}), such as the Fashion-MNIST mosaics of
 * {@code samples/src/test/java/dev/fastj/samples/PlanetMosaics.java} (docs/multi-label.md).
 */
public final class Lesson3Planet {

  private Lesson3Planet() {}

  public static void main(String[] args) {
    Path path = Path.of(args[0]);
    Path out = Path.of(args.length > 1 ? args[1] : "planet-out");
    int epochs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    run(path, out, epochs);
  }

  /** The lesson; returns the threshold search on the validation set (the F2 at 0.2 and at the best threshold). */
  public static ThresholdSearch run(Path path, Path out, int epochs) {
    try {
      Files.createDirectories(out);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    DataBlock<CsvRow> planet = DataBlock.of(ImageBlock.grey(), MultiCategoryBlock.create())
        .getItems(p -> Csv.rows(p.resolve("labels.csv")))
        .getX(ColReader.of("image_name").withPrefix(path.resolve("train")).withSuffix(".png"))
        .getY(ColReader.of("tags").withLabelDelim(" "))
        .splitter(Splitters.random(0.2, 42))
        .batchTfms(Normalize.fromData());
    ThresholdMetric f2 = Metrics.fbeta(2, 0.2, Metrics.Average.SAMPLES, true);
    ThresholdSearch search;
    try (DataLoaders dls = planet.dataloaders(path, 64)) {
      dls.showBatch(9, out.resolve("batch.png"));
      try (Learner learn = VisionLearner.create(dls, Arch.xresnetSmall(), Metrics.accuracyMulti(0.2, true), f2)) {
        learn.fitOneCycle(epochs);            // no rate: lr_find suggests one
        search = learn.optimizeThreshold(f2); // fastai's practice: the threshold with the best F2 on validation
        System.out.println(search);
        search.plot(out.resolve("thresholds.png"));
        learn.showResults(out.resolve("results.png"));
        MultiLabelInterpretation interp = MultiLabelInterpretation.from(learn);
        interp.plotTopLosses(9, out.resolve("top.png"));
        System.out.println(interp.topLosses(3));
        learn.export(out.resolve("planet.fastj"));   // keeps the threshold
      }
    }
    try (Learner inf = Learner.load(out.resolve("planet.fastj"))) {
      Path image = Csv.rows(path.resolve("labels.csv")).stream().findFirst()
          .map(r -> path.resolve("train").resolve(r.get("image_name") + ".png")).orElseThrow();
      Prediction p = inf.predict(image);
      System.out.printf("%s: %s%n", image.getFileName(), p.labels());
    }
    return search;
  }
}
