package dev.fastj.samples.cli;

import dev.fastj.data.DataLoaders;
import dev.fastj.learner.Learner;
import dev.fastj.learner.LrFind;
import dev.fastj.samples.web.Json;
import dev.fastj.vision.VisionLearner;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./fastj lr-find}: fastai's learning-rate finder on a folder of images. */
@Command(name = "lr-find", sortOptions = false,
    description = "fastai's learning-rate finder on a folder of images (the options of train); prints the valley, "
        + "slide, minimum and steep suggestions, and fastj's suggested rate")
final class LrFindCommand implements Runnable {

  @Mixin
  ImageData data;

  @Mixin
  PretrainedBody.Options pretrainedBody;

  @Option(names = "--plot", paramLabel = "PNG", description = "write the loss against the learning rate there")
  Path plot;

  @Option(names = "--json", description = "print the suggestions as one JSON object last")
  boolean json;

  @Override
  public void run() {
    ImageData.Setup setup = data.setup(pretrainedBody);
    try (DataLoaders dls = data.dataloaders(setup.normalize());
        Learner learn = VisionLearner.builder(dls, setup.arch()).pretrained(pretrainedBody.pretrained != null).seed(data.seed)
            .build()) {
      LrFind found = learn.lrFind();
      System.out.printf("valley %.3g, slide %.3g, minimum %.3g, steep %.3g%n", found.valley(), found.slide(),
          found.minimum(), found.steep());
      System.out.printf("suggested %.3g (%s): the rule train follows without --lr, on its own 40-step finder from 1e-5%n", found.suggested(),
          found.suggestedRule());
      if (plot != null) {
        found.plot(plot);
        System.out.println("wrote " + plot);
      }
      if (json) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("valley", found.valley());
        m.put("slide", found.slide());
        m.put("minimum", found.minimum());
        m.put("steep", found.steep());
        m.put("suggested", found.suggested());
        System.out.println(Json.write(m));
      }
    }
  }
}
