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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transfer from real learned weights: {@code fmnist5_resnet.onnx} is a small ResNet that PyTorch
 * trained on five Fashion-MNIST classes (T-shirt, trouser, sandal, bag, ankle boot: 98.8% there)
 * and exported whole, in eval mode, with {@code torch.onnx.export}; {@code fmnist5_resnet_init.onnx}
 * is the same net with PyTorch's random initial weights, exported in training mode
 * ({@code dev/vision/torch_pretrain_ref.py} made both). {@link Arch#fromOnnx(Path)} cuts each before
 * its global pooling. Fine-tuned with fastai's {@code fineTune(3)} (batch 8) on {@link #PER_CLASS}
 * images of each of the five other classes of the bundled subset, the PyTorch weights must beat
 * the same net trained from its random weights for the same 4 epochs with fastj's defaults
 * (lr_find's suggestion, the plain head) by at least {@link #MARGIN}, on 100 test images per class.
 *
 * <p>Measured here (seeded and deterministic): with 10 images per class pretrained 0.686, the same
 * net from scratch 0.516, and xresnet_small from scratch 0.642; with 20 per class 0.740, 0.658 and
 * 0.706; with 5 the pretrained body and xresnet_small tie at 0.52. PyTorch's plain recipe with 20
 * images per class (a new linear head, one epoch of the head at 1e-2, three of everything at 1e-3
 * to 1e-2, batch 16, AdamW one-cycle) reaches 0.55 to 0.67 with the same weights, and 0.39 from
 * scratch (docs/training.md).
 */
class PretrainedTorchBodyTest {

  static final List<String> TARGET = List.of("Pullover", "Dress", "Coat", "Shirt", "Sneaker");
  /** Training images per target class. */
  static final int PER_CLASS = 10;
  /** The least accuracy the PyTorch weights must add over the same net from its random initial weights. */
  static final double MARGIN = 0.10;

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

  private static DataLoaders dataloaders(Path root, Normalize norm) {
    DataBlock<?> block = DataBlock.of(ImageBlock.grey(), CategoryBlock.create())
        .getItems(r -> {
          List<Path> out = new ArrayList<>();
          for (String c : TARGET) {
            out.addAll(TransferLearningTest.first(r.resolve("train").resolve(c), Integer.getInteger("torchbody.n", PER_CLASS)));
            out.addAll(TransferLearningTest.first(r.resolve("test").resolve(c), 100));
          }
          return out;
        })
        .splitter(Splitters.grandparent("train", "test"))
        .getY(Labels.parentLabel())
        .itemTfms(Resize.of(28))
        .batchTfms(norm);
    return block.dataloaders(root, 8, DataLoaderOptions.defaults().withSeed(1));
  }

  @Test
  void fineTunedTorchBody_beatsTheSameNetFromScratchByAWideMargin() throws Exception {
    Path onnx = Path.of(getClass().getResource("/dev/fastj/onnx/torch/fmnist5_resnet.onnx").toURI());
    Path root = Datasets.fashionMnist();
    Device device = Device.cpu().withDeterministic(true);
    double pretrained;
    // the statistics the PyTorch model was trained with: ImageNet's, averaged over the channels
    float mean = (Normalize.IMAGENET_MEAN[0] + Normalize.IMAGENET_MEAN[1] + Normalize.IMAGENET_MEAN[2]) / 3;
    float std = (Normalize.IMAGENET_STD[0] + Normalize.IMAGENET_STD[1] + Normalize.IMAGENET_STD[2]) / 3;
    try (DataLoaders dls = dataloaders(root, Normalize.of(new float[] {mean}, new float[] {std}));
        Learner learn = VisionLearner.builder(dls, Arch.fromOnnx(onnx)).metrics(Metrics.accuracy()).progress(null)
            .device(device).seed(1).build()) {
      assertThat(learn.frozenIdx()).as("a body from a file is frozen at first").isPositive();
      learn.fineTune(3);
      pretrained = learn.validate()[1];
    }
    // the same net from PyTorch's random initial weights, trained as fastj trains a net from scratch
    Path init = Path.of(getClass().getResource("/dev/fastj/onnx/torch/fmnist5_resnet_init.onnx").toURI());
    double scratch;
    try (DataLoaders dls = dataloaders(root, Normalize.fromData());
        Learner learn = VisionLearner.builder(dls, Arch.fromOnnx(init)).pretrained(false)
            .metrics(Metrics.accuracy()).progress(null).device(device).seed(1).build()) {
      learn.fitOneCycle(4);
      scratch = learn.validate()[1];
    }
    double xresnet;
    try (DataLoaders dls = dataloaders(root, Normalize.fromData());
        Learner learn = VisionLearner.builder(dls, Arch.xresnetSmall()).metrics(Metrics.accuracy()).progress(null)
            .device(device).seed(1).build()) {
      learn.fitOneCycle(4);
      xresnet = learn.validate()[1];
    }
    System.out.printf("torch body: pretrained %.4f, same net from scratch %.4f, xresnet_small from scratch %.4f%n",
        pretrained, scratch, xresnet);
    assertThat(pretrained).as("pretrained %s vs scratch %s", pretrained, scratch).isGreaterThan(scratch + MARGIN);
  }
}
