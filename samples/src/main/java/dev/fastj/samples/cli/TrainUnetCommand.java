package dev.fastj.samples.cli;

import dev.fastj.data.DataBlock;
import dev.fastj.data.DataLoaders;
import dev.fastj.data.Splitters;
import dev.fastj.learner.FineTune;
import dev.fastj.learner.Learner;
import dev.fastj.metrics.Metric;
import dev.fastj.metrics.Metrics;
import dev.fastj.samples.web.Json;
import dev.fastj.vision.Arch;
import dev.fastj.vision.ImageBlock;
import dev.fastj.vision.ImageFiles;
import dev.fastj.vision.MaskBlock;
import dev.fastj.vision.Normalize;
import dev.fastj.vision.Resize;
import dev.fastj.vision.UnetLearner;
import dev.fastj.vision.image.Images;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./fastj train-unet}: a camvid-style folder (images, masks named {@code <image>_P.png}, codes,
 * the validation list) to an exported U-Net, no code: fastai's {@code unet_learner} with
 * {@code fit_one_cycle} from random weights, or {@code fine_tune} over the body of {@code --pretrained FILE}
 * (an image classifier's export or an {@code .onnx} model, cut as {@code ./fastj train} cuts it).
 */
@Command(name = "train-unet", sortOptions = false,
    description = {"trains a U-Net for segmentation on a folder in fastai's camvid layout: DIR/images/*.png, a mask "
        + "per image in DIR/labels/<name>_P.png (grey level = code), DIR/codes.txt (one code name a line; a code "
        + "named void is left out of the accuracy) and DIR/valid.txt (the validation images' names); arch: "
        + "xresnet-small (default), resnet18, resnet34, or the body of --pretrained FILE (a .fastj image classifier or an "
        + ".onnx model, frozen for one epoch, then fine-tuned: fine_tune); metrics: foreground accuracy (acc_camvid) and dice_multi"})
final class TrainUnetCommand implements Runnable {

  @Option(names = "--data", paramLabel = "DIR", required = true, description = "the folder")
  Path data;

  @Option(names = "--images", paramLabel = "NAME", defaultValue = "images",
      description = "the images' sub-folder (default: ${DEFAULT-VALUE})")
  String images;

  @Option(names = "--masks", paramLabel = "NAME", defaultValue = "labels",
      description = "the masks' sub-folder (default: ${DEFAULT-VALUE})")
  String masks;

  @Option(names = "--codes", paramLabel = "FILE", defaultValue = "codes.txt",
      description = "the code names, one a line, in DIR (default: ${DEFAULT-VALUE})")
  String codes;

  @Option(names = "--valid", paramLabel = "FILE", defaultValue = "valid.txt",
      description = "the validation images' file names, one a line, in DIR (default: ${DEFAULT-VALUE})")
  String valid;

  @Option(names = "--arch", paramLabel = "NAME",
      description = "xresnet-small (default), resnet18 or resnet34")
  String arch;

  @Mixin
  PretrainedBody.Options pretrainedBody;

  @Option(names = "--size", paramLabel = "N", description = "resize images and masks to N x N (default: their size)")
  Integer size;

  @Option(names = "--bs", paramLabel = "N", defaultValue = "16", description = "batch size (default: ${DEFAULT-VALUE})")
  int bs;

  @Option(names = "--epochs", paramLabel = "N", defaultValue = "5", description = "epochs (default: ${DEFAULT-VALUE})")
  int epochs;

  @Option(names = "--lr", paramLabel = "X",
      description = "the one-cycle learning rate (default: 3e-3), or fine_tune's base rate with --pretrained "
          + "(default: 2e-3, fastai's)")
  Double lr;

  @Option(names = "--out", paramLabel = "MODEL", required = true, description = "the file the exported model goes to")
  Path out;

  @Option(names = "--json", description = "print the results as one JSON object last")
  boolean json;

  @Override
  public void run() {
    if (epochs < 1 || bs < 1 || (lr != null && !(lr > 0))) {
      throw new CliException("train-unet: --epochs, --bs and --lr must be positive, got " + epochs + ", " + bs
          + " and " + lr);
    }
    Path imageDir = existing(data.resolve(images), "--images", "the images' folder");
    Path maskDir = existing(data.resolve(masks), "--masks", "the masks' folder");
    List<String> codeNames = lines(existing(data.resolve(codes), "--codes", "the code names, one a line"));
    if (codeNames.isEmpty()) {
      throw new CliException("train-unet: " + data.resolve(codes) + " names no codes; write one code name a line");
    }
    Path validFile = existing(data.resolve(valid), "--valid", "the validation images' names, one a line");
    List<Path> files = ImageFiles.get(imageDir);
    if (files.isEmpty()) {
      throw new CliException("train-unet: no images in " + imageDir);
    }
    boolean pretrained = pretrainedBody.pretrained != null;
    Arch body;
    Normalize norm;
    boolean grey;
    if (pretrained) {
      if (arch != null) {
        throw new CliException("train-unet: --arch " + arch + " and --pretrained both name the body; drop --arch");
      }
      ImageData.Setup s = PretrainedBody.load(pretrainedBody, null);
      body = s.arch();
      norm = s.normalize();
      grey = s.grey() != null ? s.grey() : Images.read(files.get(0)).channels() == 1;
    } else {
      if (!pretrainedBody.given().isEmpty()) {
        throw new CliException("train-unet: --" + pretrainedBody.given().get(0) + " is an option of --pretrained FILE");
      }
      body = archNamed(arch != null ? arch : "xresnet-small");
      norm = Normalize.fromData();
      grey = Images.read(files.get(0)).channels() == 1;
    }
    DataBlock<Path> block = DataBlock.of(grey ? ImageBlock.grey() : ImageBlock.create(), MaskBlock.create(codeNames))
        .getItems(p -> ImageFiles.get(imageDir))
        .splitter(Splitters.byFile(validFile))
        .getY(p -> maskDir.resolve(maskName(p)));
    if (norm != null) {
      block = block.batchTfms(norm);
    }
    if (size != null) {
      block = block.itemTfms(Resize.of(size));
    }
    int voidCode = voidCode(codeNames);
    List<Metric> metrics = new ArrayList<>();
    metrics.add(voidCode >= 0 ? Metrics.foregroundAcc(voidCode) : Metrics.foregroundAcc(-1));
    metrics.add(Metrics.diceMulti());
    try (DataLoaders dls = block.dataloaders(data, bs);
        Learner learn = UnetLearner.builder(dls, body).pretrained(pretrained).metrics(metrics.toArray(Metric[]::new)).build()) {
      System.out.printf("training a U-Net (%s) on %d images with %d codes%s, validating on %d%n",
          pretrained ? pretrainedBody.pretrained.getFileName() + "'s body" : arch != null ? arch : "xresnet-small",
          dls.train().itemCount(), codeNames.size(), voidCode >= 0 ? " (void: " + codeNames.get(voidCode) + ")" : "",
          dls.valid().itemCount());
      if (pretrained) {
        learn.fineTune(epochs, lr != null ? lr : FineTune.defaults().baseLr());
      } else {
        learn.fitOneCycle(epochs, lr != null ? lr : 3e-3);
      }
      learn.export(out);
      System.out.println("exported the model to " + out);
      if (json) {
        Map<String, Object> res = Results.training(learn.recorder());
        res.put("model", out.toString());
        res.put("codes", codeNames);
        res.put("bs", dls.train().batchSize());
        System.out.println(Json.write(res));
      }
    }
  }

  /** fastai's camvid mask name: {@code <stem>_P<suffix>}. */
  static String maskName(Path image) {
    String n = image.getFileName().toString();
    int dot = n.lastIndexOf('.');
    return dot < 0 ? n + "_P" : n.substring(0, dot) + "_P" + n.substring(dot);
  }

  /** The index of the code named void (any case), or -1. */
  static int voidCode(List<String> codes) {
    for (int i = 0; i < codes.size(); i++) {
      if (codes.get(i).trim().equalsIgnoreCase("void")) {
        return i;
      }
    }
    return -1;
  }

  private static Arch archNamed(String name) {
    return switch (name) {
      case "xresnet-small", "xresnet_small", "small" -> Arch.xresnetSmall();
      case "resnet18" -> Arch.resnet18();
      case "resnet34" -> Arch.resnet34();
      default -> throw new CliException("train-unet: unknown --arch " + name + "; use xresnet-small, resnet18 or resnet34");
    };
  }

  private Path existing(Path p, String option, String what) {
    if (!Files.exists(p)) {
      throw new CliException("train-unet: " + p + " does not exist (" + what + "); pass " + option
          + " if it has another name in " + data);
    }
    return p;
  }

  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
