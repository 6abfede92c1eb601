package dev.fastj.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.fastj.data.CategoryBlock;
import dev.fastj.data.DataBlock;
import dev.fastj.data.DataLoaders;
import dev.fastj.data.Labels;
import dev.fastj.data.Splitters;
import dev.fastj.data.TensorData;
import dev.fastj.learner.ExportedBody;
import dev.fastj.learner.Learner;
import dev.fastj.metrics.Metrics;
import dev.fastj.nn.MSELossFlat;
import dev.fastj.nn.Flatten;
import dev.fastj.nn.Linear;
import dev.fastj.nn.Module;
import dev.fastj.nn.Sequential;
import dev.fastj.onnx.graph.BodyCut;
import dev.fastj.onnx.proto.OnnxReader;
import dev.fastj.onnx.testing.Stripes;
import dev.fastj.optim.OptimizerSpec;
import dev.fastj.spi.Backend;
import dev.fastj.spi.ModelSpec;
import dev.fastj.spi.TrainableModel;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Arch#fromExport}: the body of a trained, exported vision learner is cut exactly where the
 * head starts and keeps its trained weights; {@link Arch#fromOnnx(Path)} reads the features itself.
 */
class FromExportTest {

  private static final int SIZE = 16;

  @TempDir
  static Path dir;
  private static Path export;
  private static Map<String, TensorData> trained;

  /** A small xresnet trained one epoch on stripes (so BatchNorm statistics moved), then exported. */
  @BeforeAll
  static void trainAndExport() throws Exception {
    Path data = dir.resolve("data");
    writeStripes(data, 24, 5);
    DataBlock<?> block = DataBlock.of(ImageBlock.grey(), CategoryBlock.create())
        .getItems(ImageFiles::get)
        .splitter(Splitters.random(0.25, 1))
        .getY(Labels.parentLabel())
        .itemTfms(Resize.of(SIZE));
    export = dir.resolve("stripes.fastj");
    try (DataLoaders dls = block.dataloaders(data, 8);
        Learner learn = VisionLearner.builder(dls, Arch.xresnetSmall()).metrics(Metrics.accuracy()).progress(null)
            .seed(3).build()) {
      learn.fit(1, 1e-3);
      learn.export(export);
      trained = learn.model().stateDict(false);
    }
  }

  @Test
  void extract_recordsTheBodyOutputFeaturesAndInputShape() {
    ExportedBody body = ExportedBody.extract(export, dir.resolve("body.onnx"));
    assertThat(body.features()).isEqualTo(128);
    assertThat(body.inputShape()).containsExactly(1, SIZE, SIZE);
    assertThat(body.inChannels()).isEqualTo(1);
    assertThat(Files.isRegularFile(body.onnxFile())).isTrue();
    // the value the head reads: the backend infers the same shape for it from the file alone
    long[] shape = Backend.get().onnxOutputShape(body.onnxFile(), body.output(), new long[] {2, 1, SIZE, SIZE});
    assertThat(shape).containsExactly(2, 128, SIZE / 16, SIZE / 16);
  }

  @Test
  void transforms_readsTheInputPipelineTheExportRecorded() {
    InferenceTransforms t = ExportedBody.transforms(export);
    assertThat(t.grey()).isTrue();
    assertThat(t.resize()).isEqualTo("resize");
    assertThat(t.height()).isEqualTo(SIZE);
    assertThat(t.mean()).as("trained without Normalize").isNull();
    assertThatThrownBy(() -> ExportedBody.transforms(dir.resolve("missing.fastj")))
        .hasMessageContaining("no exported model at");
  }

  @Test
  void bodyCut_findsInTheWholeExportedModelWhereTheExportSaysTheBodyEnds() {
    // fastai's head starts with AdaptiveConcatPool2d: both its pools read the body's output
    ExportedBody body = ExportedBody.extract(export, dir.resolve("body-cut.onnx"));
    BodyCut cut = BodyCut.find(OnnxReader.read(body.onnxFile()).graph());
    assertThat(cut.value()).isEqualTo(body.output());
    assertThat(cut.dims()[1]).isEqualTo(128);
  }

  @Test
  void fromExport_bodyComputesWhatTheExportedModelsBodyComputed() {
    Arch arch = Arch.fromExport(export);
    assertThat(arch.bodyFeatures()).isEqualTo(128);
    assertThat(arch.splitAt()).isEqualTo(1);
    assertThat(arch.name()).isEqualTo("export:stripes.fastj");
    Module reference = Arch.xresnetSmall().body(1);
    Map<String, TensorData> bodyWeights = new LinkedHashMap<>();
    trained.forEach((k, v) -> {
      if (k.startsWith("0.")) {
        bodyWeights.put(k.substring(2), v);
      }
    });
    TensorData x = randomImages(4, 11);
    try (TrainableModel ref = compile(reference); TrainableModel cut = compile(arch.body(1))) {
      ref.loadStateDict(bodyWeights);
      // no head parameter came along: the cut keeps exactly the body's parameters and buffers
      Map<String, TensorData> imported = cut.stateDict(false);
      assertThat(imported).hasSameSizeAs(bodyWeights);
      bodyWeights.forEach((k, v) -> assertThat(imported.get("0.0." + k).toFloatArray()).as(k)
          .containsExactly(v.toFloatArray()));
      float[] want = ref.predict(List.of(x)).toFloatArray();
      TensorData got = cut.predict(List.of(x));
      assertThat(got.shape()).containsExactly(4, 128, SIZE / 16, SIZE / 16);
      float[] g = got.toFloatArray();
      for (int i = 0; i < want.length; i++) {
        assertThat(g[i]).as("feature %s", i).isCloseTo(want[i], within(1e-4f));
      }
    }
  }

  @Test
  void summary_listsEachLayersOutputShapeParamsAndWhetherItTrains() {
    DataBlock<?> block = DataBlock.of(ImageBlock.grey(), CategoryBlock.create())
        .getItems(ImageFiles::get).splitter(Splitters.random(0.25, 1)).getY(Labels.parentLabel())
        .itemTfms(Resize.of(SIZE));
    try (DataLoaders dls = block.dataloaders(dir.resolve("data"), 8);
        Learner learn = VisionLearner.builder(dls, Arch.xresnetSmall()).progress(null).build()) {
      long total = learn.model().parameters().stream().mapToLong(p -> TensorData.numel(p.shape())).sum();
      String unfrozen = learn.summary();
      assertThat(unfrozen).startsWith("Sequential (Input shape: 8 x 1 x 16 x 16)")
          .contains(String.format(java.util.Locale.ROOT, "Total params: %,d", total))
          .contains("Total non-trainable params: 0").contains("Model unfrozen")
          .contains("8 x 128 x 1 x 1").contains("8 x 2").contains("  - Recorder");
      learn.freeze();
      String frozen = learn.summary();
      // the body's convolutions freeze, its BatchNorms keep training (train_bn), the head trains
      assertThat(frozen).contains("Model frozen up to parameter group #2").contains("Partly")
          .doesNotContain("Total non-trainable params: 0\n");
      assertThat(frozen.lines().filter(l -> l.startsWith("Linear")).toList()).allMatch(l -> l.contains("True"));
    }
  }

  @Test
  void fromExport_learnerStartsFrozenWithANewHead() throws Exception {
    Path data = dir.resolve("three");
    writeStripes(data, 8, 9);
    Files.move(data.resolve("vertical"), data.resolve("vertical2"));
    Files.createDirectories(data.resolve("diagonal"));
    Files.copy(data.resolve("horizontal").resolve("0.png"), data.resolve("diagonal").resolve("0.png"));
    Files.copy(data.resolve("horizontal").resolve("1.png"), data.resolve("diagonal").resolve("1.png"));
    DataBlock<?> block = DataBlock.of(ImageBlock.grey(), CategoryBlock.create())
        .getItems(ImageFiles::get).splitter(Splitters.random(0.25, 1)).getY(Labels.parentLabel())
        .itemTfms(Resize.of(SIZE));
    try (DataLoaders dls = block.dataloaders(data, 4);
        Learner learn = VisionLearner.builder(dls, Arch.fromExport(export)).progress(null).build()) {
      assertThat(learn.frozenIdx()).isEqualTo(2);
      // the head is new: it has three outputs where the exported one had two
      assertThat(learn.predict(randomImages(1, 2)).probabilities()).hasSize(3);
    }
  }

  @Test
  void fromExport_rejectsOtherChannelsAndOldExports() throws Exception {
    Arch arch = Arch.fromExport(export);
    assertThatThrownBy(() -> arch.body(3)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1 channels").hasMessageContaining("data has 3").hasMessageContaining("ImageBlock.grey()");
    Path old = dir.resolve("old.fastj");
    withoutBodyKeys(export, old);
    assertThatThrownBy(() -> Arch.fromExport(old)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("old.fastj records no body").hasMessageContaining("export it again");
    // an old export still loads for prediction: the new keys are optional
    try (Learner inf = Learner.load(old)) {
      assertThat(inf.isInferenceOnly()).isTrue();
    }
  }

  @Test
  void fromOnnx_readsTheFeaturesFromTheFile() throws Exception {
    ExportedBody body = ExportedBody.extract(export, dir.resolve("body2.onnx"));
    Arch cut = Arch.fromOnnx(body.onnxFile(), body.output());
    assertThat(cut.bodyFeatures()).isEqualTo(128);
    // cut at the output explicitly, the whole classifier is no body: its output is the two logits
    assertThatThrownBy(() -> Arch.fromOnnx(body.onnxFile(), (String) null)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not an image feature map").hasMessageContaining("cutOutput");
    assertThatThrownBy(() -> Arch.fromOnnx(body.onnxFile(), "no_such_value"))
        .hasMessageContaining("no value named no_such_value");
  }

  @Test
  void fromOnnx_cutsAWholeClassifierBeforeItsPooling_asCreateBodyDoes() throws Exception {
    ExportedBody body = ExportedBody.extract(export, dir.resolve("body3.onnx"));
    assertThat(Backend.get().onnxBodyCut(body.onnxFile())).isEqualTo(body.output());
    Arch auto = Arch.fromOnnx(body.onnxFile());
    assertThat(auto.bodyFeatures()).isEqualTo(128);
    // a model without a feature map has no body to find
    Path mlp = dir.resolve("mlp.onnx");
    try (TrainableModel m = compile(Sequential.of(Flatten.create(), Linear.of(SIZE * SIZE, 4)))) {
      m.exportOnnx(mlp, Map.of());
    }
    assertThatThrownBy(() -> Arch.fromOnnx(mlp)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mlp.onnx");
  }

  private static TrainableModel compile(Module m) {
    return Backend.get().compile(ModelSpec.of(m, new long[] {1, SIZE, SIZE}, MSELossFlat.create(),
        OptimizerSpec.Adam.defaults()));
  }

  private static TensorData randomImages(int n, long seed) {
    Random rnd = new Random(seed);
    float[] x = new float[n * SIZE * SIZE];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rnd.nextGaussian();
    }
    return TensorData.ofFloats(x, n, 1, SIZE, SIZE);
  }

  /** A copy of an export as an older fastj wrote it: without the body keys. */
  private static void withoutBodyKeys(Path from, Path to) throws Exception {
    try (InputStream in = Files.newInputStream(from); ZipInputStream zin = new ZipInputStream(in);
        OutputStream out = Files.newOutputStream(to); ZipOutputStream zout = new ZipOutputStream(out)) {
      ZipEntry e;
      while ((e = zin.getNextEntry()) != null) {
        byte[] bytes = zin.readAllBytes();
        if (e.getName().equals("fastj.properties")) {
          String text = new String(bytes, StandardCharsets.ISO_8859_1);
          assertThat(text).contains("body.output=");
          StringBuilder kept = new StringBuilder();
          text.lines().filter(l -> !l.startsWith("body.")).forEach(l -> kept.append(l).append('\n'));
          bytes = kept.toString().getBytes(StandardCharsets.ISO_8859_1);
        }
        zout.putNextEntry(new ZipEntry(e.getName()));
        zout.write(bytes);
        zout.closeEntry();
      }
    }
  }

  /** Two classes of grey images: noisy horizontal or vertical stripes of random phase. */
  static void writeStripes(Path root, int perClass, long seed) throws Exception {
    Stripes.write(root, SIZE, perClass, seed);
  }
}
