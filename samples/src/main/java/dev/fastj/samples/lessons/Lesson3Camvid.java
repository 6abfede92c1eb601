package dev.fastj.samples.lessons;

import dev.fastj.data.DataBlock;
import dev.fastj.data.DataLoaders;
import dev.fastj.data.Splitters;
import dev.fastj.interpret.SegmentationInterpretation;
import dev.fastj.learner.Learner;
import dev.fastj.learner.Prediction;
import dev.fastj.metrics.Metrics;
import dev.fastj.vision.Arch;
import dev.fastj.vision.ImageBlock;
import dev.fastj.vision.ImageFiles;
import dev.fastj.vision.MaskBlock;
import dev.fastj.vision.Normalize;
import dev.fastj.vision.UnetLearner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * fastai's lesson 3 segmentation (camvid) in Java: a U-Net on a folder in camvid's layout
 * ({@code images/}, {@code labels/<name>_P.png}, {@code codes.txt}, {@code valid.txt}), such as the one
 * {@code dev/vision/make_segmentation_set.py} makes from Fashion-MNIST. Run with
 * {@code java -cp ... dev.fastj.samples.lessons.Lesson3Camvid DATA_DIR [OUT_DIR]}.
 */
public final class Lesson3Camvid {

  private Lesson3Camvid() {}

  public static void main(String[] args) throws Exception {
    Path path = Path.of(args[0]);
    Path out = Files.createDirectories(Path.of(args.length > 1 ? args[1] : "camvid-out"));
    List<String> codes = Files.readAllLines(path.resolve("codes.txt"));
    int voidCode = codes.indexOf("void");
    DataBlock<Path> camvid = DataBlock.of(ImageBlock.grey(), MaskBlock.create(codes))
        .getItems(p -> ImageFiles.get(p.resolve("images")))
        .splitter(Splitters.byFile(path.resolve("valid.txt")))
        .getY(p -> path.resolve("labels").resolve(p.getFileName().toString().replace(".png", "_P.png")))
        .batchTfms(Normalize.fromData());
    try (DataLoaders dls = camvid.dataloaders(path, 16)) {
      dls.showBatch(4, out.resolve("batch.png"));
      try (Learner learn = UnetLearner.create(dls, Arch.xresnetSmall(), Metrics.foregroundAcc(voidCode),
          Metrics.diceMulti())) {
        learn.fitOneCycle(5, 3e-3);
        learn.showResults(4, out.resolve("results.png"));
        SegmentationInterpretation.from(learn).plotTopLosses(4, out.resolve("top.png"));
        learn.export(out.resolve("camvid.fastj"));
      }
    }
    try (Learner inf = Learner.load(out.resolve("camvid.fastj"))) {
      Path image = ImageFiles.get(path.resolve("images")).get(0);
      Prediction p = inf.predict(image);
      System.out.printf("%s: %s (mask %dx%d)%n", image.getFileName(), p.label(), p.mask().width(), p.mask().height());
    }
  }
}
