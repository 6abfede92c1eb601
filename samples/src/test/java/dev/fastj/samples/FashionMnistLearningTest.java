package dev.fastj.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fastj.callback.EpochRow;
import dev.fastj.data.CategoryBlock;
import dev.fastj.data.DataBlock;
import dev.fastj.data.DataLoaders;
import dev.fastj.data.Labels;
import dev.fastj.data.Splitters;
import dev.fastj.learner.Learner;
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

  @Test
  void smallCnn_reaches85PercentValidationAccuracy() {
    Path path = Datasets.fashionMnist();
    DataBlock<?> block = DataBlock.of(ImageBlock.grey(), CategoryBlock.create())
        .getItems(ImageFiles::get)
        .splitter(Splitters.grandparent("train", "test"))
        .getY(Labels.parentLabel())
        .batchTfms(Normalize.fromData());
    // 28x28 -> 14 -> 7 -> 4, global average pool, one linear layer: about 93k parameters
    Module net = Sequential.of(ConvLayer.of(1, 32, 3, 2), ConvLayer.of(32, 64, 3, 2), ConvLayer.of(64, 128, 3, 2),
        AdaptiveAvgPool2d.of(1), Flatten.create(), Linear.of(128, 10));
    try (DataLoaders dls = block.dataloaders(path, 64)) {
      assertThat(dls.train().itemCount()).isEqualTo(10_000);
      assertThat(dls.valid().itemCount()).isEqualTo(2_000);
      try (Learner learn = Learner.builder(dls, net).metrics(Metrics.accuracy()).build()) {
        learn.fitOneCycle(4, 1e-2);
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
