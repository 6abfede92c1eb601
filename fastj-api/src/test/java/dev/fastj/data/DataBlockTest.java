package dev.fastj.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fastj.nn.CrossEntropyLossFlat;
import dev.fastj.vision.Augment;
import dev.fastj.vision.ImageBlock;
import dev.fastj.vision.ImageFiles;
import dev.fastj.vision.MaskBlock;
import dev.fastj.vision.Normalize;
import dev.fastj.vision.PointBlock;
import dev.fastj.vision.Resize;
import dev.fastj.vision.TestImages;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataBlockTest {

  /** Colour of each class: red, green, blue; the loader must keep label and image together. */
  private static final Map<String, Integer> COLOURS = Map.of("red", 0xff0000, "green", 0x00ff00, "blue", 0x0000ff);

  @TempDir
  static Path root;

  @BeforeAll
  static void writeTree() throws Exception {
    int i = 0;
    for (var e : COLOURS.entrySet()) {
      for (int k = 0; k < 8; k++) {
        int size = 12 + (i++ % 5);
        TestImages.png(root.resolve("tree").resolve(e.getKey()).resolve(e.getKey() + k + ".png"), size, size + 2, e.getValue());
      }
    }
  }

  private static DataBlock<Path> block() {
    return DataBlock.of(ImageBlock.create(), CategoryBlock.create())
        .getItems(ImageFiles::get)
        .splitter(Splitters.random(0.25, 42))
        .getY(Labels.parentLabel())
        .itemTfms(Resize.of(8));
  }

  private static DataLoaderOptions opts() {
    return DataLoaderOptions.defaults().withNumWorkers(2);
  }

  /** Class of an image from its mean colour, independent of the loader. */
  private static String colourOf(float[] chw, int row, int plane) {
    float[] mean = new float[3];
    for (int c = 0; c < 3; c++) {
      for (int i = 0; i < plane; i++) {
        mean[c] += chw[(row * 3 + c) * plane + i] / plane;
      }
    }
    return mean[0] > mean[1] && mean[0] > mean[2] ? "red" : mean[1] > mean[2] ? "green" : "blue";
  }

  @Test
  void folderTree_loadsBatchesWhoseLabelsMatchTheirFolders() {
    try (DataLoaders dls = block().batchTfms(Augment.transforms()).dataloaders(root.resolve("tree"), 4, opts())) {
      assertThat(dls.vocab()).containsExactly("blue", "green", "red");
      assertThat(dls.inputShape()).containsExactly(3, 8, 8);
      assertThat(dls.outputCount()).isEqualTo(3);
      assertThat(dls.defaultLoss()).isInstanceOf(CrossEntropyLossFlat.class);
      assertThat(dls.train().itemCount() + dls.valid().itemCount()).isEqualTo(24);
      assertThat(dls.train().size()).isEqualTo(dls.train().itemCount() / 4);
      int rows = 0;
      for (DataLoader dl : List.of(dls.train(), dls.valid())) {
        for (Batch b : dl) {
          assertThat(b.input().dtype()).isEqualTo(TensorData.DType.FLOAT32);
          assertThat(b.input().buffer().isDirect()).isTrue();
          assertThat(b.target().dtype()).isEqualTo(TensorData.DType.INT64);
          float[] x = b.input().toFloatArray();
          long[] y = b.target().toLongArray();
          for (int r = 0; r < b.size(); r++) {
            String folder = Labels.parentLabel().apply((Path) dl.item(b.itemIndices()[r]));
            assertThat(dls.vocab().get((int) y[r])).isEqualTo(folder);
            assertThat(colourOf(x, r, 64)).isEqualTo(folder);
            rows++;
          }
        }
      }
      assertThat(rows).isEqualTo(dls.train().size() * 4 + dls.valid().itemCount());
      assertThat(dls.decodePrediction(new float[] {0.1f, 0.8f, 0.1f})).isEqualTo("green");
    }
  }

  @Test
  void sameSeed_sameBatches_andEpochsReshuffle() {
    List<float[]> a = new ArrayList<>();
    List<float[]> b = new ArrayList<>();
    DataBlock<Path> blk = block().batchTfms(Augment.transforms(), Normalize.imagenet());
    try (DataLoaders d1 = blk.dataloaders(root.resolve("tree"), 4, opts());
        DataLoaders d2 = blk.dataloaders(root.resolve("tree"), 4, opts().withNumWorkers(1).withPrefetch(1))) {
      for (Batch x : d1.train()) {
        a.add(x.input().toFloatArray());
      }
      for (Batch x : d2.train()) {
        b.add(x.input().toFloatArray());
      }
      assertThat(a).hasSameSizeAs(b);
      for (int i = 0; i < a.size(); i++) {
        assertThat(a.get(i)).containsExactly(b.get(i));
      }
      int[] first = d1.train().iterator().next().itemIndices();
      int[] second = d1.train().iterator().next().itemIndices();
      assertThat(first).isNotEqualTo(second);
      float[] v1 = d1.valid().iterator().next().input().toFloatArray();
      float[] v2 = d1.valid().iterator().next().input().toFloatArray();
      assertThat(v1).containsExactly(v2);
    }
  }

  @Test
  void corruptFile_isSkippedWithCount_orStopsNamingIt(@TempDir Path dir) throws Exception {
    for (int k = 0; k < 6; k++) {
      TestImages.png(dir.resolve("a/" + k + ".png"), 10, 10, 0xff0000);
      TestImages.png(dir.resolve("b/" + k + ".png"), 10, 10, 0x0000ff);
    }
    Files.write(dir.resolve("a/3.png"), new byte[] {9, 9, 9});
    DataBlock<Path> blk = block().splitter(Splitters.byIndex(List.of(0, 6)));
    try (DataLoaders dls = blk.dataloaders(dir, 2, opts())) {
      int rows = 0;
      for (int epoch = 0; epoch < 2; epoch++) {
        for (Batch b : dls.train()) {
          rows += b.size();
        }
      }
      assertThat(dls.skippedCount()).isEqualTo(1);
      assertThat(dls.skippedItems()).containsExactly("a/3.png");
      assertThat(rows).isBetween(2 * 8, 2 * 9);
    }
    assertThatThrownBy(() -> {
      try (DataLoaders dls = blk.dataloaders(dir, 2, opts().withOnBadItem(DataLoaderOptions.OnBadItem.STOP))) {
        for (Batch b : dls.train()) {
          assertThat(b.size()).isEqualTo(2);
        }
      }
    }).isInstanceOf(DataBlockException.class).hasMessageContaining("3.png").hasMessageContaining("withOnBadItem");
  }

  @Test
  void summary_printsEachStep() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    block().batchTfms(Augment.transforms(), Normalize.imagenet()).summary(root.resolve("tree"),
        new PrintStream(buf, true, StandardCharsets.UTF_8));
    String out = buf.toString(StandardCharsets.UTF_8);
    assertThat(out).contains("found 24 items").contains("training 18 items, validation 6 items")
        .contains("vocab [blue, green, red]").contains("getY -> ").contains("ImageBlock type transform -> ImageTensor 3x")
        .contains("Resize(8x8, crop) -> [ImageTensor 3x8x8").contains("FLOAT32 [4, 3, 8, 8]").contains("Augment(")
        .contains("Normalize(").contains("Skipped 0 unreadable items");
  }

  @Test
  void summary_countsUnreadableItems(@TempDir Path dir) throws Exception {
    for (int k = 0; k < 6; k++) {
      TestImages.png(dir.resolve("a/" + k + ".png"), 10, 10, 0xff0000);
    }
    Files.write(dir.resolve("a/1.png"), new byte[] {1});
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    block().splitter(Splitters.byIndex(List.of(5))).summary(dir, new PrintStream(buf, true, StandardCharsets.UTF_8));
    assertThat(buf.toString(StandardCharsets.UTF_8)).contains("Skipped 1 unreadable items: [a/1.png]");
  }

  @Test
  void multiLabelCsv_loadsOneHotTargets(@TempDir Path dir) throws Exception {
    StringBuilder csv = new StringBuilder("image_name,tags,is_valid\n");
    String[] tags = {"haze primary", "clear", "clear water", "primary"};
    for (int k = 0; k < 8; k++) {
      TestImages.png(dir.resolve("train-jpg/img" + k + ".png"), 8, 8, 0x336699);
      csv.append("img").append(k).append(',').append(tags[k % 4]).append(',').append(k >= 6).append('\n');
    }
    Files.writeString(dir.resolve("labels.csv"), csv);
    DataBlock<CsvRow> planet = DataBlock.of(ImageBlock.create(), MultiCategoryBlock.create())
        .getItems(p -> Csv.rows(p.resolve("labels.csv")))
        .splitter(Splitters.byColumn("is_valid"))
        .getX(ColReader.of("image_name").withPrefix(dir.resolve("train-jpg")).withSuffix(".png"))
        .getY(ColReader.of("tags").withLabelDelim(" "));
    try (DataLoaders dls = planet.dataloaders(dir, 3, opts())) {
      assertThat(dls.vocab()).containsExactly("clear", "haze", "primary", "water");
      assertThat(dls.defaultLoss()).isInstanceOf(dev.fastj.nn.BCEWithLogitsLossFlat.class);
      assertThat(dls.outputCount()).isEqualTo(4);
      Batch b = dls.valid().iterator().next();
      assertThat(b.target().shape()).containsExactly(2, 4);
      assertThat(b.target().toFloatArray()).containsExactly(1, 0, 0, 1, 0, 0, 1, 0);
      assertThat(dls.valid().describeItem(0)).isEqualTo("csv row 8");
      assertThat(dls.decodePrediction(new float[] {0.9f, 0.1f, 0.7f, 0.2f})).isEqualTo("clear primary");
    }
  }

  @Test
  void numericLabels_vocabInNumericOrder() {
    Block b = CategoryBlock.create().setup(List.of(10, 2, 1), List.of());
    assertThat(b.vocab()).containsExactly("1", "2", "10");
  }

  @Test
  void summary_failure_namesStepItemAndRemedy() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    DataBlock<Path> bad = block().getY(p -> {
      if (p.getFileName().toString().startsWith("green")) {
        throw new IllegalStateException("no label for " + p.getFileName());
      }
      return "x";
    });
    assertThatThrownBy(() -> bad.summary(root.resolve("tree"), new PrintStream(buf, true, StandardCharsets.UTF_8)))
        .isInstanceOf(DataBlockException.class)
        .hasMessageContaining("getY failed for item green/green")
        .hasMessageContaining("run DataBlock.summary")
        .satisfies(e -> assertThat(((DataBlockException) e).step()).isEqualTo("getY"));
    assertThat(buf.toString(StandardCharsets.UTF_8)).contains("FAILED at step 'getY' for item green/green");
  }

  @Test
  void mixedSizesWithoutResize_failAtCollateWithRemedy() {
    DataBlock<Path> noResize = DataBlock.of(ImageBlock.create(), CategoryBlock.create())
        .getItems(ImageFiles::get).getY(Labels.parentLabel());
    assertThatThrownBy(() -> noResize.summary(root.resolve("tree"), new PrintStream(new ByteArrayOutputStream(), true,
        StandardCharsets.UTF_8))).hasMessageContaining("collating ImageBlock").hasMessageContaining("Resize.of");
  }

  @Test
  void emptySource_andNoGetItems_haveClearMessages(@TempDir Path dir) {
    assertThatThrownBy(() -> block().dataloaders(dir, 4)).hasMessageContaining("found no items in " + dir);
    assertThatThrownBy(() -> DataBlock.of(ImageBlock.create(), CategoryBlock.create()).dataloaders(dir, 4))
        .hasMessageContaining("getItems(ImageFiles::get)");
  }

  @Test
  void labelOnlyInValidation_failsNamingIt(@TempDir Path dir) throws Exception {
    TestImages.png(dir.resolve("train/a/1.png"), 8, 8, 0);
    TestImages.png(dir.resolve("train/a/2.png"), 8, 8, 0);
    TestImages.png(dir.resolve("valid/b/3.png"), 8, 8, 0);
    DataBlock<Path> blk = block().splitter(Splitters.grandparent());
    assertThatThrownBy(() -> blk.dataloaders(dir, 1)).hasMessageContaining("'b'")
        .hasMessageContaining("only in the validation set");
  }

  @Test
  void testDl_appliesValidationTransformsWithoutLabels() {
    try (DataLoaders dls = block().dataloaders(root.resolve("tree"), 4, opts())) {
      List<Path> files = ImageFiles.get(root.resolve("tree")).subList(0, 5);
      DataLoader t = dls.testDl(files);
      List<Batch> batches = new ArrayList<>();
      t.forEach(batches::add);
      assertThat(batches).hasSize(2);
      assertThat(batches.get(0).targets()).isEmpty();
      assertThat(batches.get(1).input().shape()).containsExactly(1, 3, 8, 8);
      assertThat(t.describeItem(0)).isEqualTo("blue/blue0.png");
      assertThat(dls.valid().decodedInput(0).shape()).containsExactly(3, 8, 8);
      assertThat(dls.valid().target(0).get(0).shape()).isEmpty();
    }
  }

  @Test
  void inferenceTransforms_roundTripMetadata_andReproduceTestDl() {
    try (DataLoaders dls = block().batchTfms(Augment.transforms(), Normalize.fromData())
        .dataloaders(root.resolve("tree"), 4, opts())) {
      dev.fastj.vision.InferenceTransforms it = dev.fastj.vision.InferenceTransforms.from(dls);
      assertThat(it.resize()).isEqualTo("resize");
      assertThat(it.inputShape()).containsExactly(3, 8, 8);
      dev.fastj.vision.InferenceTransforms back = dev.fastj.vision.InferenceTransforms.fromMetadata(it.toMetadata());
      assertThat(back).isEqualTo(it);
      List<Path> files = ImageFiles.get(root.resolve("tree")).subList(0, 3);
      float[] viaLoader = dls.testDl(files).iterator().next().input().toFloatArray();
      assertThat(back.apply(files).toFloatArray()).containsExactly(viaLoader);
    }
    assertThatThrownBy(() -> dev.fastj.vision.InferenceTransforms.fromMetadata(Map.of()))
        .hasMessageContaining("fastj.vision.grey");
  }

  @Test
  void showBatch_writesAGrid(@TempDir Path dir) throws Exception {
    try (DataLoaders dls = block().batchTfms(Augment.transforms(), Normalize.imagenet())
        .dataloaders(root.resolve("tree"), 4, opts())) {
      Path png = dir.resolve("out/batch.png");
      dls.showBatch(4, png);
      assertThat(ImageIO.read(png.toFile()).getWidth()).as("two cells of at least 128 pixels").isGreaterThanOrEqualTo(2 * 128);
    }
  }

  @Test
  void segmentation_masksStayAlignedWithImagesThroughAugmentation(@TempDir Path dir) throws Exception {
    int n = 16;
    for (int k = 0; k < 6; k++) {
      java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(n, n, java.awt.image.BufferedImage.TYPE_INT_RGB);
      int[] codes = new int[n * n];
      for (int y = 0; y < n; y++) {
        for (int x = 0; x < n; x++) {
          boolean bright = x >= 4 + k && x < 9 + k && y >= 3 && y < 10;
          img.setRGB(x, y, bright ? 0xffffff : 0);
          codes[y * n + x] = bright ? 1 : 0;
        }
      }
      Files.createDirectories(dir.resolve("images"));
      ImageIO.write(img, "png", dir.resolve("images/" + k + ".png").toFile());
      TestImages.mask(dir.resolve("labels/" + k + ".png"), n, n, codes);
    }
    DataBlock<Path> seg = DataBlock.of(ImageBlock.create(), MaskBlock.create(List.of("background", "square")))
        .getItems(p -> ImageFiles.get(p, "images"))
        .splitter(Splitters.byIndex(List.of(0)))
        .getY(p -> p.getParent().resolveSibling("labels").resolve(p.getFileName()))
        .batchTfms(Augment.transforms().withMaxRotate(30).withMaxLighting(0));
    try (DataLoaders dls = seg.dataloaders(dir, 5, opts())) {
      assertThat(dls.vocab()).containsExactly("background", "square");
      assertThat(dls.outputCount()).isEqualTo(2);
      Batch b = dls.train().iterator().next();
      float[] x = b.input().toFloatArray();
      long[] m = b.target().toLongArray();
      assertThat(b.target().shape()).containsExactly(5, n, n);
      int agree = 0;
      for (int i = 0; i < m.length; i++) {
        int row = i / (n * n);
        int pix = i % (n * n);
        boolean brightPixel = x[row * 3 * n * n + pix] > 0.5f;
        if (brightPixel == (m[i] == 1)) {
          agree++;
        }
      }
      assertThat((double) agree / m.length).isGreaterThan(0.95);
      Path png = dir.resolve("seg.png");
      dls.showBatch(4, png);
      assertThat(ImageIO.read(png.toFile())).isNotNull();
    }
  }

  @Test
  void points_loadScaledToMinusOneOne(@TempDir Path dir) throws Exception {
    for (int k = 0; k < 4; k++) {
      TestImages.png(dir.resolve("p/" + k + ".png"), 20, 10, 0x808080);
    }
    DataBlock<Path> pts = DataBlock.of(ImageBlock.create(), PointBlock.create())
        .getItems(ImageFiles::get)
        .splitter(Splitters.byIndex(List.of(0)))
        .getY(p -> new float[] {10, 5});
    try (DataLoaders dls = pts.dataloaders(dir, 3, opts())) {
      assertThat(dls.outputCount()).isEqualTo(2);
      Batch b = dls.valid().iterator().next();
      assertThat(b.target().toFloatArray()).containsExactly(0f, 0f);
    }
  }
}
