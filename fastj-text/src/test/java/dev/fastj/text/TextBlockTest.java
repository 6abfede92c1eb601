package dev.fastj.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fastj.data.Batch;
import dev.fastj.data.CategoryBlock;
import dev.fastj.data.Csv;
import dev.fastj.data.CsvRow;
import dev.fastj.data.DataBlock;
import dev.fastj.data.DataLoaders;
import dev.fastj.data.Labels;
import dev.fastj.data.Splitters;
import dev.fastj.data.TensorData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextBlockTest {

  @TempDir
  Path tmp;

  private static final String[] POS = {"good", "great", "fine", "lovely", "superb"};
  private static final String[] NEG = {"bad", "awful", "poor", "dull", "boring"};

  /** Reviews of 3 to 40 words, in pos/ and neg/, seeded. */
  private Path reviews(int perClass) throws IOException {
    Path root = tmp.resolve("reviews");
    Random r = new Random(7);
    for (String cls : List.of("pos", "neg")) {
      Files.createDirectories(root.resolve(cls));
      String[] words = cls.equals("pos") ? POS : NEG;
      for (int i = 0; i < perClass; i++) {
        StringBuilder sb = new StringBuilder("The movie was");
        int n = 3 + r.nextInt(38);
        for (int j = 0; j < n; j++) {
          sb.append(' ').append(words[r.nextInt(words.length)]);
        }
        Files.writeString(root.resolve(cls).resolve(i + ".txt"), sb.append('.'));
      }
    }
    return root;
  }

  @Test
  void languageModel_batchesTheStreamShiftedByOne() throws IOException {
    Path root = reviews(40);
    DataBlock<Path> lm = DataBlock.of(TextBlock.fromFolder(root, true)).getItems(TextFiles::get)
        .splitter(Splitters.random(0.1, 42));
    try (TextDataLoaders dls = (TextDataLoaders) lm.dataloaders(root, 8)) {
      assertThat(dls.isLm()).isTrue();
      assertThat(dls.textVocab().itos()).startsWith(SpecialTokens.ALL.toArray(String[]::new)).contains("good", "awful");
      assertThat(dls.textVocab().size() % 8).isZero();
      assertThat(dls.outputCount()).isEqualTo(dls.textVocab().size());
      assertThat(dls.train().itemCount()).isEqualTo(72);
      assertThat(dls.inputSpecs().get(0).dtype()).isEqualTo(TensorData.DType.INT64);
      List<Batch> batches = new ArrayList<>();
      dls.train().forEach(batches::add);
      LMDataLoader train = (LMDataLoader) dls.train();
      assertThat(batches).hasSize(train.size());
      Batch b = batches.get(0);
      assertThat(b.input().shape()).containsExactly(8, 72);
      assertThat(b.target().shape()).containsExactly(8, 72);
      long[] x = b.input().toLongArray();
      long[] y = b.target().toLongArray();
      for (int r = 0; r < 8; r++) {
        for (int j = 0; j < 71; j++) {
          assertThat(y[r * 72 + j]).isEqualTo(x[r * 72 + j + 1]);
        }
      }
      // row r of batch k+1 continues row r of batch k
      long[] x1 = batches.get(1).input().toLongArray();
      assertThat(x1[0]).isEqualTo(y[71]);
      assertThat(x1[3 * (int) batches.get(1).input().dim(1)]).isEqualTo(y[3 * 72 + 71]);
      int cols = 0;
      for (Batch bb : batches) {
        cols += (int) bb.input().dim(1);
      }
      assertThat(cols).isEqualTo(train.rowLength());
      assertThat(train.rowLength()).isEqualTo((int) ((train.tokenCount() - 1) / 8));
    }
  }

  @Test
  void classifier_sortsByLengthPadsFirstAndLabelsByParentFolder() throws IOException {
    Path root = reviews(30);
    DataBlock<Path> clas = DataBlock.of(TextBlock.fromFolder(root, false).withSeqLen(8), CategoryBlock.create())
        .getItems(TextFiles::get).getY(Labels.parentLabel()).splitter(Splitters.random(0.2, 42));
    try (TextDataLoaders dls = (TextDataLoaders) clas.dataloaders(root, 8)) {
      assertThat(dls.isLm()).isFalse();
      assertThat(dls.vocab()).containsExactly("neg", "pos");
      assertThat(dls.outputCount()).isEqualTo(2);
      Vocab v = dls.textVocab();
      int pad = v.index(SpecialTokens.PAD);
      assertThat(pad).isEqualTo(1);
      // validation: longest first, all items
      List<Batch> valid = new ArrayList<>();
      dls.valid().forEach(valid::add);
      assertThat(valid.stream().mapToInt(Batch::size).sum()).isEqualTo(12);
      List<Integer> lengths = new ArrayList<>();
      for (Batch b : valid) {
        for (int i : b.itemIndices()) {
          lengths.add((int) dls.valid().decodedInput(i).numel());
        }
      }
      assertThat(lengths).isSortedAccordingTo((a, b) -> b - a);
      // padding: whole chunks of seqLen (8) first, the rest after; the text starts with xxbos
      Batch b = valid.get(0);
      int cols = (int) b.input().dim(1);
      long[] x = b.input().toLongArray();
      for (int r = 0; r < b.size(); r++) {
        int len = (int) dls.valid().decodedInput(b.itemIndices()[r]).numel();
        int before = ((cols - len) / 8) * 8;
        assertThat(x[r * cols + before]).isEqualTo(v.index(SpecialTokens.BOS));
        for (int j = 0; j < before; j++) {
          assertThat(x[r * cols + j]).isEqualTo(pad);
        }
        for (int j = before + len; j < cols; j++) {
          assertThat(x[r * cols + j]).isEqualTo(pad);
        }
        String label = b.target().toLongArray()[r] == 0 ? "neg" : "pos";
        assertThat(((Path) dls.valid().item(b.itemIndices()[r])).getParent().getFileName().toString()).isEqualTo(label);
      }
      // training: full batches only, every epoch a new seeded order, the longest text in the first batch
      SortedDataLoader train = (SortedDataLoader) dls.train();
      assertThat(train.size()).isEqualTo(48 / 8);
      List<int[]> e0 = train.batchOrder(0);
      List<int[]> e1 = train.batchOrder(1);
      assertThat(e0).hasSize(6).allSatisfy(batch -> assertThat(batch).hasSize(8));
      assertThat(flatten(e0)).isNotEqualTo(flatten(e1));
      assertThat(flatten(train.batchOrder(0))).isEqualTo(flatten(e0));
      int longest = 0;
      for (int i = 0; i < train.itemCount(); i++) {
        longest = Math.max(longest, (int) train.decodedInput(i).numel());
      }
      int maxInFirst = 0;
      for (int i : e0.get(0)) {
        maxInFirst = Math.max(maxInFirst, (int) train.decodedInput(i).numel());
      }
      assertThat(maxInFirst).isEqualTo(longest);
    }
  }

  private static List<Integer> flatten(List<int[]> batches) {
    List<Integer> out = new ArrayList<>();
    batches.forEach(b -> {
      for (int i : b) {
        out.add(i);
      }
    });
    return out;
  }

  @Test
  void classifier_reusesTheLanguageModelsVocab() throws IOException {
    Path root = reviews(20);
    Vocab lmVocab;
    try (TextDataLoaders lm = (TextDataLoaders) DataBlock.of(TextBlock.fromFolder(root, true))
        .getItems(TextFiles::get).dataloaders(root, 4)) {
      lmVocab = lm.textVocab();
    }
    try (TextDataLoaders clas = (TextDataLoaders) DataBlock.of(TextBlock.fromFolder(root, false).withVocab(lmVocab),
        CategoryBlock.create()).getItems(TextFiles::get).getY(Labels.parentLabel()).dataloaders(root, 4)) {
      assertThat(clas.textVocab()).isEqualTo(lmVocab);
      assertThat(clas.inputRecipe().vocab()).isEqualTo(lmVocab);
      TensorData enc = clas.inputRecipe().encode(List.of("The movie was good.")).get(0);
      assertThat(lmVocab.decode(enc.toLongArray())).containsExactly("xxbos", "xxmaj", "the", "movie", "was", "good", ".");
    }
  }

  @Test
  void fromDf_tokenizesACsvColumn() throws IOException {
    Path csv = tmp.resolve("texts.csv");
    StringBuilder sb = new StringBuilder("label,text\n");
    for (int i = 0; i < 20; i++) {
      sb.append(i % 2 == 0 ? "spam" : "ham").append(",\"").append(i % 2 == 0 ? "WIN money now, " + i : "Meeting at "
          + i + ", see you").append("\"\n");
    }
    Files.writeString(csv, sb);
    DataBlock<CsvRow> block = DataBlock.of(TextBlock.fromDf("text", false), CategoryBlock.create())
        .getItems(p -> Csv.rows(p)).getY(row -> row.get("label"));
    try (TextDataLoaders dls = (TextDataLoaders) block.dataloaders(csv, 4)) {
      assertThat(dls.vocab()).containsExactly("ham", "spam");
      assertThat(dls.textVocab().itos()).contains("xxup", "win", "money", "meeting");
      Batch b = dls.valid().iterator().next();
      CsvRow row = (CsvRow) dls.valid().item(b.itemIndices()[0]);
      String shown = dls.textBlock().show(dls.valid().decodedInput(b.itemIndices()[0]).toLongArray());
      assertThat(shown).startsWith("xxbos").contains(row.get("label").equals("spam") ? "money" : "meeting");
    }
    DataBlock<CsvRow> wrong = DataBlock.of(TextBlock.fromDf("body", false), CategoryBlock.create())
        .getItems(p -> Csv.rows(p)).getY(row -> row.get("label"));
    assertThatThrownBy(() -> wrong.dataloaders(csv, 4)).hasMessageContaining("body");
  }

  @Test
  void testDl_keepsTheOrderGivenAndEncodesNewTexts() throws IOException {
    Path root = reviews(10);
    DataBlock<Path> clas = DataBlock.of(TextBlock.fromFolder(root, false), CategoryBlock.create())
        .getItems(TextFiles::get).getY(Labels.parentLabel());
    try (TextDataLoaders dls = (TextDataLoaders) clas.dataloaders(root, 4)) {
      List<String> texts = List.of("Good.", "The movie was good good great and lovely.", "Bad", "qwerty unseen words");
      List<Batch> batches = new ArrayList<>();
      dls.testDl(texts).forEach(batches::add);
      assertThat(batches).hasSize(1);
      Batch b = batches.get(0);
      assertThat(b.itemIndices()).containsExactly(0, 1, 2, 3);
      assertThat(b.targets()).isEmpty();
      int cols = (int) b.input().dim(1);
      long[] x = b.input().toLongArray();
      Vocab v = dls.textVocab();
      assertThat(cols).isEqualTo(11);
      // shorter than seqLen: no whole chunk of pads goes first, the pads follow the text
      assertThat(v.decode(java.util.Arrays.copyOfRange(x, 0, cols))).containsExactly("xxbos", "xxmaj", "good", ".",
          "xxpad", "xxpad", "xxpad", "xxpad", "xxpad", "xxpad", "xxpad");
      assertThat(v.decode(java.util.Arrays.copyOfRange(x, 3 * cols, 3 * cols + 4))).containsExactly("xxbos", "xxunk",
          "xxunk", "xxunk");
    }
  }

  @Test
  void summary_walksOneTextThroughEveryStep() throws IOException {
    Path root = reviews(8);
    DataBlock<Path> clas = DataBlock.of(TextBlock.fromFolder(root, false), CategoryBlock.create())
        .getItems(TextFiles::get).getY(Labels.parentLabel());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    clas.summary(root, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(out).contains("found 16 items").contains("TextBlock(classifier, vocab").contains("CategoryBlock");
  }

  @Test
  void folderWithOneClass_isRefusedSayingWhatToDo() throws IOException {
    Path root = tmp.resolve("one");
    Files.createDirectories(root.resolve("ham"));
    for (int i = 0; i < 10; i++) {
      Files.writeString(root.resolve("ham/" + i + ".txt"), "Hello number " + i);
    }
    DataBlock<Path> clas = DataBlock.of(TextBlock.fromFolder(root, false), CategoryBlock.create())
        .getItems(TextFiles::get).getY(Labels.parentLabel());
    assertThatThrownBy(() -> clas.dataloaders(root, 4)).hasMessageContaining("one class only, [ham]")
        .hasMessageContaining("a folder per class");
  }

  @Test
  void languageModelWithALabelBlock_isRefused() throws IOException {
    Path root = reviews(5);
    DataBlock<Path> lm = DataBlock.of(TextBlock.fromFolder(root, true), CategoryBlock.create())
        .getItems(TextFiles::get).getY(Labels.parentLabel());
    assertThatThrownBy(() -> lm.dataloaders(root, 2)).hasMessageContaining("has the TextBlock alone");
  }

  @Test
  void tooLittleTextForTheBatchSize_isRefused() throws IOException {
    Path root = tmp.resolve("tiny");
    Files.createDirectories(root.resolve("a"));
    Files.writeString(root.resolve("a/1.txt"), "hi");
    Files.writeString(root.resolve("a/2.txt"), "yo");
    DataBlock<Path> lm = DataBlock.of(TextBlock.fromFolder(root, true)).getItems(TextFiles::get)
        .splitter(items -> new dev.fastj.data.Split(new int[] {0, 1}, new int[0]));
    assertThatThrownBy(() -> lm.dataloaders(root, 64)).hasMessageContaining("4 tokens, too few for 64 rows")
        .hasMessageContaining("lower the batch size");
  }

  @Test
  void showBatch_printsDecodedTextAndLabels() throws IOException {
    Path root = reviews(10);
    DataBlock<Path> clas = DataBlock.of(TextBlock.fromFolder(root, false), CategoryBlock.create())
        .getItems(TextFiles::get).getY(Labels.parentLabel());
    try (TextDataLoaders dls = (TextDataLoaders) clas.dataloaders(root, 4)) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      dls.showBatch(3, new PrintStream(bytes, true, StandardCharsets.UTF_8));
      String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
      assertThat(lines).hasSize(4);
      assertThat(lines[0]).contains("text").contains("category");
      Set<String> labels = new HashSet<>();
      for (int i = 1; i < 4; i++) {
        assertThat(lines[i]).startsWith(Integer.toString(i - 1)).contains("xxbos xxmaj the movie was")
            .doesNotContain("xxpad");
        labels.add(lines[i].substring(lines[i].lastIndexOf(' ') + 1));
      }
      assertThat(labels).isSubsetOf("pos", "neg");
      Path png = tmp.resolve("batch.png");
      dls.showBatch(3, png);
      assertThat(javax.imageio.ImageIO.read(png.toFile()).getWidth()).isGreaterThan(100);
    }
    try (TextDataLoaders lm = (TextDataLoaders) DataBlock.of(TextBlock.fromFolder(root, true))
        .getItems(TextFiles::get).dataloaders(root, 4)) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      lm.showBatch(2, new PrintStream(bytes, true, StandardCharsets.UTF_8));
      String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
      assertThat(lines[0]).contains("text").contains("text_");
      assertThat(lines).hasSize(3);
    }
  }
}
