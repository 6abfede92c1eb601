package dev.fastj.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fastj.data.CategoryBlock;
import dev.fastj.data.DataBlock;
import dev.fastj.data.DataLoaders;
import dev.fastj.data.Splitters;
import dev.fastj.interpret.SegmentationInterpretation;
import dev.fastj.learner.Learner;
import dev.fastj.learner.Prediction;
import dev.fastj.metrics.Metrics;
import dev.fastj.spi.ParamInfo;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The U-Net learner on a small generated camvid-style set (32x32, 48 training and 12 validation
 * images): the model's layout and parameter groups, prediction at the image's own size, export and
 * load in the same process, the plots, and the errors for data and bodies it cannot take.
 */
class UnetLearnerTest {

  @TempDir static Path shared;
  @TempDir Path tmp;
  static Path data;

  @BeforeAll
  static void makeData() {
    data = SegmentationSet.write(shared.resolve("seg"), 48, 12, 32, 2, 1);
  }

  /** fastai's camvid DataBlock over {@code path}, with {@code Resize} when {@code size > 0}. */
  static DataBlock<Path> camvidBlock(Path path, int size) {
    DataBlock<Path> block = DataBlock.of(ImageBlock.grey(), MaskBlock.create(SegmentationSet.CODES))
        .getItems(p -> ImageFiles.get(p.resolve("images")))
        .splitter(Splitters.byFile(path.resolve("valid.txt")))
        .getY(p -> maskOf(path, p));
    return size > 0 ? block.itemTfms(Resize.of(size)) : block;
  }

  /** {@link #camvidBlock}'s data loaders. */
  static DataLoaders camvid(Path path, int bs, int size) {
    return camvidBlock(path, size).dataloaders(path, bs);
  }

  static DataLoaders camvid(Path path, int bs) {
    return camvid(path, bs, 0);
  }

  static Path maskOf(Path root, Path image) {
    String n = image.getFileName().toString();
    return root.resolve("labels").resolve(n.substring(0, n.lastIndexOf('.')) + "_P.png");
  }

  @Test
  void create_splitsEncoderInTwoGroupsAndDecoderInAThird_predictsAMaskPerPixel() {
    try (DataLoaders dls = camvid(data, 16);
        Learner learn = UnetLearner.create(dls, Arch.xresnetSmall(), Metrics.foregroundAcc(SegmentationSet.VOID))) {
      assertThat(learn.paramGroupCount()).isEqualTo(3);
      List<String> names = learn.model().parameters().stream().map(ParamInfo::name).toList();
      // fastai's numbering: 0 encoder, 1 its BatchNorm, 3 middle conv, 4.. blocks, last the 1x1 conv
      assertThat(names).contains("0.0.0.weight", "1.weight", "3.0.0.weight", "4.shuf.0.0.weight", "4.bn.weight",
          "4.conv1.0.weight");
      // xresnetSmall at 32 pixels changes size after children 0, 2, 3 and 4: four blocks (4..7), no extra
      // shuffle (child 0 keeps the input's size), then resize 8, merge 9, last_cross 10, the final conv 11
      assertThat(names).contains("7.conv2.0.weight", "10.convpath.0.0.weight", "11.0.weight")
          .noneMatch(n -> n.startsWith("8.") || n.startsWith("12."));
      long[] finalConv = learn.model().parameters().stream().filter(p -> p.name().equals("11.0.weight")).findFirst()
          .orElseThrow().shape();
      assertThat(finalConv).containsExactly(6, 28 + 1, 1, 1);
      learn.freeze();
      // fastai's freeze: only the last group (the decoder) trains
      assertThat(learn.frozenIdx()).isEqualTo(2);
      assertThat(learn.summary()).contains("DynamicUnet");
      learn.fineTune(1, 3e-3);
      assertThat(learn.frozenIdx()).isEqualTo(0);
      Prediction p = learn.predict(data.resolve("images/seg_0050.png"));
      assertThat(p.mask().height()).isEqualTo(32);
      assertThat(p.mask().width()).isEqualTo(32);
      assertThat(p.classes()).isEmpty();
      assertThat(p.probabilities()).hasSize(6 * 32 * 32);
      assertThat(p.label()).contains("%");
    }
  }

  @Test
  void create_resnetBody_addsTheShuffleForItsStrideTwoStem() {
    try (DataLoaders dls = camvid(data, 16);
        Learner learn = UnetLearner.create(dls, Arch.resnet18())) {
      List<String> names = learn.model().parameters().stream().map(ParamInfo::name).toList();
      // resnet's conv1 halves the input: sizes change after relu (2), layer1 (4), layer2 (5), layer3 (6),
      // so blocks 4..7, then PixelShuffle_ICNR 8, resize 9, merge 10, last_cross 11, final conv 12
      assertThat(names).contains("8.0.0.weight", "11.convpath.1.0.weight", "12.0.weight");
    }
  }

