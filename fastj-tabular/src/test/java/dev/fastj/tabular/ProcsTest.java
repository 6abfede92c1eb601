package dev.fastj.tabular;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.fastj.data.CategoryBlock;
import dev.fastj.data.Splitters;
import dev.fastj.data.TensorData;
import dev.fastj.data.Batch;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Categorify, FillMissing and Normalize fitted on training rows, and the recipe in exports. */
class ProcsTest {

  /** Rows 0-5 train, 6-7 valid (by is_valid). */
  private static final String CSV = "color,size,weight,y,is_valid\n"
      + "red,1,10,a,0\n"
      + "blue,,20,b,0\n"
      + "red,3,,a,0\n"
      + "green,5,40,b,0\n"
      + ",7,50,a,0\n"
      + "blue,9,60,b,0\n"
      + "purple,100,1000,a,1\n"
      + "red,,70,b,1\n";

  private static TabularDataLoaders dls(List<TabularProc> procs) {
    return TabularDataLoaders.fromTable(TableTest.table(CSV), List.of("y"), List.of("color"), List.of("size", "weight"),
        procs, Splitters.byColumn("is_valid"), 2);
  }

  @Test
  void fastaiOrder_fillThenCategorifyThenNormalize_whateverTheListOrder() {
    TabularRecipe r = dls(List.of(Normalize.create(), Categorify.create(), FillMissing.create())).recipe();
    assertThat(r.catNames()).containsExactly("color", "size_na", "weight_na");
    assertThat(r.contNames()).containsExactly("size", "weight");
    assertThat(r.classes(0)).containsExactly("#na#", "blue", "green", "red");
    assertThat(r.classes(1)).containsExactly("#na#", "False", "True");
    assertThat(r.cardinalities()).containsExactly(4, 3, 3);
    // medians of the training values only: size {1,3,5,7,9} -> 5, weight {10,20,40,50,60} -> 40
    assertThat(r.fillValues()).containsEntry("size", 5.0).containsEntry("weight", 40.0);
    // means and population stds of the filled training values: size {1,5,3,5,7,9}
    double mean = (1 + 5 + 3 + 5 + 7 + 9) / 6.0;
    double var = 0;
    for (double v : new double[] {1, 5, 3, 5, 7, 9}) {
      var += (v - mean) * (v - mean) / 6;
    }
    assertThat(r.means()[0]).isCloseTo(mean, within(1e-12));
    assertThat(r.stds()[0]).isCloseTo(Math.sqrt(var) + 1e-7, within(1e-12));
  }

  @Test
  void validationRows_unseenAndMissingCategoriesMapToNa_andAreNormalizedWithTrainingStatistics() {
    TabularDataLoaders d = dls(TabularDataLoaders.defaultProcs());
    Batch b = d.valid().iterator().next();
    long[] cats = b.inputs().get(0).toLongArray();
    float[] conts = b.inputs().get(1).toFloatArray();
    TabularRecipe r = d.recipe();
    assertThat(cats[0]).as("purple was never seen in training").isEqualTo(0);
    assertThat(cats[3]).as("red").isEqualTo(3);
    assertThat(cats[4]).as("size_na of the row with size missing").isEqualTo(2);
    assertThat(conts[0]).isCloseTo((float) ((100 - r.means()[0]) / r.stds()[0]), within(1e-5f));
    assertThat(conts[2]).as("missing size filled with the training median").isCloseTo(
        (float) ((5 - r.means()[0]) / r.stds()[0]), within(1e-5f));
    assertThat(b.targets().get(0).toLongArray()).containsExactly(0, 1);
    assertThat(d.vocab()).containsExactly("a", "b");
  }

  @Test
  void recipe_roundTripsThroughExportMetadata_andEncodesMapsCsvRowsAndLines() {
    TabularRecipe r = dls(TabularDataLoaders.defaultProcs()).recipe();
    TabularRecipe back = TabularRecipe.fromMetadata(r.toMetadata());
    Map<String, Object> row = new HashMap<>();
    row.put("color", "green");
    row.put("size", 4);
    row.put("weight", null);
    List<TensorData> a = r.encode(List.of(row, "blue,2,,b,0"));
    List<TensorData> b = back.encode(List.of(row, "blue,2,,b,0"));
    assertThat(b.get(0).toLongArray()).containsExactly(a.get(0).toLongArray()).containsExactly(2, 1, 2, 1, 1, 2);
    assertThat(b.get(1).toFloatArray()).containsExactly(a.get(1).toFloatArray());
    assertThat(back.header()).containsExactly("color", "size", "weight", "y", "is_valid");
    assertThat(back.yNames()).as("the target, kept for servers").containsExactly("y");
    Map<String, String> older = new HashMap<>(r.toMetadata());
    older.keySet().removeIf(k -> k.startsWith("y."));
    assertThat(TabularRecipe.fromMetadata(older).yNames()).as("an export written before targets were kept").isEmpty();
  }

