package dev.fastj.samples.cli;

import dev.fastj.data.BatchTransform;
import dev.fastj.data.CategoryBlock;
import dev.fastj.data.DataBlock;
import dev.fastj.data.DataLoaderOptions;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The image-classification data and architecture options shared by train and lr-find (a picocli
 * mixin): {@code --data DIR [--valid-pct P | --grandparent] [--arch NAME] [--size N] [--bs N]
 * [--seed N] [--grey | --rgb] [--flip] [--flip-vert] [--no-aug]}. Without options the folder decides
 * (see {@link #plan()}): its images' own size up to 128 px, grey when they are, and a smaller batch
 * for a small folder; augmentation is fastai's {@code aug_transforms} without flips.
 */
final class ImageData {

  /** Multi-label data from a CSV of image names and tags ({@code --csv}), instead of class folders. */
  @Mixin
  CsvLabels labels;

  @Option(names = "--data", paramLabel = "DIR", description = "a folder with one sub-folder of images per class "
      + "(or train/ and valid/ folders of class folders with --grandparent, or the images and CSV of --csv)")
  Path data;

  @Option(names = "--valid-pct", paramLabel = "P", description = "fraction of the images held out for validation, "
      + "at random (default: 0.2)")
  Double validPct;

  @Option(names = "--grandparent", description = "split by the train/ and valid/ (or test/) folders instead")
  boolean grandparent;

  @Option(names = "--arch", paramLabel = "NAME", description = "xresnet-small (default), resnet18 or resnet34")
  String arch;

  @Option(names = "--size", paramLabel = "N", description = "image size in pixels (default: the images' own size, "
      + "scaled down to at most " + MAX_DEFAULT_SIZE + " on the longer side)")
  Integer size;

  @Option(names = "--bs", paramLabel = "N", description = "batch size (default: 64, smaller for a training set of "
      + "fewer than 8 batches of 64, so that an epoch has at least 8 steps)")
  Integer bs;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "seed of the random split, the "
      + "training order and the initial weights: runs with the same seed give the same model (default: ${DEFAULT-VALUE})")
  int seed;

  @Option(names = "--grey", description = "read the images as one grey channel (default when all the images "
      + "looked at are grey)")
  boolean grey;

  @Option(names = "--rgb", description = "read the images as three colour channels, even grey ones")
  boolean rgb;

  @Option(names = "--flip", description = "flip training images left to right at random (fastai's do_flip, for "
      + "photos: off by default, since a flip changes digits, letters and anything with a handedness)")
  boolean flip;

  @Option(names = "--flip-vert", description = "also flip top to bottom and turn by right angles (fastai's "
      + "flip_vert, for satellite or microscope images)")
  boolean flipVert;

  @Option(names = "--aug", description = "augment training batches with fastai's aug_transforms (small rotations, "
      + "zooms, warps and lighting changes; flips only with --flip). Off by default, as in fastai's "
      + "ImageDataLoaders.from_folder: on the sets measured it helped only the scaled digits")
  boolean aug;

  @Option(names = "--no-aug", description = "no augmentation (the default; kept for scripts that say so)")
  boolean noAug;

  /** The most pixels on the longer side that the default size keeps. */
  static final int MAX_DEFAULT_SIZE = 128;

  private FolderSurvey survey;
  /** The channels a pretrained body takes (null: none given, the images decide). */
  private Boolean bodyGrey;

  /** The folder as the options and a look at its images say: items, size, channels, batch size. */
  record Plan(List<Path> trainFiles, int height, int width, boolean grey, int bs, String said) {}

  /** The defaults this folder gets, each said in {@code said}; computed once. */
  Plan plan() {
    checkData();
    if (size != null && size < 8) {
      throw new CliException("--size must be at least 8 pixels, got " + size);
    }
    if (bs != null && bs < 1) {
      throw new CliException("--bs must be positive, got " + bs);
    }
    List<Path> train = labels.given() ? labels.table(data).files()
        : grandparent ? ImageFiles.get(data.resolve("train")) : ImageFiles.get(data);
    if (train.isEmpty()) {
      throw new CliException("--data " + data + " has no images" + (grandparent ? " under train/" : "")
          + " (looked for " + String.join(", ", ImageFiles.EXTENSIONS) + " files in class folders)");
    }
    if (grey && rgb) {
      throw new CliException("give --grey or --rgb, not both");
    }
    if (survey == null) {
      survey = FolderSurvey.of(train);
    }
    List<String> said = new ArrayList<>();
    int h;
    int w;
    if (size != null) {
      if (size < 8) {
        throw new CliException("--size must be at least 8 pixels, got " + size);
      }
      h = size;
      w = size;
    } else {
      int[] hw = survey.defaultSize(MAX_DEFAULT_SIZE, 64);
      h = hw[0];
      w = hw[1];
      said.add(String.format(Locale.ROOT, "size %dx%d (%s; --size N to change)", w, h, survey.sampled() == 0
          ? "no image could be read to tell" : Math.max(survey.width(), survey.height()) <= MAX_DEFAULT_SIZE
          ? "the images' own" : "the images' " + survey.width() + "x" + survey.height() + " scaled down"));
    }
    if (labels.given()) {
      said.add(0, labels.table(data).said());
    }
    boolean g = grey || (!rgb && (bodyGrey != null ? bodyGrey : survey.grey()));
    if (!grey && !rgb && bodyGrey == null) {
      said.add(g ? "grey (every image looked at is; --rgb to read colour)" : "colour");
    }
    int nTrain = grandparent ? train.size() : (int) Math.round(train.size() * (1 - validPct()));
    int b;
    if (bs != null) {
      if (bs < 1) {
        throw new CliException("--bs must be positive, got " + bs);
      }
      b = bs;
    } else {
      b = defaultBatchSize(nTrain);
      if (b != 64) {
        said.add(String.format(Locale.ROOT, "batch size %d, not 64: %d training images would make only %d "
            + "batch%s of 64 an epoch (--bs N to choose)", b, nTrain, nTrain / 64, nTrain / 64 == 1 ? "" : "es"));
      }
    }
    return new Plan(train, h, w, g, b, String.join("; ", said));
  }

  /**
   * fastai's batch size of 64, or for a training set of fewer than 8 batches of 64 the largest
   * power of two, down to 8, that gives an epoch at least 8 steps: 20 images of 5 classes make
   * one batch of 64 an epoch (the last partial batch is dropped), so fine_tune(3) would make 4
   * optimizer steps in all.
   */
  static int defaultBatchSize(int trainImages) {
    int b = 64;
    while (b > 8 && trainImages / b < 8) {
      b /= 2;
    }
    return b;
  }

  private void checkData() {
    if (data == null) {
      throw new CliException("--data DIR is required (a folder with one sub-folder of images per class)");
    }
    if (!Files.isDirectory(data)) {
      throw new CliException("--data " + data + " is not a folder");
    }
    if (grandparent && validPct != null) {
      throw new CliException("give --valid-pct or --grandparent, not both");
    }
    if (labels.given() && grandparent) {
      throw new CliException("--grandparent splits class folders; with --csv give --valid-col COL or --valid-pct P");
    }
    if (labels.given() && labels.validCol != null && validPct != null) {
      throw new CliException("give --valid-pct or --valid-col, not both");
    }
    if (!labels.given() && !labels.strays().isEmpty()) {
      throw new CliException(labels.strays().get(0) + " is an option of --csv FILE (multi-label data from a CSV); "
          + "give the CSV");
    }
    double v = validPct();
    if (!(v > 0 && v < 1)) {
      throw new CliException("--valid-pct must be between 0 and 1, got " + v);
    }
    if (grandparent) {
      validFolder(data);
    }
  }

  private double validPct() {
    return validPct != null ? validPct : 0.2;
  }

  /**
   * The training augmentation: fastai's aug_transforms, with flips only when asked, when --aug,
   * --flip or --flip-vert asks for it; null otherwise (fastai's {@code from_folder} default). On
   * the sets of docs/training.md it cost 0.6 to 9 points at 3 epochs everywhere, and at 10 lost up
   * to 19 points (the shapes) while gaining 1.7 at most (the scaled digits).
   */
  Augment augment() {
    if (noAug) {
      if (flip || flipVert || aug) {
        throw new CliException("--no-aug turns augmentation off; drop it to use --aug, --flip or --flip-vert");
      }
      return null;
    }
    if (!aug && !flip && !flipVert) {
      return null;
    }
    return Augment.transforms().withDoFlip(flip || flipVert).withFlipVert(flipVert);
  }

  /**
   * The DataBlock for a folder of class folders, as the options say, normalised with
   * {@code norm} (null: not).
   */
  DataBlock<?> block(Normalize norm) {
    Plan p = plan();
    String validName = grandparent ? validFolder(data) : null;
    List<BatchTransform> tfms = new ArrayList<>();
    Augment a = augment();
    if (a != null) {
      tfms.add(a);
    }
    if (norm != null) {
      tfms.add(norm);
    }
    if (labels.given()) {
      return labels.block(data, p.grey(), p.height(), p.width(), validPct(), seed, tfms);
    }
    return DataBlock.of(p.grey() ? ImageBlock.grey() : ImageBlock.create(), CategoryBlock.create())
        .getItems(grandparent ? q -> ImageFiles.get(q, "train", validName) : ImageFiles::get)
        .splitter(grandparent ? Splitters.grandparent("train", validName) : Splitters.random(validPct(), seed))
        .getY(Labels.parentLabel())
        .itemTfms(Resize.of(p.height(), p.width()))
        .batchTfms(tfms.toArray(new BatchTransform[0]));
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

  /** The loaders, saying what the folder decided. */
  DataLoaders dataloaders(Normalize norm) {
    DataBlock<?> block = block(norm);
    Plan p = plan();
    Augment a = augment();
    String augSaid = a == null ? "no augmentation" + (noAug ? "" : " (--aug to augment)")
        : "fastai's aug_transforms" + (flip || flipVert ? "" : " without flips (--flip for photos)");
    System.out.println("data: " + (p.said().isEmpty() ? "" : p.said() + "; ") + augSaid);
    return block.dataloaders(data, p.bs(), DataLoaderOptions.defaults().withSeed(seed));
  }

  /**
   * The architecture to train, the Normalize its batches get (null: none) and the channels it
   * takes (true grey, false RGB, null: whatever the images are).
   */
  record Setup(Arch arch, Normalize normalize, Boolean grey) {}

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
      if (grey && rgb) {
        throw new CliException("give --grey or --rgb, not both");
      }
      Setup s = PretrainedBody.load(p, grey ? Boolean.TRUE : rgb ? Boolean.FALSE : null);
      bodyGrey = s.grey();
      return s;
    }
    if (!p.given().isEmpty()) {
      throw new CliException("--" + p.given().get(0) + " is an option of --pretrained FILE; give the file to fine-tune");
    }
    return new Setup(namedArch(arch != null ? arch : "xresnet-small"), Normalize.fromData(), null);
  }

  /** The built-in architecture an {@code --arch} value names. */
  static Arch namedArch(String name) {
    return switch (name) {
      case "xresnet-small", "xresnet_small", "small" -> Arch.xresnetSmall();
      case "resnet18" -> Arch.resnet18();
      case "resnet34" -> Arch.resnet34();
      default -> throw new CliException("unknown --arch " + name + "; use xresnet-small, resnet18 or resnet34");
    };
  }
}
