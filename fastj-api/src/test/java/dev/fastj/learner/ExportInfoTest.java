package dev.fastj.learner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fastj.data.CategoryBlock;
import dev.fastj.data.DataBlock;
import dev.fastj.data.DataLoaderOptions;
import dev.fastj.data.DataLoaders;
import dev.fastj.data.Labels;
import dev.fastj.data.Splitters;
import dev.fastj.vision.ImageBlock;
import dev.fastj.vision.ImageFiles;
import dev.fastj.vision.Resize;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ExportInfo reads what an export holds from its metadata, without a backend. */
class ExportInfoTest {

  @Test
  void anImageClassifiersExport_isAnImageModelWithItsClasses(@TempDir Path dir) throws Exception {
    for (String cls : List.of("dark", "light")) {
      for (int k = 0; k < 4; k++) {
        BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        img.setRGB(k, k, cls.equals("dark") ? 0x202020 : 0xe0e0e0);
        Path f = Files.createDirectories(dir.resolve("data").resolve(cls)).resolve(cls + k + ".png");
        ImageIO.write(img, "png", f.toFile());
      }
    }
    DataBlock<Path> block = DataBlock.of(ImageBlock.create(), CategoryBlock.create()).getItems(ImageFiles::get)
        .splitter(Splitters.random(0.25, 42)).getY(Labels.parentLabel()).itemTfms(Resize.of(6));
    Path file = dir.resolve("m.fastj");
    try (DataLoaders dls = block.dataloaders(dir.resolve("data"), 2, DataLoaderOptions.defaults().withNumWorkers(1));
        Learner learn = Learner.builder(dls, Fixtures.LINEAR).backend(new FakeBackend()).progress(null)
            .loss(new FakeLosses.CrossEntropy(2)).build()) {
      learn.export(file);
    }
    ExportInfo info = ExportInfo.read(file);
    assertThat(info.inputKind()).isEqualTo(ExportInfo.IMAGE);
    assertThat(info.isClassifier()).isTrue();
    assertThat(info.vocab()).containsExactly("dark", "light");
    assertThat(info.outputCount()).isEqualTo(2);
    assertThat(info.inputShape()).containsExactly(3, 6, 6);
    assertThat(info.inputRecipe()).isNull();
    assertThat(info.inputUnavailable()).isNull();
    assertThat(info.imageTransforms().grey()).isFalse();
    assertThat(info.imageTransforms().inputShape()).containsExactly(3, 6, 6);
    assertThat(info).hasToString("m.fastj (image, 2 classes)");
  }

  @Test
  void aRegressionOnDataItCannotDescribe_isATensorModelWithoutClasses(@TempDir Path dir) {
    Path file = dir.resolve("r.fastj");
    try (Learner learn = Fixtures.learner(FakeData.regression(3, 2, 16, 4, 4, 1), new FakeBackend()).build()) {
      learn.export(file);
    }
    ExportInfo info = ExportInfo.read(file);
    assertThat(info.inputKind()).isEqualTo(ExportInfo.TENSOR);
    assertThat(info.inputUnavailable()).isNotBlank();
    assertThat(info.isClassifier()).isFalse();
    assertThat(info.vocab()).isEmpty();
    assertThat(info.outputCount()).isEqualTo(2);
    assertThat(info.inputRecipe()).isNull();
    assertThat(info.imageTransforms()).isNull();
  }

  @Test
  void aFileThatIsNotAnExport_orNoFile_isRefusedNamingIt(@TempDir Path dir) throws Exception {
    Path text = Files.writeString(dir.resolve("notes.fastj"), "not a model", StandardCharsets.UTF_8);
    assertThatThrownBy(() -> ExportInfo.read(text)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(text + " is not a fastj export");
    assertThatThrownBy(() -> ExportInfo.read(dir.resolve("none.fastj")))
        .hasMessageContaining("no exported model at").hasMessageContaining("learn.export");
  }
}
