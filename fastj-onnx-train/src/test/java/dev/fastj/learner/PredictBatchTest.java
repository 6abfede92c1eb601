package dev.fastj.learner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.fastj.data.CategoryBlock;
import dev.fastj.data.DataBlock;
import dev.fastj.data.DataLoader;
import dev.fastj.data.DataLoaders;
import dev.fastj.data.Labels;
import dev.fastj.data.Splitters;
import dev.fastj.vision.Arch;
import dev.fastj.vision.Datasets;
import dev.fastj.vision.ImageBlock;
import dev.fastj.vision.ImageFiles;
import dev.fastj.vision.InferenceTransforms;
import dev.fastj.vision.Normalize;
import dev.fastj.vision.Resize;
import dev.fastj.vision.VisionLearner;
import dev.fastj.vision.image.ImageTensor;
import dev.fastj.vision.image.Images;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Learner#predictBatch} of a loaded export gives exactly what {@link Learner#predict} gives
 * for each item alone, for files and for decoded bytes; {@link Learner#getPreds(DataLoader)} of a
 * loaded export over {@link InferenceTransforms#testDl} gives the same probabilities and the
 * trained learner's losses.
 */
class PredictBatchTest {

  @TempDir
  static Path dir;
  private static Path export;
  private static Path data;
  private static List<Float> trainedValidLosses;
  private static List<Path> validFiles;

  /** 3 Fashion-MNIST classes, 40 images each, resized to 32 (not their 28), normalised, one epoch. */
  @BeforeAll
  static void trainAndExport() throws Exception {
    data = dir.resolve("data");
    Path fashion = Datasets.fashionMnist();
    for (String cls : List.of("Bag", "Sneaker", "Trouser")) {
      Path to = Files.createDirectories(data.resolve(cls));
      for (Path f : ImageFiles.get(fashion.resolve("train").resolve(cls)).subList(0, 40)) {
        Files.copy(f, to.resolve(f.getFileName()));
      }
    }
    DataBlock<?> block = DataBlock.of(ImageBlock.create(), CategoryBlock.create())
        .getItems(ImageFiles::get)
        .splitter(Splitters.random(0.25, 1))
        .getY(Labels.parentLabel())
        .itemTfms(Resize.of(32))
        .batchTfms(Normalize.fromData());
    export = dir.resolve("fashion3.fastj");
    try (DataLoaders dls = block.dataloaders(data, 16);
        Learner learn = VisionLearner.builder(dls, Arch.xresnetSmall()).progress(null).seed(3).build()) {
      learn.fit(1, 3e-3);
      learn.export(export);
      Preds p = learn.getPreds();
      trainedValidLosses = new ArrayList<>();
      validFiles = new ArrayList<>();
      for (int i = 0; i < p.size(); i++) {
        trainedValidLosses.add(p.losses()[i]);
        validFiles.add((Path) dls.valid().item(p.itemIndices()[i]));
      }
    }
  }

  @Test
  void predictBatch_ofFiles_equalsPredictOneAtATime() {
    List<Path> files = ImageFiles.get(data).subList(0, 37);
    try (Learner inf = Learner.load(export)) {
      List<Prediction> batch = inf.predictBatch(files);
      assertThat(batch).hasSize(files.size());
      for (int i = 0; i < files.size(); i++) {
        assertThat(batch.get(i)).as("%s", files.get(i)).isEqualTo(inf.predict(files.get(i)));
      }
      assertThat(batch.stream().map(Prediction::label).distinct()).hasSizeGreaterThan(1);
    }
  }

  @Test
  void predictBatch_ofDecodedBytes_equalsPredictOfTheFile() throws Exception {
    List<Path> files = ImageFiles.get(data).subList(50, 60);
    List<ImageTensor> decoded = new ArrayList<>();
    for (Path f : files) {
      decoded.add(Images.decode(Files.readAllBytes(f), f.getFileName().toString(), false));
    }
    try (Learner inf = Learner.load(export)) {
      List<Prediction> batch = inf.predictBatch(decoded);
      for (int i = 0; i < files.size(); i++) {
        assertThat(batch.get(i)).isEqualTo(inf.predict(files.get(i)));
      }
      assertThatThrownBy(() -> inf.predictBatch(List.of("a.png"))).hasMessageContaining("item 0 is a String")
          .hasMessageContaining("Path");
      assertThatThrownBy(() -> inf.predictBatch(List.of())).hasMessageContaining("at least one item");
    }
  }

  @Test
  void getPredsOfALoadedLearner_overTestDl_givesTheTrainedLearnersLosses() {
    try (Learner inf = Learner.load(export)) {
      List<String> labels = validFiles.stream().map(f -> f.getParent().getFileName().toString()).toList();
      DataLoader dl = ExportedBody.transforms(export).testDl(validFiles, labels, inf.vocab(), 7);
      assertThat(dl.size()).isEqualTo((validFiles.size() + 6) / 7);
      Preds p = inf.getPreds(dl);
      List<Prediction> one = inf.predictBatch(validFiles);
      for (int i = 0; i < p.size(); i++) {
        assertThat(p.itemIndices()[i]).isEqualTo(i);
        assertThat(p.probabilities()[i]).containsExactly(one.get(i).probabilities());
        int target = inf.vocab().indexOf(labels.get(i));
        assertThat(p.targetClasses()[i]).isEqualTo(target);
        // the exported inference graph against the trained eval graph: the same weights, float32 rounding apart
        assertThat(p.losses()[i]).isCloseTo(trainedValidLosses.get(i), within(1e-4f));
        assertThat((double) p.losses()[i]).isCloseTo(-Math.log(p.probabilities()[i][target]), within(1e-4));
      }
      assertThatThrownBy(() -> ExportedBody.transforms(export).testDl(validFiles.subList(0, 1), List.of("Shirt"),
          inf.vocab(), 4)).hasMessageContaining("label 'Shirt'").hasMessageContaining("is not a class of the model");
      Preds unlabelled = inf.getPreds(ExportedBody.transforms(export).testDl(validFiles, null, inf.vocab(), 64));
      assertThat(unlabelled.losses()).containsOnly(Float.NaN);
    }
  }
}
