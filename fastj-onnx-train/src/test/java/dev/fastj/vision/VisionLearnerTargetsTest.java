package dev.fastj.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fastj.data.CategoryBlock;
import dev.fastj.data.Csv;
import dev.fastj.data.ColReader;
import dev.fastj.data.CsvRow;
import dev.fastj.data.DataBlock;
import dev.fastj.data.DataLoaders;
import dev.fastj.data.Labels;
import dev.fastj.data.Splitters;
import dev.fastj.learner.Learner;
import dev.fastj.onnx.testing.PointsSet;
import dev.fastj.onnx.testing.Stripes;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** VisionLearner checks the target against its head when it is built (issue 10, item 5). */
class VisionLearnerTargetsTest {

  @TempDir
  Path dir;

  static DataBlock<CsvRow> pointsBlock(Path root) {
    return DataBlock.of(ImageBlock.grey(), PointBlock.create())
        .getItems(p -> Csv.rows(p.resolve("points.csv")))
        .getX(ColReader.of("image").withPrefix(root.resolve("images")))
        .getY(PointBlock.columns("x", "y"))
        .splitter(Splitters.random(0.25, 1));
  }

  @Test
  void maskTarget_isRefusedAndNamesUnetLearner() throws Exception {
    for (int k = 0; k < 4; k++) {
      BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
      Files.createDirectories(dir.resolve("images"));
      ImageIO.write(img, "png", dir.resolve("images/" + k + ".png").toFile());
      Files.createDirectories(dir.resolve("labels"));
      ImageIO.write(img, "png", dir.resolve("labels/" + k + ".png").toFile());
    }
    DataBlock<Path> seg = DataBlock.of(ImageBlock.grey(), MaskBlock.create(List.of("background", "thing")))
        .getItems(p -> ImageFiles.get(p, "images"))
        .getY(p -> p.getParent().resolveSibling("labels").resolve(p.getFileName()))
        .splitter(Splitters.random(0.25, 1));
    try (DataLoaders dls = seg.dataloaders(dir, 2)) {
      assertThatThrownBy(() -> VisionLearner.create(dls, Arch.xresnetSmall()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("MaskBlock").hasMessageContaining("UnetLearner.create(dls, arch");
    }
  }

  @Test
  void pointTarget_getsSigmoidRangeHeadAndMseLoss_withoutAsking() throws Exception {
    PointsSet.write(dir, 8, 40, 1);
    try (DataLoaders dls = pointsBlock(dir).dataloaders(dir, 4);
        Learner learn = VisionLearner.builder(dls, Arch.xresnetSmall()).progress(null).build()) {
      assertThat(learn.loss().describe()).contains("MSELossFlat");
      assertThat(learn.summary()).contains("SigmoidRange");
    }
  }

  @Test
  void pointTarget_keepsTheGivenYRange_andRefusesAnotherNOut() throws Exception {
    PointsSet.write(dir, 8, 40, 1);
    try (DataLoaders dls = pointsBlock(dir).dataloaders(dir, 4)) {
      assertThat(TargetCheck.head(dls, HeadOptions.scratch(), new double[] {-1.2, 1.2}, null).yRange())
          .containsExactly(-1.2, 1.2);
      assertThat(TargetCheck.head(dls, HeadOptions.scratch().withYRange(0, 2), null, null).yRange())
          .containsExactly(0.0, 2.0);
      assertThat(TargetCheck.head(dls, HeadOptions.scratch(), null, null).yRange()).containsExactly(-1.0, 1.0);
      assertThatThrownBy(() -> VisionLearner.builder(dls, Arch.xresnetSmall()).nOut(10).build())
          .hasMessageContaining("nOut(10)").hasMessageContaining("1 point(s), 2 outputs");
    }
  }

  @Test
  void classTarget_refusesYRangeAndAWrongNOut() throws Exception {
    Stripes.write(dir, 8, 4, 1);
    DataBlock<Path> block = DataBlock.of(ImageBlock.grey(), CategoryBlock.create())
        .getItems(ImageFiles::get).getY(Labels.parentLabel()).splitter(Splitters.random(0.25, 1));
    try (DataLoaders dls = block.dataloaders(dir, 2)) {
      assertThatThrownBy(() -> VisionLearner.builder(dls, Arch.xresnetSmall()).yRange(0, 1).build())
          .hasMessageContaining("yRange [0.0, 1.0]").hasMessageContaining("CategoryBlock");
      assertThatThrownBy(() -> VisionLearner.builder(dls, Arch.xresnetSmall()).nOut(3).build())
          .hasMessageContaining("nOut(3)").hasMessageContaining("2 classes [horizontal, vertical]");
    }
  }

  @Test
  void pointOutsideItsImage_isNamedWithTheImageSize() throws Exception {
    PointsSet.write(dir, 4, 40, 1);
    Files.writeString(dir.resolve("points.csv"), "image,x,y\n0.png,3,4\n1.png,41,4\n2.png,1,1\n3.png,2,2\n");
    assertThatThrownBy(() -> {
      try (DataLoaders dls = pointsBlock(dir).dataloaders(dir, 1)) {
        dls.train().forEach(b -> { });
        dls.valid().forEach(b -> { });
      }
    })
        .hasMessageContaining("point (41.0, 4.0)").hasMessageContaining("csv row 3").hasMessageContaining("40x40 image");
  }
}
