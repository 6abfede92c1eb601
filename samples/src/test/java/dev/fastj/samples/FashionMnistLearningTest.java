package dev.fastj.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fastj.callback.EpochRow;
import dev.fastj.data.CategoryBlock;
import dev.fastj.data.DataBlock;
import dev.fastj.data.DataLoaders;
import dev.fastj.data.Labels;
import dev.fastj.data.Splitters;
import dev.fastj.learner.Learner;
import dev.fastj.learner.MixedPrecision;
import dev.fastj.metrics.Metrics;
import dev.fastj.nn.AdaptiveAvgPool2d;
import dev.fastj.nn.ConvLayer;
import dev.fastj.nn.Flatten;
import dev.fastj.nn.Linear;
import dev.fastj.nn.Module;
import dev.fastj.nn.Sequential;
import dev.fastj.vision.Datasets;
import dev.fastj.vision.ImageBlock;
import dev.fastj.vision.ImageFiles;
import dev.fastj.vision.Normalize;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole stack learns for real: a small CNN trained with fit_one_cycle on the bundled
 * Fashion-MNIST subset (10,000 training and 2,000 test images) through the ONNX Runtime backend
 * reaches at least 85% accuracy on the held-out test images. About 10 s per epoch on two cores.
 */
class FashionMnistLearningTest {

  @TempDir
  Path home;

  private String previousHome;

  @BeforeEach
  void pointFastjHomeAtTempDir() {
    previousHome = System.getProperty("fastj.home");
    System.setProperty("fastj.home", home.toString());
  }

  @AfterEach
  void restoreFastjHome() {
    if (previousHome == null) {
      System.clearProperty("fastj.home");
    } else {
      System.setProperty("fastj.home", previousHome);
    }
  }

  private static DataBlock<?> block() {
    return DataBlock.of(ImageBlock.grey(), CategoryBlock.create())
        .getItems(ImageFiles::get)
        .splitter(Splitters.grandparent("train", "test"))
        .getY(Labels.parentLabel())
        .batchTfms(Normalize.fromData());
  }

  /** 28x28 -> 14 -> 7 -> 4, global average pool, one linear layer: about 93k parameters. */
  private static Module smallCnn() {
    return Sequential.of(ConvLayer.of(1, 32, 3, 2), ConvLayer.of(32, 64, 3, 2), ConvLayer.of(64, 128, 3, 2),
        AdaptiveAvgPool2d.of(1), Flatten.create(), Linear.of(128, 10));
  }

  @Test
  void smallCnn_inMixedPrecision_reaches85PercentValidationAccuracy() {
    try (DataLoaders dls = block().dataloaders(Datasets.fashionMnist(), 64);
        Learner learn = Learner.builder(dls, smallCnn()).metrics(Metrics.accuracy()).build()) {
      // on the CPU the float16 graph runs behind casts (slower than float32): this checks its numbers
      learn.toFp16(MixedPrecision.defaults().withAllowCpu(true));
      long t0 = System.nanoTime();
      learn.fitOneCycle(4, 1e-2);
      System.out.printf("mixed precision on the CPU: 4 epochs in %.1f s, loss scale %.0f, %d steps skipped%n",
          (System.nanoTime() - t0) / 1e9, learn.lossScale(), learn.skippedSteps());
      List<EpochRow> rows = learn.recorder().rows();
      assertThat(rows.get(3).trainLoss()).isLessThan(0.5).isLessThan(rows.get(0).trainLoss());
      assertThat(rows.get(3).metrics()[0]).isGreaterThanOrEqualTo(0.85);
      // overflowing steps are skipped while the scale comes down from 2^16, then training is normal
      assertThat(learn.skippedSteps()).isLessThan(20);
    }
  }

  @Test
  void smallCnn_reaches85PercentValidationAccuracy() {
    Path path = Datasets.fashionMnist();
    DataBlock<?> block = block();
    Module net = smallCnn();
    try (DataLoaders dls = block.dataloaders(path, 64)) {
      assertThat(dls.train().itemCount()).isEqualTo(10_000);
      assertThat(dls.valid().itemCount()).isEqualTo(2_000);
      try (Learner learn = Learner.builder(dls, net).metrics(Metrics.accuracy()).build()) {
        long t0 = System.nanoTime();
        learn.fitOneCycle(4, 1e-2);
        System.out.printf("float32: 4 epochs in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        List<EpochRow> rows = learn.recorder().rows();
        assertThat(rows).hasSize(4);
        EpochRow first = rows.get(0);
        EpochRow last = rows.get(3);
        // the loss falls well below chance (ln 10 = 2.30) and keeps falling
        assertThat(last.trainLoss()).isLessThan(0.5).isLessThan(first.trainLoss());
        assertThat(last.validLoss()).isLessThan(0.45);
        assertThat(last.metrics()[0]).isGreaterThanOrEqualTo(0.85);
        // validate() on the trained model agrees with the recorded last epoch
        assertThat(learn.validate()[1]).isGreaterThanOrEqualTo(0.85);
      }
    }
  }
}
