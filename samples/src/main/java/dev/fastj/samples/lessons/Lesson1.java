package dev.fastj.samples.lessons;

import dev.fastj.data.CategoryBlock;
import dev.fastj.data.DataBlock;
import dev.fastj.data.DataLoaders;
import dev.fastj.data.Labels;
import dev.fastj.data.Splitters;
import dev.fastj.interpret.ClassificationInterpretation;
import dev.fastj.learner.Learner;
import dev.fastj.learner.LrFind;
import dev.fastj.learner.Prediction;
import dev.fastj.metrics.Metrics;
import dev.fastj.vision.Arch;
import dev.fastj.vision.Augment;
import dev.fastj.vision.Datasets;
import dev.fastj.vision.ImageBlock;
import dev.fastj.vision.ImageFiles;
import dev.fastj.vision.Resize;
import dev.fastj.vision.VisionLearner;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * fastai's lesson 1 in Java, as the design's listing: a classifier from a folder of images in a
 * few lines. Run with {@code java -cp ... dev.fastj.samples.lessons.Lesson1 [OUT_DIR]}.
 */
public final class Lesson1 {

  private Lesson1() {}

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args.length > 0 ? args[0] : "lesson1-out");
    Files.createDirectories(out);
    Path path = Datasets.fashionMnist();
    DataBlock<?> block = DataBlock.of(ImageBlock.grey(), CategoryBlock.create())
        .getItems(ImageFiles::get)
        .splitter(Splitters.random(0.2, 42))
        .getY(Labels.parentLabel())
        .itemTfms(Resize.of(32))
        .batchTfms(Augment.transforms());
    block.summary(path);
    try (DataLoaders dls = block.dataloaders(path, 64)) {
      dls.showBatch(9, out.resolve("batch.png"));
      try (Learner learn = VisionLearner.create(dls, Arch.xresnetSmall(), Metrics.errorRate())) {
        LrFind found = learn.lrFind();
        found.plot(out.resolve("lr_find.png"));
        learn.fineTune(2, Math.min(1e-2, Math.max(1e-3, found.valley())));
        learn.fitOneCycle(1, 1e-3);
        learn.recorder().plotLosses(out.resolve("losses.png"));
        ClassificationInterpretation interp = ClassificationInterpretation.from(learn);
        interp.plotConfusionMatrix(out.resolve("cm.png"));
        System.out.println(interp.mostConfused(2));
        interp.plotTopLosses(9, out.resolve("top.png"));
        learn.export(out.resolve("fashion.fastj"));
      }
    }
    try (Learner inf = Learner.load(out.resolve("fashion.fastj"))) {
      Path shoe = ImageFiles.get(path.resolve("test").resolve("Sneaker")).get(0);
      Prediction p = inf.predict(shoe);
      System.out.printf("%s: %s (%.3f)%n", shoe.getFileName(), p.label(), p.probability());
    }
  }
}
