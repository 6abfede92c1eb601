package dev.fastj.samples.cli;

import dev.fastj.data.DataLoaders;
import dev.fastj.learner.FineTune;
import dev.fastj.learner.Learner;
import dev.fastj.metrics.Metrics;
import dev.fastj.samples.web.Json;
import dev.fastj.vision.Arch;
import dev.fastj.vision.VisionLearner;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./fastj train}: a user's folder of images to an exported model, no code. From-scratch
 * architectures train with fit_one_cycle; a pretrained body (an ONNX body or the body of a fastj
 * export, {@code --pretrained FILE}) trains with fine_tune: one frozen epoch, then {@code --epochs}
 * unfrozen ones.
 */
@Command(name = "train", sortOptions = false,
    description = {"trains on a folder of images, one sub-folder per class (or train/ and valid/ folders of class "
        + "folders with --grandparent); arch: xresnet-small (default), resnet18, resnet34; --pretrained: a body to "
        + "fine-tune (fine_tune), a .fastj export of another image classifier or an .onnx model: one cut before its "
        + "pooling, or a whole classifier (a torchvision resnet18, say) with --cut auto (cut before its last global "
        + "pooling) or --cut VALUE (at the value or node of that name); features read from the file unless given. "
        + "Batches are normalised with the export's statistics or ImageNet's for .onnx (without --pretrained: the "
        + "data's)"})
final class TrainCommand implements Runnable {

  @Mixin
  ImageData data;

  @Mixin
  PretrainedBody.Options pretrainedBody;

  @Option(names = "--epochs", paramLabel = "N", defaultValue = "3", description = "epochs (default: ${DEFAULT-VALUE})")
  int epochs;

  @Option(names = "--lr", paramLabel = "X", description = "learning rate (default: chosen by lr_find, half of its "
      + "'minimum' suggestion; fine_tune's 2e-3 with --pretrained)")
  Double lr;

  @Option(names = "--out", paramLabel = "MODEL", description = "the file the exported model goes to")
  Path out;

  @Option(names = "--json", description = "print the results as one JSON object last")
  boolean json;

  @Override
  public void run() {
    if (out == null) {
      throw new CliException("train: --out MODEL is required (the file the exported model goes to)");
    }
    if (epochs < 1) {
      throw new CliException("train: --epochs must be positive, got " + epochs);
    }
    boolean pretrained = pretrainedBody.pretrained != null;
    if (lr != null && !(lr > 0)) {
      throw new CliException("train: --lr must be positive, got " + lr);
    }
    ImageData.Setup setup = data.setup(pretrainedBody);
    Arch arch = setup.arch();
    try (DataLoaders dls = data.dataloaders(setup.normalize());
        Learner learn = VisionLearner.builder(dls, arch).pretrained(pretrained)
            .metrics(Metrics.accuracy(), Metrics.errorRate()).build()) {
      System.out.printf("training %s on %d images (%d classes), validating on %d%n", arch.name(),
          dls.train().itemCount(), dls.vocab().size(), dls.valid().itemCount());
      if (pretrained) {
        learn.fineTune(epochs, lr != null ? lr : FineTune.defaults().baseLr());
      } else if (lr != null) {
        learn.fitOneCycle(epochs, lr);
      } else {
        // no learning rate: the learner runs lr_find and says what it chose
        learn.fitOneCycle(epochs);
      }
      learn.export(out);
      System.out.println("exported the model to " + out);
      if (json) {
        Map<String, Object> res = Results.training(learn.recorder());
        res.put("model", out.toString());
        res.put("vocab", dls.vocab());
        res.put("bs", dls.train().batchSize());
        System.out.println(Json.write(res));
      }
    }
  }
}
