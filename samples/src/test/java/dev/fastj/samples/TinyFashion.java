package dev.fastj.samples;

import dev.fastj.data.CategoryBlock;
import dev.fastj.data.DataBlock;
import dev.fastj.data.DataLoaders;
import dev.fastj.data.Labels;
import dev.fastj.data.Splitters;
import dev.fastj.learner.Learner;
import dev.fastj.vision.Arch;
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
import java.util.List;

/**
 * A small image classifier for the server and cleaner tests, trained once per test JVM (a few
 * seconds): three Fashion-MNIST classes, 48 training images each (train/), 8 validation images
 * each (valid/), grey, 28 px, normalised, two epochs of an xresnet.
 */
public final class TinyFashion {

  public static final List<String> CLASSES = List.of("Bag", "Sneaker", "Trouser");
  private static Path root;

  private TinyFashion() {}

  /** The exported model. */
  public static synchronized Path model() {
    if (root == null) {
      root = build();
    }
    return root.resolve("tiny.fastj");
  }

  /** The folder it was trained on: train/CLASS/*.png and valid/CLASS/*.png (do not change it; copy it). */
  public static Path data() {
    model();
    return root.resolve("data");
  }

  /** Fashion-MNIST test images of the three classes, which the model never saw. */
  public static List<Path> testImages(int perClass) {
    Path fashion = Datasets.fashionMnist();
    return CLASSES.stream().flatMap(c -> ImageFiles.get(fashion.resolve("test").resolve(c)).stream().limit(perClass))
        .toList();
  }

  /** Copies a folder tree. */
  public static void copyTree(Path from, Path to) {
    try (var files = Files.walk(from)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Path t = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(t);
        } else {
          Files.copy(f, t);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path build() {
    try {
      Path dir = Files.createTempDirectory("fastj-tiny");
      dir.toFile().deleteOnExit();
      Path fashion = Datasets.fashionMnist();
      for (String cls : CLASSES) {
        List<Path> files = ImageFiles.get(fashion.resolve("train").resolve(cls));
        copy(files.subList(0, 48), Files.createDirectories(dir.resolve("data/train").resolve(cls)));
        copy(files.subList(48, 56), Files.createDirectories(dir.resolve("data/valid").resolve(cls)));
      }
      DataBlock<?> block = DataBlock.of(ImageBlock.grey(), CategoryBlock.create())
          .getItems(p -> ImageFiles.get(p, "train", "valid"))
          .splitter(Splitters.grandparent("train", "valid"))
          .getY(Labels.parentLabel())
          .itemTfms(Resize.of(28))
          .batchTfms(Normalize.fromData());
      try (DataLoaders dls = block.dataloaders(dir.resolve("data"), 16);
          Learner learn = VisionLearner.builder(dls, Arch.xresnetSmall()).progress(null).seed(7).build()) {
        learn.fitOneCycle(2, 5e-3);
        learn.export(dir.resolve("tiny.fastj"));
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void copy(List<Path> files, Path to) throws IOException {
    for (Path f : files) {
      Files.copy(f, to.resolve(f.getFileName()));
    }
  }
}