  @Test
  void predictTimeErrors_nameTheColumnTheValueAndWhatToDo() {
    TabularRecipe r = dls(List.of(Categorify.create(), FillMissing.create(), Normalize.create())).recipe();
    assertThatThrownBy(() -> r.encode(List.of(Map.of("color", "red", "size", "big", "weight", 1))))
        .hasMessageContaining("continuous column 'size' is 'big'").hasMessageContaining("not a number");
    assertThatThrownBy(() -> r.encode(List.of(Map.of("color", "red", "size", 1))))
        .hasMessageContaining("no column 'weight'").hasMessageContaining("[color, size, weight]");
    assertThatThrownBy(() -> r.encode(List.of("red,1")))
        .hasMessageContaining("has 2 cells but the header has 5 columns");
    // a continuous column without missing training values has no fill value, at fit time for validation rows
    assertThatThrownBy(() -> TabularDataLoaders.fromTable(TableTest.table(CSV), List.of("y"), List.of(),
        List.of("weight"), TabularDataLoaders.defaultProcs(), Splitters.byIndex(List.of(2)), 2))
        .hasMessageContaining("continuous column 'weight' is missing in line 4 of t.csv but had no missing value in "
            + "the training rows");
    TabularRecipe noFill = TabularDataLoaders.fromTable(TableTest.table("w,y\n1,a\n2,b\n3,a\n"), List.of("y"),
        List.of(), List.of("w"), TabularDataLoaders.defaultProcs(), Splitters.byIndex(List.of()), 2).recipe();
    assertThat(noFill.fillValues()).isEmpty();
    Map<String, Object> nan = new HashMap<>();
    nan.put("w", Double.NaN);
    assertThatThrownBy(() -> noFill.encode(List.of(nan)))
        .hasMessageContaining("continuous column 'w' is missing").hasMessageContaining("no fill value");
  }

  @Test
  void fitTimeErrors_missingColumnMixedTypesOneClassMissingProcs() {
    assertThatThrownBy(() -> TabularDataLoaders.fromTable(TableTest.table(CSV), List.of("target"), List.of("color"),
        List.of("size"), TabularDataLoaders.defaultProcs(), Splitters.byColumn("is_valid"), 2))
        .hasMessageContaining("column 'target' is not in t.csv").hasMessageContaining("[color, size, weight, y, is_valid]");
    assertThatThrownBy(() -> TabularDataLoaders.fromTable(TableTest.table(CSV), List.of("y"), List.of(),
        List.of("color"), TabularDataLoaders.defaultProcs(), Splitters.byColumn("is_valid"), 2))
        .hasMessageContaining("column 'color' is continuous but line 2 of t.csv has 'red', not a number")
        .hasMessageContaining("catNames");
    String oneClass = CSV.replace(",b,0", ",a,0");
    assertThatThrownBy(() -> TabularDataLoaders.fromTable(TableTest.table(oneClass), List.of("y"), List.of("color"),
        List.of(), TabularDataLoaders.defaultProcs(), Splitters.byColumn("is_valid"), 2))
        .hasMessageContaining("target 'y' has one class ('a') in the 6 training rows");
    assertThatThrownBy(() -> dls(List.of(Categorify.create(), Normalize.create())))
        .hasMessageContaining("'size' has 1 missing values in the training rows (the first on line 3")
        .hasMessageContaining("add FillMissing.create()");
    assertThatThrownBy(() -> dls(List.of(FillMissing.create())))
        .hasMessageContaining("need Categorify.create()");
    String missingTarget = CSV.replace("green,5,40,b,0", "green,5,40,,0");
    assertThatThrownBy(() -> TabularDataLoaders.fromTable(TableTest.table(missingTarget), List.of("y"),
        List.of("color"), List.of(), TabularDataLoaders.defaultProcs(), Splitters.byColumn("is_valid"), 2))
        .hasMessageContaining("target 'y' is missing on line 5 of t.csv");
    String validOnlyClass = CSV.replace("purple,100,1000,a,1", "purple,100,1000,c,1");
    assertThatThrownBy(() -> TabularDataLoaders.fromTable(TableTest.table(validOnlyClass), List.of("y"),
        List.of("color"), List.of(), TabularDataLoaders.defaultProcs(), Splitters.byColumn("is_valid"), 2))
        .hasMessageContaining("class 'c' of target 'y' (line 8 of t.csv) appears only in the validation rows");
  }

