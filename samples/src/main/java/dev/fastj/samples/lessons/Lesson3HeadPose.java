package dev.fastj.samples.lessons;

import dev.fastj.data.ColReader;
import dev.fastj.data.Csv;
import dev.fastj.data.CsvRow;
import dev.fastj.data.DataBlock;
import dev.fastj.data.DataLoaders;
import dev.fastj.data.Splitters;
import dev.fastj.learner.Learner;
import dev.fastj.learner.Prediction;
import dev.fastj.vision.Arch;
import dev.fastj.vision.ImageBlock;
import dev.fastj.vision.Normalize;
import dev.fastj.vision.PointBlock;
import dev.fastj.vision.VisionLearner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * fastai's lesson 3 image regression (head pose) in Java: a point per image, learnt through
 * VisionLearner's point head ({@code yRange(-1, 1)}: SigmoidRange and MSELossFlat), predicted in
 * pixels of the image. The data is a set of {@code dev/vision/make_points.py} (a Fashion-MNIST
 * item on a larger canvas, its centre as the point; see docs/points.md). Run with
 * {@code java -cp ... dev.fastj.samples.lessons.Lesson3HeadPose DATA_DIR [OUT_DIR]}.
 */
public final class Lesson3HeadPose {

  private Lesson3HeadPose() {}

  public static void main(String[] args) throws Exception {
    Path path = Path.of(args.length > 0 ? args[0] : "points-64");
    Path out = Files.createDirectories(Path.of(args.length > 1 ? args[1] : "lesson3-pose-out"));
    if (!Files.isRegularFile(path.resolve("points.csv"))) {
      System.err.println("no points.csv in " + path + "; make the set with: python3 dev/vision/make_points.py "
          + "../shared/data " + path);
      System.exit(2);
    }
    DataBlock<CsvRow> block = DataBlock.of(ImageBlock.grey(), PointBlock.create())
        .getItems(p -> Csv.rows(p.resolve("points.csv")))
        .getX(ColReader.of("image").withPrefix(path))
        .getY(PointBlock.columns("x", "y"))            // pixels, 0 at the left/top edge
        .splitter(Splitters.random(0.2, 42))
        .batchTfms(Normalize.fromData());
    try (DataLoaders dls = block.dataloaders(path, 64);
        Learner learn = VisionLearner.builder(dls, Arch.xresnetSmall()).yRange(-1, 1).build()) {
      dls.showBatch(9, out.resolve("batch.png"));
      learn.fitOneCycle(5);                              // lr_find picks the rate
      learn.showResults(9, out.resolve("results.png"));  // green rings: targets, red dots: predictions
      learn.export(out.resolve("pose.fastj"));
    }
    CsvRow first = Csv.rows(path.resolve("points.csv")).get(0);
    try (Learner inf = Learner.load(out.resolve("pose.fastj"))) {
      Prediction p = inf.predict(path.resolve(first.get("image")));
      System.out.printf("%s: predicted %s, actual (%s, %s)%n", first.get("image"), Arrays.toString(p.points()),
          first.get("x"), first.get("y"));
    }
  }
}
