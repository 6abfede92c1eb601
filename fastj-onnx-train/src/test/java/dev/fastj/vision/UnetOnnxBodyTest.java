package dev.fastj.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fastj.data.CategoryBlock;
import dev.fastj.data.DataBlock;
import dev.fastj.data.DataLoaders;
import dev.fastj.data.Labels;
import dev.fastj.data.Splitters;
import dev.fastj.learner.Learner;
import dev.fastj.learner.Prediction;
import dev.fastj.metrics.Metrics;
import dev.fastj.nn.Conv2d;
import dev.fastj.nn.ConvLayer;
import dev.fastj.nn.Sequential;
import dev.fastj.spi.Backend;
import dev.fastj.spi.GraphValue;
import dev.fastj.spi.ParamInfo;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * U-Nets over bodies read from files (issue 10): a ResNet that PyTorch exported
 * ({@code fmnist5_resnet.onnx}, {@code dev/vision/torch_pretrain_ref.py}) and the body of a fastj
 * export. The hooks are the values where the image size changes, found in the graph at the data's size
 * (32x32 here, where the file declares 28x28); the decoder is the one built-in bodies get.
 */
class UnetOnnxBodyTest {

  @TempDir static Path shared;
  @TempDir Path tmp;
  static Path data;

  @BeforeAll
  static void makeData() {
    data = SegmentationSet.write(shared.resolve("seg"), 48, 12, 32, 2, 1);
  }

