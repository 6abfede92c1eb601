package dev.fastj.learner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.fastj.data.CategoryBlock;
import dev.fastj.data.DataBlock;
import dev.fastj.data.DataLoaders;
import dev.fastj.data.Labels;
import dev.fastj.data.Splitters;
import dev.fastj.metrics.Metrics;
import dev.fastj.onnx.testing.Stripes;
import dev.fastj.vision.Arch;
import dev.fastj.vision.ImageBlock;
import dev.fastj.vision.ImageFiles;
import dev.fastj.vision.Resize;
import dev.fastj.vision.VisionLearner;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fastai's show_results on a real learner: titles, the plot, and agreement with validate(). */
class ShowResultsTest {

  @TempDir
  Path dir;

  @Test
  void showResults_titlesTheFirstValidationImagesWithActualAndPredictedLabels() throws Exception {
    Stripes.write(dir.resolve("data"), 16, 16, 5);
    DataBlock<?> block = DataBlock.of(ImageBlock.grey(), CategoryBlock.create())
        .getItems(ImageFiles::get).splitter(Splitters.random(0.25, 1)).getY(Labels.parentLabel())
        .itemTfms(Resize.of(16));
    try (DataLoaders dls = block.dataloaders(dir.resolve("data"), 8);
        Learner learn = VisionLearner.builder(dls, Arch.xresnetSmall()).metrics(Metrics.accuracy()).progress(null)
            .seed(3).build()) {
      learn.fit(2, 1e-3);
      Path png = dir.resolve("results.png");
      learn.showResults(4, png);
      BufferedImage img = ImageIO.read(png.toFile());
      assertThat(img.getWidth()).isGreaterThan(2 * 16);
      List<ResultsPlot.Shown> shown = ResultsPlot.results(learn, dls, 100);
      assertThat(shown).hasSize(dls.valid().itemCount());
      for (ResultsPlot.Shown s : shown) {
        // the folder is the label; the prediction is one of the classes
        assertThat(s.item()).startsWith(s.actual() + "/");
        assertThat(dls.vocab()).contains(s.predicted());
        assertThat(s.wrong()).isEqualTo(!s.actual().equals(s.predicted()));
      }
      double accuracy = learn.validate()[1];
      long right = shown.stream().filter(s -> !s.wrong()).count();
      assertThat((double) right / shown.size()).isCloseTo(accuracy, within(1e-9));
      // fewer than the set: spread evenly, so that a set sorted by class shows several classes
      List<ResultsPlot.Shown> two = ResultsPlot.results(learn, dls, 2);
      int n = dls.valid().itemCount();
      assertThat(two).extracting(ResultsPlot.Shown::item)
          .containsExactly(dls.valid().describeItem(0), dls.valid().describeItem(n / 2));
      assertThatThrownBy(() -> learn.showResults(0, png)).hasMessageContaining("got 0");
    }
  }
}
