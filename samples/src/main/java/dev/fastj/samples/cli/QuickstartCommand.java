package dev.fastj.samples.cli;

import dev.fastj.data.CategoryBlock;
import dev.fastj.data.DataBlock;
import dev.fastj.data.DataLoaders;
import dev.fastj.data.Labels;
import dev.fastj.data.Splitters;
import dev.fastj.interpret.ClassificationInterpretation;
import dev.fastj.interpret.Confusion;
import dev.fastj.learner.Learner;
import dev.fastj.learner.LrFind;
import dev.fastj.learner.Prediction;
import dev.fastj.metrics.Metrics;
import dev.fastj.samples.web.Json;
import dev.fastj.vision.Arch;
import dev.fastj.vision.Augment;
import dev.fastj.vision.Datasets;
import dev.fastj.vision.ImageBlock;
import dev.fastj.vision.ImageFiles;
import dev.fastj.vision.Normalize;
import dev.fastj.vision.Resize;
import dev.fastj.vision.VisionLearner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./fastj quickstart}: fastai's lesson 1 on the bundled Fashion-MNIST subset (10,000
 * training and 2,000 test images, 28x28 grey): show a batch, find a learning rate, train a small
 * ResNet with fit_one_cycle, plot the losses, the confusion matrix and the top losses, export,
 * and predict test images with the exported model in a fresh learner.
 */
@Command(name = "quickstart", sortOptions = false,
    description = "trains an image classifier on the bundled Fashion-MNIST subset, prints fastai's epoch table, "
        + "writes show_batch, lr_find, losses, confusion-matrix and top-losses PNGs and the exported model into DIR, "
        + "and predicts a few test images")
final class QuickstartCommand implements Runnable {

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "quickstart-out",
      description = "where the plots and the model go (default: ${DEFAULT-VALUE})")
  Path out;

  @Option(names = "--epochs", paramLabel = "N", defaultValue = "7", description = "epochs (default: ${DEFAULT-VALUE})")
  int epochs;

  @Option(names = "--lr", paramLabel = "X", description = "learning rate (default: from lr_find's minimum)")
  Double lr;

  @Option(names = "--bs", paramLabel = "N", defaultValue = "64", description = "batch size (default: ${DEFAULT-VALUE})")
  int bs;

  @Option(names = "--json", description = "print the results as one JSON object last")
  boolean json;

  @Override
  public void run() {
    Path out = this.out;
    int epochs = this.epochs;
    int bs = this.bs;
    try {
      Files.createDirectories(out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the output folder " + out + ": " + e.getMessage(), e);
    }
    long start = System.nanoTime();
    Path path = Datasets.fashionMnist();
    System.out.println("data: " + path);
    DataBlock<?> block = DataBlock.of(ImageBlock.grey(), CategoryBlock.create())
        .getItems(ImageFiles::get)
        .splitter(Splitters.grandparent("train", "test"))
        .getY(Labels.parentLabel())
        .itemTfms(Resize.of(28))
        // fastai's aug_transforms with its flips: clothes look the same mirrored
        .batchTfms(Augment.transforms(), Normalize.fromData());
    Map<String, Object> json = new LinkedHashMap<>();
    try (DataLoaders dls = block.dataloaders(path, bs)) {
      System.out.printf("%d training and %d validation images, classes %s%n", dls.train().itemCount(),
          dls.valid().itemCount(), dls.vocab());
      dls.showBatch(9, out.resolve("show_batch.png"));
      Path model = out.resolve("fashion.fastj");
      // fastj's defaults for a net trained from scratch, as ./fastj train gets them
      try (Learner learn = VisionLearner.create(dls, Arch.xresnetSmall(), Metrics.accuracy(), Metrics.errorRate())) {
        LrFind found = learn.lrFind();
        found.plot(out.resolve("lr_find.png"));
        System.out.printf("lr_find: valley %.2e, slide %.2e, minimum %.2e, steep %.2e; suggested %.2e (%s)%n",
            found.valley(), found.slide(), found.minimum(), found.steep(), found.suggested(), found.suggestedRule());
        double lr = this.lr != null ? this.lr : found.suggested();
        System.out.printf("fit_one_cycle(%d, %.2e)%n", epochs, lr);
        learn.fitOneCycle(epochs, lr);
        learn.recorder().plotLosses(out.resolve("losses.png"));
        ClassificationInterpretation interp = ClassificationInterpretation.from(learn);
        interp.plotConfusionMatrix(out.resolve("confusion_matrix.png"));
        interp.plotTopLosses(9, out.resolve("top_losses.png"));
        learn.showResults(9, out.resolve("results.png"));
        System.out.println("most confused:");
        for (Confusion c : interp.mostConfused(5)) {
          System.out.println("  " + c);
        }
        learn.export(model);
        json.putAll(Results.training(learn.recorder()));
        json.put("lr", lr);
      }
      System.out.println("exported " + model + "; predicting test images with it:");
      json.put("predictions", predictSome(model, path));
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("done in %.0f s; plots and model in %s%n", seconds, out.toAbsolutePath());
    json.put("seconds", seconds);
    json.put("out", out.toAbsolutePath().toString());
    if (this.json) {
      System.out.println(Json.write(json));
    }
  }

  /** One test image of each of the first few classes, predicted by a learner loaded from the export. */
  private static List<Object> predictSome(Path model, Path data) {
    List<Object> preds = new ArrayList<>();
    try (Learner inf = Learner.load(model)) {
      for (String cls : List.of("Ankle_boot", "Bag", "Trouser", "Sneaker")) {
        List<Path> files = ImageFiles.get(data.resolve("test").resolve(cls));
        if (files.isEmpty()) {
          continue;
        }
        Path f = files.get(0);
        Prediction p = inf.predict(f);
        System.out.printf("  %-40s -> %-12s (%.3f)%n", data.relativize(f), p.label(), p.probability());
        preds.add(Results.prediction(f, p));
      }
    }
    return preds;
  }
}
