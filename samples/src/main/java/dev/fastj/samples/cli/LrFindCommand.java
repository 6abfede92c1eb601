package dev.fastj.samples.cli;

import dev.fastj.data.DataLoaders;
import dev.fastj.learner.Learner;
import dev.fastj.learner.LrFind;
import dev.fastj.vision.VisionLearner;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** {@code ./fastj lr-find}: fastai's learning-rate finder on a folder of images. */
final class LrFindCommand {

  private LrFindCommand() {}

  static void run(String[] argv) {
    Set<String> valued = new HashSet<>(ImageData.VALUED);
    valued.add("plot");
    valued.addAll(PretrainedBody.OPTIONS);
    Args a = Args.parse("lr-find", argv, valued, ImageData.SWITCHES);
    ImageData.Setup setup = ImageData.setup(a);
    try (DataLoaders dls = ImageData.dataloaders(a, setup.normalize());
        Learner learn = VisionLearner.builder(dls, setup.arch()).pretrained(a.has("pretrained")).build()) {
      LrFind found = learn.lrFind();
      System.out.printf("valley %.3g, slide %.3g, minimum %.3g, steep %.3g%n", found.valley(), found.slide(),
          found.minimum(), found.steep());
      Path plot = a.path("plot", null);
      if (plot != null) {
        found.plot(plot);
        System.out.println("wrote " + plot);
      }
      if (a.flag("json")) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("valley", found.valley());
        m.put("slide", found.slide());
        m.put("minimum", found.minimum());
        m.put("steep", found.steep());
        System.out.println(Json.write(m));
      }
    }
  }
}