  @Test
  void predict_resizedTraining_givesTheMaskAtTheFilesOwnSize_andLoadedExportAgrees() throws IOException {
    Path big = tmp.resolve("big.png");
    BufferedImage src = ImageIO.read(data.resolve("images/seg_0051.png").toFile());
    BufferedImage b = new BufferedImage(48, 40, BufferedImage.TYPE_BYTE_GRAY);
    b.getGraphics().drawImage(src, 0, 0, 48, 40, null);
    ImageIO.write(b, "png", big.toFile());
    Path model = tmp.resolve("unet.fastj");
    Prediction trained;
    try (DataLoaders dls = camvid(data, 16, 24);
        Learner learn = UnetLearner.builder(dls, Arch.xresnetSmall()).seed(3).build()) {
      learn.fitOneCycle(1, 3e-3);
      trained = learn.predict(big);
      learn.showResults(4, tmp.resolve("results.png"));
      SegmentationInterpretation interp = SegmentationInterpretation.from(learn);
      List<SegmentationInterpretation.Item> top = interp.topLosses(3);
      assertThat(top).hasSize(3);
      assertThat(top.get(0).loss()).isGreaterThanOrEqualTo(top.get(2).loss());
      interp.plotTopLosses(3, tmp.resolve("top.png"));
      learn.export(model);
    }
    assertThat(trained.mask().height()).isEqualTo(40);
    assertThat(trained.mask().width()).isEqualTo(48);
    assertThat(ImageIO.read(tmp.resolve("results.png").toFile()).getWidth()).isGreaterThan(200);
    assertThat(ImageIO.read(tmp.resolve("top.png").toFile()).getHeight()).isGreaterThan(300);
    try (Learner loaded = Learner.load(model)) {
      Prediction p = loaded.predict(big);
      assertThat(p.mask()).isEqualTo(trained.mask());
      assertThat(p.label()).isEqualTo(trained.label());
      assertThat(loaded.vocab()).isEqualTo(SegmentationSet.CODES);
    }
  }

  @Test
  void build_refusesClassTargets_andAnOnnxBodyWhoseInputReachesItsEnd() throws IOException {
    Path folders = tmp.resolve("classes");
    for (String c : List.of("a", "b")) {
      Files.createDirectories(folders.resolve(c));
      Files.copy(data.resolve("images/seg_0001.png"), folders.resolve(c).resolve("x.png"));
      Files.copy(data.resolve("images/seg_0002.png"), folders.resolve(c).resolve("y.png"));
    }
    try (DataLoaders dls = DataBlock.of(ImageBlock.grey(), CategoryBlock.create())
        .getItems(ImageFiles::get).getY(dev.fastj.data.Labels.parentLabel())
        .splitter(Splitters.random(0.25, 1)).dataloaders(folders, 2)) {
      assertThatThrownBy(() -> UnetLearner.create(dls, Arch.xresnetSmall()))
          .hasMessageContaining("UnetLearner needs a mask per image").hasMessageContaining("use VisionLearner");
    }
    Path onnx = tmp.resolve("body.onnx");
    try (DataLoaders dls = camvid(data, 16)) {
      try (Learner cls = Learner.builder(dls, new DynamicUnet(Arch.xresnetSmall().body(1), 6)).build()) {
        cls.model().exportOnnx(onnx, java.util.Map.of());
      }
      // a whole U-Net concatenates its input with its last layers: no value on every path changes the size
      assertThatThrownBy(() -> UnetLearner.create(dls, Arch.fromOnnx(onnx, 6)))
          .hasMessageContaining("body.onnx: found no place where the body")
          .hasMessageContaining("does not also feed its input to its last layers");
    }
  }

  @Test
  void data_maskOfAnotherSize_unknownCode_missingFile_areNamed() throws IOException {
    Path bad = tmp.resolve("bad");
    Files.createDirectories(bad.resolve("images"));
    Files.createDirectories(bad.resolve("labels"));
    Files.copy(data.resolve("images/seg_0001.png"), bad.resolve("images/a.png"));
    Files.copy(data.resolve("images/seg_0002.png"), bad.resolve("images/b.png"));
    Files.write(bad.resolve("valid.txt"), List.of("b.png"));
    BufferedImage small = new BufferedImage(30, 32, BufferedImage.TYPE_BYTE_GRAY);
    ImageIO.write(small, "png", bad.resolve("labels/a_P.png").toFile());
    Files.copy(data.resolve("labels/seg_0002_P.png"), bad.resolve("labels/b_P.png"));
    assertThatThrownBy(() -> camvid(bad, 1).train().iterator().next())
        .hasMessageContaining("a.png").hasMessageContaining("32x32").hasMessageContaining("30");

    BufferedImage seven = new BufferedImage(32, 32, BufferedImage.TYPE_BYTE_GRAY);
    seven.getRaster().setSample(3, 4, 0, 7);
    ImageIO.write(seven, "png", bad.resolve("labels/a_P.png").toFile());
    assertThatThrownBy(() -> camvid(bad, 1).train().iterator().next())
        .hasMessageContaining("a_P.png").hasMessageContaining("has code 7").hasMessageContaining("6 codes");

    Files.delete(bad.resolve("labels/a_P.png"));
    assertThatThrownBy(() -> camvid(bad, 1).train().iterator().next())
        .hasMessageContaining("mask file").hasMessageContaining("a_P.png").hasMessageContaining("does not exist");
  }
}
