package dev.fastj.learner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.fastj.data.TensorData;
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

  @Test
  void loadedLearner_predictsImageFiles_withTheExportedRecipe(@TempDir Path dir) throws Exception {
    FakeBackend backend = new FakeBackend();
    FakeData data = FakeData.classification(new long[] {3, 2, 2}, 3, 30, 9, 5, 4);
    data.recipe = Map.of("kind", "image", "resize", "squish", "mean", "0.5,0.4,0.3", "std", "0.2,0.25,0.5");
    BufferedImage img = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
    int[] rgb = {0x102030, 0x405060, 0x708090, 0xa0b0c0};
    img.setRGB(0, 0, rgb[0]);
    img.setRGB(1, 0, rgb[1]);
    img.setRGB(0, 1, rgb[2]);
    img.setRGB(1, 1, rgb[3]);
    Path png = dir.resolve("x.png");
    ImageIO.write(img, "png", png.toFile());
    float[] mean = {0.5f, 0.4f, 0.3f};
    float[] std = {0.2f, 0.25f, 0.5f};
    float[] x = new float[12];
    for (int p = 0; p < 4; p++) {
      for (int c = 0; c < 3; c++) {
        int v = (rgb[p] >> (16 - 8 * c)) & 0xff;
        x[c * 4 + p] = (v / 255f - mean[c]) / std[c];
      }
    }
    Path file = dir.resolve("m.fastj");
    try (Learner learn = Fixtures.learner(data, backend).build()) {
      learn.fit(1, 1e-2);
      learn.export(file);
    }
    try (Learner inf = Learner.load(file, backend, dev.fastj.spi.Device.cpu())) {
      Prediction fromFile = inf.predict(png);
      Prediction fromTensor = inf.predict(TensorData.ofFloats(x, 3, 2, 2));
      assertThat(fromFile.probabilities()).containsExactly(fromTensor.probabilities(), within(1e-6f));
      assertThat(fromFile.label()).startsWith("class");
    }
  }

  @Test
  void loadedLearner_cropsAndResizesLargerImages(@TempDir Path dir) throws Exception {
    FakeBackend backend = new FakeBackend();
    FakeData data = FakeData.classification(new long[] {1, 2, 2}, 2, 20, 4, 5, 4);
    // 6 x 4 grey image: centre crop to 4 x 4 (columns 1..4), then halve to 2 x 2
    BufferedImage img = new BufferedImage(6, 4, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 6; x++) {
        int v = (x == 0 || x == 5) ? 255 : (y < 2 ? 40 : 200);
        img.getRaster().setSample(x, y, 0, v);
      }
    }
    Path png = dir.resolve("wide.png");
    ImageIO.write(img, "png", png.toFile());
    Path file = dir.resolve("m.fastj");
    try (Learner learn = Fixtures.learner(data, backend).build()) {
      learn.export(file);
    }
    TensorData x = ImageInput.load(png, new long[] {1, 2, 2}, Map.of("kind", "image", "resize", "crop"));
    assertThat(x.shape()).containsExactly(1, 1, 2, 2);
    assertThat(x.toFloatArray()).containsExactly(new float[] {40 / 255f, 40 / 255f, 200 / 255f, 200 / 255f},
        within(0.03f));
    try (Learner inf = Learner.load(file, backend, dev.fastj.spi.Device.cpu())) {
      assertThat(inf.predict(png).probabilities()).hasSize(2);
    }
  }

  @Test
  void load_ofMissingExport_saysHowToMakeOne(@TempDir Path dir) {
    assertThatThrownBy(() -> Learner.load(dir.resolve("none.fastj"), new FakeBackend(), dev.fastj.spi.Device.cpu()))
        .hasMessageContaining("learn.export");
  }
}
