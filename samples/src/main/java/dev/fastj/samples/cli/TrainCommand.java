package dev.fastj.samples.cli;

import dev.fastj.data.DataLoaders;
import dev.fastj.learner.FineTune;
import dev.fastj.learner.Learner;
import dev.fastj.learner.ThresholdSearch;
import dev.fastj.metrics.Metric;
import dev.fastj.metrics.Metrics;
import dev.fastj.metrics.ThresholdMetric;
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
        + "data's)",
        "With --csv FILE: multi-label (planet) from a CSV of image names and space-delimited tags: BCE loss, metrics "
        + "accuracy_multi and F2 (fbeta_score, samples average) at threshold 0.2 as fastai's planet lesson, then the "
        + "threshold chosen on the validation set by F2 (or --threshold X) is kept in the export for predict"})
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

  @Option(names = "--threshold", paramLabel = "X", description = "with --csv: the probability over which predict "
      + "gives a tag (default: the one with the best F2 on the validation set)")
  Double threshold;

  /** fastai's planet lesson: accuracy_multi and F2 averaged over samples, both at 0.2. */
  static final double PLANET_THRESH = 0.2;

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
    boolean multi = data.labels.given();
    if (threshold != null && !(multi && threshold > 0 && threshold < 1)) {
      throw new CliException(multi ? "train: --threshold must be between 0 and 1, got " + threshold
          : "train: --threshold is for multi-label data (--csv FILE); a classifier predicts its most probable class");
    }
    ImageData.Setup setup = data.setup(pretrainedBody);
    Arch arch = setup.arch();
    ThresholdMetric f2 = Metrics.fbeta(2, PLANET_THRESH, Metrics.Average.SAMPLES, true);
    Metric[] metrics = multi ? new Metric[] {Metrics.accuracyMulti(PLANET_THRESH, true), f2}
        : new Metric[] {Metrics.accuracy(), Metrics.errorRate()};
    try (DataLoaders dls = data.dataloaders(setup.normalize());
        Learner learn = VisionLearner.builder(dls, arch).pretrained(pretrained).metrics(metrics).seed(data.seed).build()) {
      System.out.printf("training %s on %d images (%d %s), validating on %d%n", arch.name(),
          dls.train().itemCount(), dls.vocab().size(), multi ? "tags" : "classes", dls.valid().itemCount());
      if (pretrained) {
        learn.fineTune(epochs, lr != null ? lr : FineTune.defaults().baseLr());
      } else if (lr != null) {
        learn.fitOneCycle(epochs, lr);
      } else {
        // no learning rate: the learner runs lr_find and says what it chose
        learn.fitOneCycle(epochs);
      }
      ThresholdSearch search = null;
      if (multi && threshold != null) {
        learn.threshold(threshold);
      } else if (multi) {
        search = learn.optimizeThreshold(f2);
        System.out.println("threshold chosen on the validation set: " + search);
      }
      learn.export(out);
      System.out.println("exported the model to " + out);
      if (json) {
        Map<String, Object> res = Results.training(learn.recorder());
        if (multi) {
          res.put("threshold", learn.threshold());
          if (search != null) {
            res.put("fbeta_score_at_threshold", search.bestScore());
          }
        }
        res.put("model", out.toString());
        res.put("vocab", dls.vocab());
        res.put("bs", dls.train().batchSize());
        System.out.println(Json.write(res));
      }
    }
  }
}
