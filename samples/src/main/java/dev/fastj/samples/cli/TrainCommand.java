package dev.fastj.samples.cli;

import dev.fastj.data.DataLoaders;
import dev.fastj.learner.Learner;
import dev.fastj.metrics.Metrics;
import dev.fastj.vision.Arch;
import dev.fastj.vision.VisionLearner;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * {@code ./fastj train}: a user's folder of images to an exported model, no code. From-scratch
 * architectures train with fit_one_cycle; a pretrained body (an ONNX body or the body of a fastj
 * export, {@code --pretrained FILE}) trains with fine_tune: one frozen epoch, then {@code --epochs}
 * unfrozen ones.
 */
final class TrainCommand {

  private TrainCommand() {}

  static void run(String[] argv) {
    Set<String> valued = new HashSet<>(ImageData.VALUED);
    valued.addAll(Set.of("epochs", "lr", "out"));
    valued.addAll(PretrainedBody.OPTIONS);
    Args a = Args.parse("train", argv, valued, ImageData.SWITCHES);
    Path out = a.path("out", null);
    if (out == null) {
      throw new CliException("train: --out MODEL is required (the file the exported model goes to)");
    }
    int epochs = a.integer("epochs", 3);
    if (epochs < 1) {
      throw new CliException("train: --epochs must be positive, got " + epochs);
    }
    boolean pretrained = a.has("pretrained");
    double lr = a.number("lr", pretrained ? 2e-3 : 3e-3);
    if (!(lr > 0)) {
      throw new CliException("train: --lr must be positive, got " + lr);
    }
    ImageData.Setup setup = ImageData.setup(a);
    Arch arch = setup.arch();
    try (DataLoaders dls = ImageData.dataloaders(a, setup.normalize());
        Learner learn = VisionLearner.builder(dls, arch).pretrained(pretrained)
            .metrics(Metrics.accuracy(), Metrics.errorRate()).build()) {
      System.out.printf("training %s on %d images (%d classes), validating on %d%n", arch.name(),
          dls.train().itemCount(), dls.vocab().size(), dls.valid().itemCount());
      if (pretrained) {
        learn.fineTune(epochs, lr);
      } else {
        learn.fitOneCycle(epochs, lr);
      }
      learn.export(out);
      System.out.println("exported the model to " + out);
      if (a.flag("json")) {
        Map<String, Object> res = Results.training(learn.recorder());
        res.put("model", out.toString());
        res.put("vocab", dls.vocab());
        System.out.println(Json.write(res));
      }
    }
  }
}
