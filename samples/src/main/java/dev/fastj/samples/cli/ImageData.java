package dev.fastj.samples.cli;

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
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/** The image-classification data and architecture options shared by train and lr-find. */
final class ImageData {

  static final Set<String> VALUED = Set.of("data", "valid-pct", "arch", "size", "bs", "seed");
  static final Set<String> SWITCHES = Set.of("grandparent", "grey", "json");

  private ImageData() {}

  /** The DataBlock for a folder of class folders, as the options say. */
  static DataBlock<?> block(Args a) {
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
        .batchTfms(Augment.transforms(), Normalize.fromData());
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

  static DataLoaders dataloaders(Args a) {
    int bs = a.integer("bs", 64);
    if (bs < 1) {
      throw new CliException("--bs must be positive, got " + bs);
    }
    return block(a).dataloaders(a.path("data", null), bs);
  }

  /**
   * The architecture named by --arch, or the pretrained body of --pretrained: a fastj export
   * ({@code learn.export}, a zip) or a standard ONNX body, told apart by their first bytes. An
   * ONNX body's features come from --pretrained-features, else from the file itself.
   */
  static Arch arch(Args a) {
    if (a.has("pretrained")) {
      Path file = a.path("pretrained", null);
      if (!Files.isRegularFile(file)) {
        throw new CliException("--pretrained " + file + " is not a file; give an .onnx body or a .fastj export");
      }
      if (isZip(file)) {
        if (a.has("pretrained-features")) {
          throw new CliException("--pretrained-features is for .onnx bodies; " + file
              + " is a fastj export, which records its body's features");
        }
        return Arch.fromExport(file);
      }
      if (!a.has("pretrained-features")) {
        return Arch.fromOnnx(file);
      }
      int features = a.integer("pretrained-features", 0);
      if (features < 1) {
        throw new CliException("--pretrained-features must be positive, got " + features);
      }
      return Arch.fromOnnx(file, features);
    }
    String name = a.string("arch", "xresnet-small");
    return switch (name) {
      case "xresnet-small", "xresnet_small", "small" -> Arch.xresnetSmall();
      case "resnet18" -> Arch.resnet18();
      case "resnet34" -> Arch.resnet34();
      default -> throw new CliException("unknown --arch " + name + "; use xresnet-small, resnet18 or resnet34");
    };
  }

  /** True when the file starts like a zip (a fastj export); ONNX files are protobuf and never do. */
  static boolean isZip(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] head = in.readNBytes(4);
      return head.length == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
    } catch (IOException e) {
      throw new UncheckedIOException("could not read --pretrained " + file + ": " + e.getMessage(), e);
    }
  }
}
