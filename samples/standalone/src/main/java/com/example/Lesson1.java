package com.example;

import dev.fastj.data.CategoryBlock;
import dev.fastj.data.DataBlock;
import dev.fastj.data.DataLoaders;
import dev.fastj.data.Labels;
import dev.fastj.data.Splitters;
import dev.fastj.interpret.ClassificationInterpretation;
import dev.fastj.learner.Learner;
import dev.fastj.learner.Prediction;
import dev.fastj.metrics.Metrics;
import dev.fastj.vision.Arch;
import dev.fastj.vision.Augment;
import dev.fastj.vision.Datasets;
import dev.fastj.vision.ImageBlock;
import dev.fastj.vision.ImageFiles;
import dev.fastj.vision.Normalize;
import dev.fastj.vision.Resize;
import dev.fastj.vision.VisionLearner;
import java.nio.file.Files;
import java.nio.file.Path;

/** fastai's lesson 1 on the bundled Fashion-MNIST, in a project of its own. */
public final class Lesson1 {

  private Lesson1() {}

  public static void main(String[] args) throws Exception {
    int epochs = args.length == 2 && args[0].equals("--epochs") ? Integer.parseInt(args[1]) : 5;
    Path out = Files.createDirectories(Path.of("lesson1-out"));
    Path path = Datasets.fashionMnist();
    DataBlock<?> block = DataBlock.of(ImageBlock.grey(), CategoryBlock.create())
        .getItems(ImageFiles::get)
        .splitter(Splitters.random(0.2, 42))
        .getY(Labels.parentLabel())
        .itemTfms(Resize.of(32))
        .batchTfms(Augment.transforms(), Normalize.fromData());
    try (DataLoaders dls = block.dataloaders(path, 64);
        Learner learn = VisionLearner.create(dls, Arch.xresnetSmall(), Metrics.errorRate())) {
      learn.fitOneCycle(epochs);   // no rate given: lr_find runs first and suggests one
      ClassificationInterpretation interp = ClassificationInterpretation.from(learn);
      interp.plotConfusionMatrix(out.resolve("cm.png"));
      System.out.println("most confused: " + interp.mostConfused(2));
      learn.export(out.resolve("fashion.fastj"));
    }
    try (Learner inf = Learner.load(out.resolve("fashion.fastj"))) {
      Path shoe = ImageFiles.get(path.resolve("test").resolve("Sneaker")).get(0);
      Prediction p = inf.predict(shoe);
      System.out.printf("%s: %s (%.3f)%n", shoe.getFileName(), p.label(), p.probability());
    }
  }
}
