package dev.fastj.samples.lessons;

import dev.fastj.data.ColReader;
import dev.fastj.data.Csv;
import dev.fastj.data.CsvRow;
import dev.fastj.data.DataBlock;
import dev.fastj.data.DataLoaders;
import dev.fastj.data.Splitters;
import dev.fastj.learner.Learner;
import dev.fastj.vision.Arch;
import dev.fastj.vision.ImageBlock;
import dev.fastj.vision.Normalize;
import dev.fastj.vision.PointBlock;
import dev.fastj.vision.Resize;
import dev.fastj.vision.VisionLearner;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * fastai's progressive resizing (lesson 3): one learner trained at 64 px, then given the same
 * block at 128 px ({@code learn.dls(...)}, fastai's {@code learn.dls = ...}) and trained on, its
 * weights and optimizer state kept. On a point set of {@code dev/vision/make_points.py --size 128}.
 * Run with {@code java -cp ... dev.fastj.samples.lessons.Lesson3Resizing DATA_DIR [EPOCHS]}.
 */
public final class Lesson3Resizing {

  private Lesson3Resizing() {}

  public static void main(String[] args) throws Exception {
    Path path = Path.of(args.length > 0 ? args[0] : "points-128");
    int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    if (!Files.isRegularFile(path.resolve("points.csv"))) {
      System.err.println("no points.csv in " + path + "; make the set with: python3 dev/vision/make_points.py "
          + "../shared/data " + path + " --size 128");
      System.exit(2);
    }
    DataBlock<CsvRow> block = DataBlock.of(ImageBlock.grey(), PointBlock.create())
        .getItems(p -> Csv.rows(p.resolve("points.csv")))
        .getX(ColReader.of("image").withPrefix(path))
        .getY(PointBlock.columns("x", "y"))
        .splitter(Splitters.random(0.2, 42))
        .batchTfms(Normalize.fromData());
    try (DataLoaders small = block.itemTfms(Resize.of(64)).dataloaders(path, 64);
        DataLoaders large = block.itemTfms(Resize.of(128)).dataloaders(path, 64);
        Learner learn = VisionLearner.builder(small, Arch.xresnetSmall()).yRange(-1, 1).lr(5e-3).build()) {
      learn.fitOneCycle(epochs);
      double at64 = learn.validate()[0];
      learn.dls(large);                                  // fastai: learn.dls = ...
      double switched = learn.validate()[0];
      learn.fitOneCycle(epochs, 2e-3);
      double at128 = learn.validate()[0];
      System.out.printf("valid loss: %.5f after %d epochs at 64 px, %.5f right after the switch to 128 px, "
          + "%.5f after %d more at 128 px%n", at64, epochs, switched, at128, epochs);
    }
  }
}
