package dev.fastj.learner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fastj.data.CategoryBlock;
import dev.fastj.data.DataBlock;
import dev.fastj.data.DataLoaders;
import dev.fastj.data.Labels;
import dev.fastj.data.MultiCategoryBlock;
import dev.fastj.data.Splitters;
import dev.fastj.interpret.ClassificationInterpretation;
import dev.fastj.interpret.MultiLabelInterpretation;
import dev.fastj.metrics.Metrics;
import dev.fastj.nn.BCEWithLogitsLossFlat;
import dev.fastj.vision.Arch;
import dev.fastj.vision.Datasets;
import dev.fastj.vision.ImageBlock;
import dev.fastj.vision.ImageFiles;
import dev.fastj.vision.Normalize;
import dev.fastj.vision.VisionLearner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A multi-label learner's threshold: fastai's default 0.5, set by hand or by optimizeThreshold,
 * used by predict and kept by the export; single-label learners refuse it; the interpretations
 * send each kind to its own. Three Fashion-MNIST classes as tags (with a "clothes" tag on two of
 * them, so items have one or two tags), 30 images each, one epoch.
 */
class MultiLabelLearnerTest {

  @TempDir
  static Path dir;
  private static Path data;

  @BeforeAll
  static void images() throws Exception {
    data = dir.resolve("data");
    for (String cls : List.of("Bag", "Dress", "Trouser")) {
      Path to = Files.createDirectories(data.resolve(cls));
      for (Path f : ImageFiles.get(Datasets.fashionMnist().resolve("train").resolve(cls)).subList(0, 30)) {
        Files.copy(f, to.resolve(f.getFileName()));
      }
    }
  }

  private static DataBlock<?> block(dev.fastj.data.Block target, Function<Path, Object> getY) {
    return DataBlock.of(ImageBlock.grey(), target).getItems(ImageFiles::get).splitter(Splitters.random(0.2, 1))
        .getY(getY::apply).batchTfms(Normalize.fromData());
  }

  private static Object tags(Path p) {
    String cls = p.getParent().getFileName().toString();
    return cls.equals("Bag") ? List.of(cls) : List.of(cls, "clothes");
  }

  @Test
  void threshold_isChosenOnValidation_usedByPredict_andKeptByTheExport() {
    Path export = dir.resolve("tags.fastj");
    var f2 = Metrics.fbeta(2, 0.2, Metrics.Average.SAMPLES, true);
    try (DataLoaders dls = block(MultiCategoryBlock.create(), MultiLabelLearnerTest::tags).dataloaders(data, 16);
        Learner learn = VisionLearner.builder(dls, Arch.xresnetSmall()).metrics(f2).progress(null).seed(3).build()) {
      assertThat(learn.loss()).isInstanceOf(BCEWithLogitsLossFlat.class);
      assertThat(learn.threshold()).as("BCEWithLogitsLossFlat's default").isEqualTo(0.5);
      learn.fit(1, 3e-3);
      ThresholdSearch s = learn.optimizeThreshold(f2);
      assertThat(learn.threshold()).isEqualTo(s.best());
      assertThat(learn.loss().describe()).isEqualTo("BCEWithLogitsLossFlat(thresh=" + s.best() + ")");
      Prediction p = learn.predict((Path) dls.valid().item(0));
      assertThat(p.threshold()).isEqualTo(s.best());
      assertThat(p.labels().values()).allMatch(v -> v > s.best());
      assertThat(p.label()).isEqualTo(String.join(" ", p.labels().keySet().stream().sorted().toList()));

      MultiLabelInterpretation interp = MultiLabelInterpretation.from(learn);
      assertThat(interp.size()).isEqualTo(dls.valid().itemCount());
      assertThat(interp.threshold()).isEqualTo(s.best());
      assertThatThrownBy(() -> ClassificationInterpretation.from(learn)).hasMessageContaining("multi-label")
          .hasMessageContaining("MultiLabelInterpretation.from(learn)");
      learn.showResults(4, dir.resolve("results.png"));
      assertThat(dir.resolve("results.png")).isNotEmptyFile();
      assertThatThrownBy(() -> learn.threshold(1.5)).hasMessageContaining("strictly between 0 and 1, got 1.5");
      learn.threshold(0.37);
      learn.export(export);
    }
    try (Learner inf = Learner.load(export)) {
      assertThat(inf.threshold()).isEqualTo(0.37);
      Path any = ImageFiles.get(data).get(0);
      assertThat(inf.predict(any).labels().values()).allMatch(v -> v > 0.37f);
      // a loaded learner takes another threshold too: over 0.999 hardly any tag is left
      inf.threshold(0.999);
      Prediction strict = inf.predict(any);
      assertThat(strict.labels().values()).allMatch(v -> v > 0.999f);
      assertThat(strict.threshold()).isEqualTo(0.999);
    }
  }

  @Test
  void singleLabelLearner_hasNoThreshold_andSaysSo() {
    try (DataLoaders dls = block(CategoryBlock.create(), p -> Labels.parentLabel().apply(p)).dataloaders(data, 16);
        Learner learn = VisionLearner.builder(dls, Arch.xresnetSmall()).progress(null).build()) {
      assertThat(learn.threshold()).isNaN();
      assertThat(learn.predict((Path) dls.valid().item(0)).isMultiLabel()).isFalse();
      assertThatThrownBy(() -> learn.threshold(0.3)).hasMessageContaining("threshold applies to multi-label models")
          .hasMessageContaining("CrossEntropyLossFlat");
      assertThatThrownBy(() -> learn.optimizeThreshold(Metrics.fbeta(2))).hasMessageContaining("not BCEWithLogitsLossFlat");
      assertThatThrownBy(() -> MultiLabelInterpretation.from(learn)).hasMessageContaining("ClassificationInterpretation");
    }
  }
}
