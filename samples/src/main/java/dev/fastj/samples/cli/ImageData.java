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
import java.util.Set;

/** The image-classification data and architecture options shared by train and lr-find. */
final class ImageData {

  static final Set<String> VALUED = Set.of("data", "valid-pct", "arch", "size", "bs", "seed");
  static final Set<String> SWITCHES = Set.of("grandparent", "grey", "json");

  private ImageData() {}

  /** The DataBlock for a folder of class folders, as the options say, normalised with {@code norm} (null: not). */
  static DataBlock<?> block(Args a, Normalize norm) {
    Path data = a.path("data", null);
    if (data == null) {
      throw new CliException("--data DIR is required (a folder with one sub-folder of images per class)");
    }
    if (!Files.isDirectory(data)) {
      throw new CliException("--data " + data + " is not a folder");
    }
    int size = a.integer("size", 64);
    if (size < 8) {
      throw new CliException("--size must be at least 8 pixels, got " + size);
    }
    long seed = a.integer("seed", 42);
    boolean grand = a.flag("grandparent");
    if (grand && a.has("valid-pct")) {
      throw new CliException("give --valid-pct or --grandparent, not both");
    }
    double validPct = a.number("valid-pct", 0.2);
    if (!(validPct > 0 && validPct < 1)) {
      throw new CliException("--valid-pct must be between 0 and 1, got " + validPct);
    }
    String validName = grand ? validFolder(data) : null;
    return DataBlock.of(a.flag("grey") ? ImageBlock.grey() : ImageBlock.create(), CategoryBlock.create())
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

  static DataLoaders dataloaders(Args a, Normalize norm) {
    int bs = a.integer("bs", 64);
    if (bs < 1) {
      throw new CliException("--bs must be positive, got " + bs);
    }
    return block(a, norm).dataloaders(a.path("data", null), bs);
  }

  /** The architecture to train and the Normalize its batches get (null: none). */
  record Setup(Arch arch, Normalize normalize) {}

  /**
   * The pretrained body of --pretrained with the statistics it was trained with
   * ({@link PretrainedBody}), or the architecture named by --arch, from random weights, with the
   * statistics of the data (fastai's {@code Normalize()} without stats).
   */
  static Setup setup(Args a) {
    if (a.has("pretrained")) {
      if (a.has("arch")) {
        throw new CliException("--arch " + a.string("arch", "") + " and --pretrained both name the body; the body of "
            + "--pretrained is the architecture, so drop --arch");
      }
      return PretrainedBody.load(a);
    }
    for (String o : List.of("cut", "pretrained-features")) {
      if (a.has(o)) {
        throw new CliException("--" + o + " is an option of --pretrained FILE; give the file to fine-tune");
      }
    }
    String name = a.string("arch", "xresnet-small");
    Arch arch = switch (name) {
      case "xresnet-small", "xresnet_small", "small" -> Arch.xresnetSmall();
      case "resnet18" -> Arch.resnet18();
      case "resnet34" -> Arch.resnet34();
      default -> throw new CliException("unknown --arch " + name + "; use xresnet-small, resnet18 or resnet34");
    };
    return new Setup(arch, Normalize.fromData());
  }
}
