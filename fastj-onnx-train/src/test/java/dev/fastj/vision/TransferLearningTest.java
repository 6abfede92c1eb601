package dev.fastj.vision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fastj.data.CategoryBlock;
import dev.fastj.data.DataBlock;
import dev.fastj.data.DataLoaderOptions;
import dev.fastj.data.DataLoaders;
import dev.fastj.data.Labels;
import dev.fastj.data.Splitters;
import dev.fastj.learner.Learner;
import dev.fastj.metrics.Metrics;
import dev.fastj.spi.Device;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4's "transfer works": on the bundled Fashion-MNIST subset, xresnetSmall is trained on five
 * classes (T-shirt, trouser, sandal, bag, ankle boot: all 1,000 images each, 3 epochs of
 * fitOneCycle), exported, and its body ({@link Arch#fromExport}) fine-tuned with
 * {@code fineTune(4, 5e-3)} (one frozen epoch, four unfrozen: 5 epochs) on the five other classes
 * (pullover, dress, coat, shirt, sneaker) from only 10 images each (batch 16). The same architecture
 * trained from scratch on those images with {@code fitOneCycle(5, 5e-3)} must end with a validation
 * accuracy (100 test images per class), averaged over two runs of each recipe, lower by at least
 * {@link #MARGIN}.
 *
 * <p>Measured with the stride-2 stem of xresnetSmall (pretrained vs scratch, by {@code -Dtransfer.seed}):
 * seed 1 0.575 vs 0.452, seed 2 0.566 vs 0.425, seed 3 0.607 vs 0.438, when runs of one seed still
 * differed: four clean-clone runs of seed 1 gave 0.605 vs 0.498, 0.582 vs 0.467, 0.561 vs 0.506 and
 * 0.498 vs 0.455, so gaps of 4.3 to 16.9 points in all; the margin is 2 points. The cause was not
 * ONNX Runtime's threads but its Dropout (in fastai's head), seeded from the clock; with each
 * Dropout seeded from the learner's seed, runs are reproducible: seed 1 gives 0.559 vs 0.470
 * (source 0.982) in every run, seed 2 0.591 vs 0.459, seed 3 0.599 vs 0.424. Since the scratch learner
 * takes the plain head ({@link HeadOptions#scratch()}, issue 8) and the source model too, seed 1 gives
 * 0.621 vs 0.526 (source 0.992). The learners also ask for ONNX Runtime's deterministic compute
 * ({@link Device#withDeterministic}), which costs nothing measurable on the CPU. With 400 source
 * and 20 target images per class the gap had been only -0.1 to +8.8 points. {@code -Dtransfer.seed=N}, {@code -Dtransfer.source=N},
 * {@code -Dtransfer.target=N} and {@code -Dtransfer.pretrainEpochs=N} change the setup to check by
 * hand.
 */
class TransferLearningTest {

  static final List<String> SOURCE = classes(0, 1, 5, 8, 9);
  static final List<String> TARGET = classes(2, 3, 4, 6, 7);
  static final int SOURCE_PER_CLASS = Integer.getInteger("transfer.source", 1000);
  static final int TARGET_PER_CLASS = Integer.getInteger("transfer.target", 10);
  static final int VALID_PER_CLASS = 100;
  static final int PRETRAIN_EPOCHS = Integer.getInteger("transfer.pretrainEpochs", 3);
  static final int EPOCHS = 5;
  static final int BATCH = 16;
  /** The least accuracy the pretrained body must add over training from scratch. */
  static final double MARGIN = 0.02;
  /** The peak learning rate of both recipes (fineTune's base lr, fitOneCycle's lr max). */
  static final double LR = 5e-3;
  /** Runs of each recipe on the target classes, averaged. */
  static final int RUNS = 2;
  static final long SEED = Long.getLong("transfer.seed", 1);
  /** Reproducible runs: the same accuracies whenever the test runs on the same machine. */
  static final Device DEVICE = Device.cpu().withDeterministic(true);

  @TempDir
  static Path home;
  private static String previousHome;

  @BeforeAll
  static void privateDataHome() {
    previousHome = System.getProperty("fastj.home");
    System.setProperty("fastj.home", home.toString());
  }

  @AfterAll
  static void restoreDataHome() {
    if (previousHome == null) {
      System.clearProperty("fastj.home");
    } else {
      System.setProperty("fastj.home", previousHome);
    }
  }

  @Test
  void fineTunedPretrainedBody_beatsTheSameNetFromScratch() {
    Path root = Datasets.fashionMnist();
    Path export = home.resolve("source.fastj");
    long t0 = System.nanoTime();
    double sourceAcc;
    try (DataLoaders dls = dataloaders(root, SOURCE, SOURCE_PER_CLASS, SEED);
        Learner learn = VisionLearner.builder(dls, Arch.xresnetSmall()).metrics(Metrics.accuracy()).progress(null)
            .device(DEVICE).seed(SEED).build()) {
      learn.fitOneCycle(PRETRAIN_EPOCHS, 3e-3);
      sourceAcc = learn.validate()[1];
      assertThat(sourceAcc).as("accuracy on the source classes").isGreaterThan(0.85);
      learn.export(export);
    }
    long t1 = System.nanoTime();
    // two runs of each recipe (weights and data order seeded SEED and SEED + 1), compared on their mean
    double pretrained = 0;
    double scratch = 0;
    for (long seed = SEED; seed < SEED + RUNS; seed++) {
      try (DataLoaders dls = dataloaders(root, TARGET, TARGET_PER_CLASS, seed);
          Learner learn = VisionLearner.builder(dls, Arch.fromExport(export)).metrics(Metrics.accuracy())
              .progress(null).device(DEVICE).seed(seed).build()) {
        learn.fineTune(EPOCHS - 1, LR);
        pretrained += learn.validate()[1] / RUNS;
      }
      try (DataLoaders dls = dataloaders(root, TARGET, TARGET_PER_CLASS, seed);
          Learner learn = VisionLearner.builder(dls, Arch.xresnetSmall()).metrics(Metrics.accuracy()).progress(null)
              .device(DEVICE).seed(seed).build()) {
        learn.fitOneCycle(EPOCHS, LR);
        assertThat(learn.recorder().rows()).hasSize(EPOCHS);
        scratch += learn.validate()[1] / RUNS;
      }
    }
    long t3 = System.nanoTime();
    System.out.printf("transfer seed %d: source %.4f, pretrained %.4f, scratch %.4f (%.1fs, %.1fs)%n", SEED,
        sourceAcc, pretrained, scratch, (t1 - t0) / 1e9, (t3 - t1) / 1e9);
    assertThat(pretrained).as("pretrained %s vs scratch %s", pretrained, scratch).isGreaterThan(scratch + MARGIN);
  }

  private static List<String> classes(int... indices) {
    List<String> out = new ArrayList<>();
    for (int i : indices) {
      out.add(Datasets.FASHION_MNIST_CLASSES.get(i));
    }
    return List.copyOf(out);
  }

  /** The first {@code perClass} training images of each class, validated on test images of those classes. */
  static DataLoaders dataloaders(Path root, List<String> classes, int perClass, long seed) {
    DataBlock<?> block = DataBlock.of(ImageBlock.grey(), CategoryBlock.create())
        .getItems(r -> items(r, classes, perClass))
        .splitter(Splitters.grandparent("train", "test"))
        .getY(Labels.parentLabel())
        .itemTfms(Resize.of(28))
        .batchTfms(Normalize.of(new float[] {0.286f}, new float[] {0.353f}));
    return block.dataloaders(root, BATCH, DataLoaderOptions.defaults().withSeed(seed));
  }

  private static List<Path> items(Path root, List<String> classes, int perClass) {
    List<Path> out = new ArrayList<>();
    for (String c : classes) {
      out.addAll(first(root.resolve("train").resolve(c), perClass));
      out.addAll(first(root.resolve("test").resolve(c), VALID_PER_CLASS));
    }
    return out;
  }

  static List<Path> first(Path folder, int n) {
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(p -> p.toString().endsWith(".png"))
          .sorted(Comparator.comparing(p -> Integer.parseInt(p.getFileName().toString().replace(".png", ""))))
          .limit(n).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
