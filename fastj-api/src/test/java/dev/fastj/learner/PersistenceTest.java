package dev.fastj.learner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.fastj.data.CategoryBlock;
import dev.fastj.data.DataBlock;
import dev.fastj.data.DataLoaderOptions;
import dev.fastj.data.DataLoaders;
import dev.fastj.data.Labels;
import dev.fastj.data.Splitters;
import dev.fastj.data.TensorData;
import dev.fastj.vision.ImageBlock;
import dev.fastj.vision.ImageFiles;
import dev.fastj.vision.Normalize;
import dev.fastj.vision.Resize;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PersistenceTest {

  private static Map<String, float[]> snapshot(Learner learn) {
    Map<String, float[]> out = new java.util.LinkedHashMap<>();
    learn.model().stateDict(true).forEach((k, v) -> out.put(k, v.toFloatArray()));
    return out;
  }

  private static void assertSameState(Map<String, float[]> a, Map<String, float[]> b) {
    assertThat(a.keySet()).isEqualTo(b.keySet());
    a.forEach((k, v) -> assertThat(b.get(k)).as(k).containsExactly(v));
  }

  @Test
  void saveThenLoad_restoresWeightsAndOptimizerState(@TempDir Path dir) {
    FakeBackend backend = new FakeBackend();
    try (Learner learn = Fixtures.learner(FakeData.regression(3, 2, 16, 4, 4, 1), backend).path(dir).build()) {
      learn.fit(1, 1e-2);
      Path file = learn.save("stage-1");
      assertThat(file).isEqualTo(dir.resolve("models/stage-1.ckpt"));
      Map<String, float[]> saved = snapshot(learn);
      learn.fit(1, 1e-2);
      Map<String, float[]> later = snapshot(learn);
      learn.load("stage-1");
      assertSameState(saved, snapshot(learn));
      assertThat(learn.optimizerStep()).isEqualTo(4);
      learn.fit(1, 1e-2);
      Map<String, float[]> afterMore = snapshot(learn);
      learn.load("stage-1", false);
      Map<String, float[]> weightsOnly = snapshot(learn);
      assertThat(weightsOnly.get(FakeModel.W)).containsExactly(saved.get(FakeModel.W));
      assertThat(weightsOnly.get("opt.0.weight.grad_avg")).containsExactly(afterMore.get("opt.0.weight.grad_avg"));
      assertThat(later.get(FakeModel.W)).isNotEqualTo(saved.get(FakeModel.W));
    }
  }

  @Test
  void load_ofGarbageOrMissingFile_saysWhatIsWrong(@TempDir Path dir) throws Exception {
    try (Learner learn = Fixtures.learner(FakeData.regression(3, 1, 16, 4, 4, 1), new FakeBackend()).path(dir).build()) {
      assertThatThrownBy(() -> learn.load("nope")).hasMessageContaining("no checkpoint at");
      Files.createDirectories(dir.resolve("models"));
      Files.writeString(dir.resolve("models/bad.ckpt"), "hello world, not a checkpoint");
      assertThatThrownBy(() -> learn.load("bad")).hasMessageContaining("not a fastj checkpoint");
      assertThatThrownBy(() -> learn.save("../x")).hasMessageContaining("plain file name");
    }
  }

  @Test
  void export_thenLoad_predictsTheSameAsTheTrainedLearner(@TempDir Path dir) throws Exception {
    FakeBackend backend = new FakeBackend();
    FakeData data = FakeData.classification(new long[] {3, 2, 2}, 3, 30, 9, 5, 4);
    Path file = dir.resolve("model.fastj");
    List<Prediction> expected = new ArrayList<>();
    List<TensorData> inputs = new ArrayList<>();
    try (Learner learn = Fixtures.learner(data, backend).build()) {
      learn.fit(2, 1e-2);
      learn.export(file);
      learn.export(dir.resolve("again.fastj"));
      assertThat(Files.readAllBytes(dir.resolve("again.fastj"))).isEqualTo(Files.readAllBytes(file));
      for (int i = 0; i < 5; i++) {
        float[] x = (float[]) data.valid().item(i);
        inputs.add(TensorData.ofFloats(x, 3, 2, 2));
        expected.add(learn.predictItem(x));
      }
    }
    try (ZipFile zip = new ZipFile(file.toFile())) {
      assertThat(zip.getEntry("model.onnx")).isNotNull();
      String props = new String(zip.getInputStream(zip.getEntry("fastj.properties")).readAllBytes(),
          StandardCharsets.ISO_8859_1);
      assertThat(props).contains("vocab.2=class2").contains("activation=SOFTMAX").contains("inputShape=3,2,2");
    }
    try (Learner inf = Learner.load(file, backend, dev.fastj.spi.Device.cpu())) {
      assertThat(inf.isInferenceOnly()).isTrue();
      assertThat(inf.vocab()).containsExactly("class0", "class1", "class2");
      for (int i = 0; i < 5; i++) {
        Prediction p = inf.predict(inputs.get(i));
        assertThat(p.label()).isEqualTo(expected.get(i).label());
        assertThat(p.index()).isEqualTo(expected.get(i).index());
        float[] want = expected.get(i).probabilities();
        for (int j = 0; j < want.length; j++) {
          assertThat(p.probabilities()[j]).isCloseTo(want[j], within(1e-6f));
        }
      }
      assertThatThrownBy(() -> inf.fit(1)).hasMessageContaining("loaded from an export");
    }
  }

  /** Two classes of 10 x 14 PNGs (reddish and bluish, with noise) in class folders. */
  private static Path imageTree(Path dir) throws Exception {
    java.util.Random r = new java.util.Random(3);
    for (String cls : List.of("blue", "red")) {
      for (int k = 0; k < 10; k++) {
        BufferedImage img = new BufferedImage(14, 10, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 10; y++) {
          for (int x = 0; x < 14; x++) {
            int hi = 150 + r.nextInt(100);
            int lo = r.nextInt(100);
            img.setRGB(x, y, cls.equals("red") ? (hi << 16) | (lo << 8) | lo : (lo << 16) | (lo << 8) | hi);
          }
        }
        Path f = dir.resolve(cls).resolve(cls + k + ".png");
        Files.createDirectories(f.getParent());
        ImageIO.write(img, "png", f.toFile());
      }
    }
    return dir;
  }

  @Test
  void loadedLearner_readsImageFilesExactlyAsTheDataPipeline(@TempDir Path dir) throws Exception {
    Path root = imageTree(dir.resolve("tree"));
    FakeBackend backend = new FakeBackend();
    Path file = dir.resolve("m.fastj");
    List<Path> probes = List.of(root.resolve("red/red1.png"), root.resolve("blue/blue2.png"));
    List<Prediction> expected = new ArrayList<>();
    DataBlock<Path> block = DataBlock.of(ImageBlock.create(), CategoryBlock.create())
        .getItems(ImageFiles::get)
        .splitter(Splitters.random(0.25, 42))
        .getY(Labels.parentLabel())
        .itemTfms(Resize.of(6))
        .batchTfms(Normalize.imagenet());
    try (DataLoaders dls = block.dataloaders(root, 5, DataLoaderOptions.defaults().withNumWorkers(1));
        Learner learn = Learner.builder(dls, Fixtures.LINEAR).backend(backend).progress(null)
            .loss(new FakeLosses.CrossEntropy(2)).build()) {
      learn.fit(2, 1e-2);
      learn.export(file);
      for (Path p : probes) {
        expected.add(learn.predict(p));
      }
    }
    try (Learner inf = Learner.load(file, backend, dev.fastj.spi.Device.cpu())) {
      assertThat(inf.inputShape()).containsExactly(3, 6, 6);
      for (int i = 0; i < probes.size(); i++) {
        Prediction p = inf.predict(probes.get(i));
        assertThat(p.label()).isEqualTo(expected.get(i).label());
        assertThat(p.probabilities()).containsExactly(expected.get(i).probabilities(), within(1e-6f));
      }
    }
  }

  @Test
  void loadedLearner_fromDataItCannotDescribe_predictsTensorsButNotFiles(@TempDir Path dir) {
    FakeBackend backend = new FakeBackend();
    Path file = dir.resolve("m.fastj");
    try (Learner learn = Fixtures.learner(FakeData.classification(new long[] {3, 2, 2}, 3, 30, 9, 5, 4), backend)
        .build()) {
      learn.export(file);
    }
    try (Learner inf = Learner.load(file, backend, dev.fastj.spi.Device.cpu())) {
      assertThat(inf.predict(TensorData.ofFloats(new float[12], 3, 2, 2)).probabilities()).hasSize(3);
      assertThatThrownBy(() -> inf.predict(dir.resolve("x.png")))
          .hasMessageContaining("this export cannot read files")
          .hasMessageContaining("DataBlock");
    }
  }

  @Test
  void load_ofMissingExport_saysHowToMakeOne(@TempDir Path dir) {
    assertThatThrownBy(() -> Learner.load(dir.resolve("none.fastj"), new FakeBackend(), dev.fastj.spi.Device.cpu()))
        .hasMessageContaining("learn.export");
  }
}