  static Path torchBody() {
    try {
      return Path.of(UnetOnnxBodyTest.class.getResource("/dev/fastj/onnx/torch/fmnist5_resnet.onnx").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void create_torchResNetBody_hooksItsStageOutputs_andPredictsAMaskOfTheInputsSize() throws IOException {
    Path onnx = torchBody();
    Arch arch = Arch.fromOnnx(onnx);
    // stem 32 channels at full size, layer1 (32, full size), layer2 (64, /2), layer3 (128, /4), then the pool
    List<GraphValue> acts = Backend.get().onnxUnetHooks(onnx, "/layer3/Relu_1_output_0", new long[] {-1, 1, 32, 32});
    assertThat(acts).containsExactly(
        new GraphValue("/layer1/Relu_1_output_0", new long[] {-1, 32, 32, 32}),
        new GraphValue("/layer2/Relu_1_output_0", new long[] {-1, 64, 16, 16}),
        new GraphValue("/layer3/Relu_1_output_0", new long[] {-1, 128, 8, 8}));
    assertThat(((OnnxArch) arch).unetBody(new long[] {1, 32, 32}).describe())
        .contains("hooks [/layer1/Relu_1_output_0, /layer2/Relu_1_output_0]");
    Path model = tmp.resolve("torch-unet.fastj");
    Prediction trained;
    try (DataLoaders dls = UnetLearnerTest.camvid(data, 16);
        Learner learn = UnetLearner.builder(dls, arch).metrics(Metrics.foregroundAcc(SegmentationSet.VOID))
            .progress(null).seed(2).build()) {
      assertThat(learn.frozenIdx()).as("a body from a file is pretrained: frozen at creation").isEqualTo(2);
      Map<String, long[]> params = shapes(learn);
      // two skips: block 4 takes layer2's 64 channels, block 5 layer1's 32; the first skip has the input's size,
      // so no extra shuffle: resize 6, merge 7, last_cross 8, final conv 9
      assertThat(params.get("4.bn.weight")).containsExactly(64);
      assertThat(params.get("5.bn.weight")).containsExactly(32);
      assertThat(params.get("3.0.0.weight")).containsExactly(256, 128, 3, 3);
      assertThat(params.get("9.0.weight")).containsExactly(6, 48 + 1, 1, 1);
      assertThat(params.keySet()).noneMatch(n -> n.startsWith("6.") || n.startsWith("10."));
      // the body is group 0 (fastai's default_split: encoder | decoder), the decoder the last group
      assertThat(params.keySet().stream().filter(n -> n.startsWith("0.")))
          .isNotEmpty().allMatch(n -> n.startsWith("0.0."));
      learn.fineTune(1, 3e-3);
      assertThat(learn.frozenIdx()).isEqualTo(0);
      trained = learn.predict(data.resolve("images/seg_0050.png"));
      learn.export(model);
    }
    assertThat(trained.mask().height()).isEqualTo(32);
    assertThat(trained.mask().width()).isEqualTo(32);
    try (Learner loaded = Learner.load(model)) {
      assertThat(loaded.predict(data.resolve("images/seg_0050.png")).mask()).isEqualTo(trained.mask());
    }
  }

  @Test
  void create_exportsBody_hooksWhereItsChildrenChangeSize_likeTheBuiltInBody() throws IOException {
    Path export = tmp.resolve("classes.fastj");
    Path classes = classFolders(tmp.resolve("classes"));
    try (DataLoaders dls = DataBlock.of(ImageBlock.grey(), CategoryBlock.create()).getItems(ImageFiles::get)
            .getY(Labels.parentLabel()).splitter(Splitters.random(0.25, 1)).dataloaders(classes, 4);
        Learner cls = VisionLearner.builder(dls, Arch.xresnetSmall()).progress(null).seed(1).build()) {
      cls.fit(1, 1e-3);
      cls.export(export);
    }
    Arch body = Arch.fromExport(export);
    try (DataLoaders dls = UnetLearnerTest.camvid(data, 16);
        Learner fromExport = UnetLearner.builder(dls, body).progress(null).build();
        Learner builtIn = UnetLearner.builder(dls, Arch.xresnetSmall()).progress(null).build()) {
      // xresnetSmall at 32 pixels changes size after children 0, 2, 3 and 4 (32 -> 16 -> 8 -> 4 -> 2): the same
      // four skips from the export's graph give the same decoder, parameter for parameter
      Map<String, long[]> want = decoder(shapes(builtIn));
      Map<String, long[]> got = decoder(shapes(fromExport));
      assertThat(got.keySet()).containsExactlyElementsOf(want.keySet());
      want.forEach((k, v) -> assertThat(got.get(k)).as(k).containsExactly(v));
      assertThat(fromExport.frozenIdx()).isEqualTo(2);
      fromExport.fitOneCycle(1, 3e-3);
      Prediction p = fromExport.predict(data.resolve("images/seg_0051.png"));
      assertThat(p.mask().height()).isEqualTo(32);
      assertThat(p.mask().width()).isEqualTo(32);
    }
  }

  @Test
  void create_bodyThatNeverDownsamples_isRefusedNamingItsValues() {
    Path onnx = tmp.resolve("flat.onnx");
    try (DataLoaders dls = UnetLearnerTest.camvid(data, 16)) {
      try (Learner flat = Learner.builder(dls, Sequential.of(ConvLayer.of(1, 8), Conv2d.of(8, 6, 3).withPadding(1)))
          .progress(null).build()) {
        flat.model().exportOnnx(onnx, Map.of());
      }
      assertThatThrownBy(() -> UnetLearner.create(dls, Arch.fromOnnx(onnx, 6)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("flat.onnx: found no place where the body")
          .hasMessageContaining("changes the image size")
          .hasMessageContaining("'0.2.Relu_out' [-1, 8, 32, 32]").hasMessageContaining("'output' [-1, 6, 32, 32]")
          .hasMessageContaining("a U-Net needs a body that downsamples");
    }
  }

  /** Two class folders of the segmentation images (the labels do not matter: the export's body is what is used). */
  private static Path classFolders(Path root) throws IOException {
    for (int i = 0; i < 16; i++) {
      Path dir = root.resolve(i % 2 == 0 ? "even" : "odd");
      Files.createDirectories(dir);
      Files.copy(data.resolve(String.format("images/seg_%04d.png", i)), dir.resolve(i + ".png"));
    }
    return root;
  }

  private static Map<String, long[]> shapes(Learner learn) {
    Map<String, long[]> m = new LinkedHashMap<>();
    for (ParamInfo p : learn.model().parameters()) {
      m.put(p.name(), p.shape());
    }
    return m;
  }

  private static Map<String, long[]> decoder(Map<String, long[]> params) {
    Map<String, long[]> m = new LinkedHashMap<>(params);
    m.keySet().removeIf(n -> n.startsWith("0."));
    return m;
  }
}