  @Test
  void numericTarget_isRegressionAsFastai_unlessACategoryBlockIsGiven() {
    String csv = "x,y,is_valid\n1,0,0\n2,1,0\n3,0,0\n4,1,1\n";
    TabularDataLoaders reg = TabularDataLoaders.fromTable(TableTest.table(csv), List.of("y"), List.of(), List.of("x"),
        TabularDataLoaders.defaultProcs(), Splitters.byColumn("is_valid"), 2);
    assertThat(reg.isRegression()).isTrue();
    assertThat(reg.outputCount()).isEqualTo(1);
    TabularDataLoaders cls = TabularDataLoaders.fromTable(TableTest.table(csv), List.of("y"), List.of(), List.of("x"),
        TabularDataLoaders.defaultProcs(), Splitters.byColumn("is_valid"), 2,
        TabularDataLoaders.Options.defaults().withYBlock(CategoryBlock.create()));
    assertThat(cls.isRegression()).isFalse();
    assertThat(cls.vocab()).containsExactly("0", "1");
  }

  @Test
  void fillStrategies_modeAndConstant_andNoIndicatorColumn() {
    String csv = "v,y\n1,a\n2,b\n2,a\n,b\n9,a\n";
    Table t = TableTest.table(csv);
    TabularRecipe mode = TabularDataLoaders.fromTable(t, List.of("y"), List.of(), List.of("v"),
        List.of(FillMissing.create().withFillStrategy(FillMissing.FillStrategy.MODE).withAddCol(false)),
        Splitters.byIndex(List.of()), 2).recipe();
    assertThat(mode.fillValues()).containsEntry("v", 2.0);
    assertThat(mode.catNames()).isEmpty();
    TabularRecipe constant = TabularDataLoaders.fromTable(t, List.of("y"), List.of(), List.of("v"),
        List.of(Categorify.create(), FillMissing.create().withFillStrategy(FillMissing.FillStrategy.CONSTANT)
            .withFillVals(Map.of("v", -1.0))), Splitters.byIndex(List.of()), 2).recipe();
    assertThat(constant.fillValues()).containsEntry("v", -1.0);
    assertThat(constant.catNames()).containsExactly("v_na");
  }

  @Test
  void quantileBins_addABinColumnPerContinuousColumn_fromTrainingQuantiles() {
    TabularDataLoaders d = dls(List.of(Categorify.create(), FillMissing.create(), QuantileBins.create(2),
        Normalize.create()));
    TabularRecipe r = d.recipe();
    assertThat(r.catNames()).containsExactly("color", "size_na", "weight_na", "size_bin", "weight_bin");
    // size's present training values 1 3 5 7 9: the median 5 is the edge; missing values are #na#
    assertThat(r.classes(3)).containsExactly("#na#", "0", "1");
    Map<String, Object> row = new HashMap<>();
    row.put("color", "red");
    row.put("weight", 30);
    for (Object[] c : new Object[][] {{1, 1L}, {4.9, 1L}, {5, 2L}, {100, 2L}, {null, 0L}}) {
      row.put("size", c[0]);
      assertThat(r.encode(List.of(row)).get(0).toLongArray()[3]).as("size %s", c[0]).isEqualTo((long) c[1]);
      assertThat(TabularRecipe.fromMetadata(r.toMetadata()).encode(List.of(row)).get(0).toLongArray())
          .containsExactly(r.encode(List.of(row)).get(0).toLongArray());
    }
    assertThat(r.requiredColumns()).containsExactly("color", "size", "weight");
  }

  @Test
  void showBatch_leavesTheTrainingShuffleAsItWas() {
    TabularDataLoaders a = dls(TabularDataLoaders.defaultProcs());
    TabularDataLoaders b = dls(TabularDataLoaders.defaultProcs());
    a.showBatchText(3);
    assertThat(a.train().iterator().next().itemIndices()).containsExactly(b.train().iterator().next().itemIndices());
  }

  @Test
  void showBatch_printsDecodedRows() {
    String text = dls(TabularDataLoaders.defaultProcs()).showBatchText(2);
    String[] lines = text.split("\n");
    assertThat(lines).hasSize(3);
    assertThat(lines[0].split("\\s+")).containsExactly("color", "size_na", "weight_na", "size", "weight", "y");
    assertThat(lines[1]).matches("(#na#|red|blue|green)\\s+(True|False)\\s+(True|False)\\s+\\d+\\s+\\d+\\s+[ab]");
  }
}
