package dev.fastj.tabular;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.fastj.data.CategoryBlock;
import dev.fastj.data.ColReader;
import dev.fastj.data.Csv;
import dev.fastj.data.CsvRow;
import dev.fastj.data.DataBlock;
import dev.fastj.data.DataLoaders;
import dev.fastj.data.Splitters;
import dev.fastj.data.TensorData;
import dev.fastj.learner.Learner;
import dev.fastj.metrics.Metrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TabularBlock in a DataBlock: the same inputs as TabularDataLoaders, a TabularLearner, an export. */
class TabularBlockTest {

  private static final TabularBlock TAB = TabularBlock.create(List.of("pclass", "sex", "embarked"),
      List.of("age", "fare"), TabularDataLoaders.defaultProcs());

  private static DataBlock<CsvRow> block() {
    return DataBlock.of(TAB.cat(), TAB.cont(), CategoryBlock.create())
        .getItems(Csv::rows).getY(ColReader.of("survived")).splitter(Splitters.byColumn("is_valid"));
  }

  @Test
  void encodesAsTabularDataLoaders_andTrainsATabularLearner(@TempDir Path dir) throws Exception {
    Path csv = TabularDatasets.titanic();
    try (DataLoaders dls = block().dataloaders(csv, 64)) {
      assertThat(dls.inputSpecs()).extracting(s -> s.dtype())
          .containsExactly(TensorData.DType.INT64, TensorData.DType.FLOAT32);
      assertThat(dls.inputSpecs().get(0).shape()).containsExactly(5);
      TabularDataLoaders ref = TabularDataLoaders.fromCsv(csv, List.of("survived"), TAB.catNames(), TAB.contNames(),
          TAB.procs(), Splitters.byColumn("is_valid"), 64,
          TabularDataLoaders.Options.defaults().withYBlock(CategoryBlock.create()));
      List<TensorData> a = dls.valid().iterator().next().inputs();
      List<TensorData> b = ref.valid().iterator().next().inputs();
      assertThat(a.get(0).toLongArray()).containsExactly(b.get(0).toLongArray());
      assertThat(a.get(1).toFloatArray()).containsExactly(b.get(1).toFloatArray());
      try (Learner learn = TabularLearner.builder(dls, TabularConfig.defaults()).metrics(Metrics.accuracy())
          .progress(null).build()) {
        learn.fitOneCycle(5, 1e-2);
        // measured 0.763 (the majority class is 0.618)
        assertThat(learn.validate()[1]).isGreaterThan(0.73);
        Path model = dir.resolve("m.fastj");
        learn.export(model);
        String line = Files.readAllLines(csv).get(3);
        try (Learner loaded = Learner.load(model)) {
          assertThat(loaded.predictItem(line).probabilities()[1])
              .isCloseTo(learn.predictItem(line).probabilities()[1], within(1e-5f));
        }
      }
    }
  }

  @Test
  void aBlockWithoutColumns_orTheInputsOutOfOrder_areRefused() {
    TabularBlock onlyCont = TabularBlock.create(List.of(), List.of("fare"),
        List.of(Categorify.create(), FillMissing.create().withAddCol(false), Normalize.create()));
    assertThatThrownBy(() -> DataBlock.of(onlyCont.cat(), onlyCont.cont(), CategoryBlock.create())
        .getItems(Csv::rows).getY(ColReader.of("survived")).dataloaders(TabularDatasets.titanic(), 64))
        .hasMessageContaining("TabularBlock.cat() has no column after the procs").hasMessageContaining("leave it out");
    try (DataLoaders dls = DataBlock.of(TAB.cont(), TAB.cat(), CategoryBlock.create()).getItems(Csv::rows)
        .getY(ColReader.of("survived")).dataloaders(TabularDatasets.titanic(), 64)) {
      assertThatThrownBy(() -> TabularLearner.create(dls)).hasMessageContaining("recipe's input blocks in order");
    }
  }
}
