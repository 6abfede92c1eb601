package dev.fastj.samples.cli;

import dev.fastj.data.BatchTransform;
import dev.fastj.data.CategoryBlock;
import dev.fastj.data.DataBlock;
import dev.fastj.data.DataLoaders;
import dev.fastj.data.Labels;
import dev.fastj.data.Splitters;
import dev.fastj.vision.Arch;
import dev.fastj.vision.Augment;
import dev.fastj.vision.ImageBlock;
import dev.fastj.vision.ImageFiles;
import dev.fastj.vision.Normalize;
import dev.fastj.vision.Resize;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The image-classification data and architecture options shared by train and lr-find (a picocli
 * mixin): {@code --data DIR [--valid-pct P | --grandparent] [--arch NAME] [--size N] [--bs N]
 * [--seed N] [--grey]}.
 */
final class ImageData {

  @Option(names = "--data", paramLabel = "DIR", description = "a folder with one sub-folder of images per class "
      + "(or train/ and valid/ folders of class folders with --grandparent)")
  Path data;

  @Option(names = "--valid-pct", paramLabel = "P", description = "fraction of the images held out for validation, "
      + "at random (default: 0.2)")
  Double validPct;

  @Option(names = "--grandparent", description = "split by the train/ and valid/ (or test/) folders instead")
  boolean grandparent;

  @Option(names = "--arch", paramLabel = "NAME", description = "xresnet-small (default), resnet18 or resnet34")
  String arch;

  @Option(names = "--size", paramLabel = "N", defaultValue = "64", description = "image size in pixels "
      + "(default: ${DEFAULT-VALUE})")
  int size;

  @Option(names = "--bs", paramLabel = "N", defaultValue = "64", description = "batch size (default: ${DEFAULT-VALUE})")
  int bs;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "seed of the random split "
      + "(default: ${DEFAULT-VALUE})")
  int seed;

  @Option(names = "--grey", description = "read the images as one grey channel")
  boolean grey;

  /** The DataBlock for a folder of class folders, as the options say, normalised with {@code norm} (null: not). */
  DataBlock<?> block(Normalize norm) {
    if (data == null) {
      throw new CliException("--data DIR is required (a folder with one sub-folder of images per class)");
    }
    if (!Files.isDirectory(data)) {
      throw new CliException("--data " + data + " is not a folder");
    }
    if (size < 8) {
      throw new CliException("--size must be at least 8 pixels, got " + size);
    }
    boolean grand = grandparent;
    if (grand && validPct != null) {
      throw new CliException("give --valid-pct or --grandparent, not both");
    }
    double validPct = this.validPct != null ? this.validPct : 0.2;
    if (!(validPct > 0 && validPct < 1)) {
      throw new CliException("--valid-pct must be between 0 and 1, got " + validPct);
    }
    String validName = grand ? validFolder(data) : null;
    return DataBlock.of(grey ? ImageBlock.grey() : ImageBlock.create(), CategoryBlock.create())
        .getItems(grand ? p -> ImageFiles.get(p, "train", validName) : ImageFiles::get)
        .splitter(grand ? Splitters.grandparent("train", validName) : Splitters.random(validPct, seed))
        .getY(Labels.parentLabel())
        .itemTfms(Resize.of(size))
        .batchTfms(norm == null ? new BatchTransform[] {Augment.transforms()}
            : new BatchTransform[] {Augment.transforms(), norm});
  }

  /** "valid", or "test" when only that exists: the bundled data set's layout. */
  private static String validFolder(Path data) {
    if (!Files.isDirectory(data.resolve("train"))) {
      throw new CliException("--grandparent needs " + data.resolve("train") + " (and valid/ or test/)");
    }
    if (Files.isDirectory(data.resolve("valid"))) {
      return "valid";
    }
    if (Files.isDirectory(data.resolve("test"))) {
      return "test";
    }
    throw new CliException("--grandparent needs " + data.resolve("valid") + " next to train/");
  }

  DataLoaders dataloaders(Normalize norm) {
    if (bs < 1) {
      throw new CliException("--bs must be positive, got " + bs);
    }
    return block(norm).dataloaders(data, bs);
  }

  /** The architecture to train and the Normalize its batches get (null: none). */
  record Setup(Arch arch, Normalize normalize) {}

  /**
   * The pretrained body of --pretrained with the statistics it was trained with
   * ({@link PretrainedBody}), or the architecture named by --arch, from random weights, with the
   * statistics of the data (fastai's {@code Normalize()} without stats).
   */
  Setup setup(PretrainedBody.Options p) {
    if (p.pretrained != null) {
      if (arch != null) {
        throw new CliException("--arch " + arch + " and --pretrained both name the body; the body of "
            + "--pretrained is the architecture, so drop --arch");
      }
      return PretrainedBody.load(p, grey);
    }
    if (!p.given().isEmpty()) {
      throw new CliException("--" + p.given().get(0) + " is an option of --pretrained FILE; give the file to fine-tune");
    }
    String name = arch != null ? arch : "xresnet-small";
    Arch arch = switch (name) {
      case "xresnet-small", "xresnet_small", "small" -> Arch.xresnetSmall();
      case "resnet18" -> Arch.resnet18();
      case "resnet34" -> Arch.resnet34();
      default -> throw new CliException("unknown --arch " + name + "; use xresnet-small, resnet18 or resnet34");
    };
    return new Setup(arch, Normalize.fromData());
  }
}
