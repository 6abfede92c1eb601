package dev.fastj.tabular;

import static com.google.common.base.Preconditions.checkArgument;

import dev.fastj.data.Block;
import dev.fastj.data.CsvRow;
import dev.fastj.data.TensorData;
import dev.fastj.spi.InputRecipe;
import java.util.ArrayList;
import java.util.List;

/**
 * Tabular inputs for {@link dev.fastj.data.DataBlock} users: the named columns of CSV rows
 * preprocessed by the procs, as two input blocks, {@link #cat()} (INT64 codes, fastai's
 * {@code x_cat}) and {@link #cont()} (FLOAT32 values, {@code x_cont}), which a
 * {@link TabularLearner} takes as it takes {@link TabularDataLoaders}. Each block fits the procs on
 * the training rows in its setup (the same fit: both see the same rows).
 *
 * <pre>{@code
 * TabularBlock tab = TabularBlock.create(List.of("workclass", "education"), List.of("age", "fnlwgt"),
 *     TabularDataLoaders.defaultProcs());
 * DataBlock<CsvRow> block = DataBlock.of(tab.cat(), tab.cont(), CategoryBlock.create())
 *     .getItems(Csv::rows).getY(ColReader.of("salary")).splitter(Splitters.random(0.2, 42));
 * Learner learn = TabularLearner.create(block.dataloaders(csv, 64), Metrics.accuracy());
 * }</pre>
 *
 * <p>A table whose inputs are all continuous (no categorical column named, and none of them with
 * missing training values, so FillMissing adds no {@code <col>_na}) takes only {@link #cont()};
 * one without continuous columns only {@link #cat()}: setup says so when a block has no column.
 *
 * @param catNames the categorical columns
 * @param contNames the continuous columns
 * @param procs the procs, run in fastai's order
 * @param read which cells are missing values
 */
public record TabularBlock(List<String> catNames, List<String> contNames, List<TabularProc> procs,
    Table.Options read) {

  /** Copies the lists. */
  public TabularBlock {
    catNames = List.copyOf(catNames);
    contNames = List.copyOf(contNames);
    procs = List.copyOf(procs);
    checkArgument(read != null, "read options are null; use Table.Options.defaults()");
  }

  /** The block over these columns and procs, with the default missing values. */
  public static TabularBlock create(List<String> catNames, List<String> contNames, List<TabularProc> procs) {
    return new TabularBlock(catNames, contNames, procs, Table.Options.defaults());
  }

  /** The categorical codes, INT64 [N, nCat] (with the {@code <col>_na} columns). */
  public Block cat() {
    return new Part(this, true, null);
  }

  /** The continuous values, filled and normalized, FLOAT32 [N, nCont]. */
  public Block cont() {
    return new Part(this, false, null);
  }

  /** One of the two inputs; {@code recipe} is null until setup. */
  private record Part(TabularBlock spec, boolean categorical, TabularRecipe recipe) implements Block {

    @Override
    public Block setup(List<?> trainRaw, List<?> validRaw) {
      List<CsvRow> train = rows(trainRaw);
      List<CsvRow> all = new ArrayList<>(train);
      all.addAll(rows(validRaw));
      Table t = Table.of(train, "the training rows", spec.read());
      Table a = Table.of(all, "the rows", spec.read());
      for (String c : spec.catNames()) {
        a.column(c);
      }
      for (String c : spec.contNames()) {
        a.column(c);
      }
      TabularRecipe r = TabularRecipe.fit(t, a, spec.catNames(), spec.contNames(), spec.procs());
      int n = categorical ? r.catNames().size() : r.contNames().size();
      checkArgument(n > 0, "TabularBlock.%s() has no column after the procs (categorical %s, continuous %s); leave it "
          + "out of the DataBlock", categorical ? "cat" : "cont", r.catNames(), r.contNames());
      return new Part(spec, categorical, r);
    }

    private static List<CsvRow> rows(List<?> raw) {
      List<CsvRow> out = new ArrayList<>(raw.size());
      for (Object o : raw) {
        checkArgument(o instanceof CsvRow, "TabularBlock reads CsvRows (getItems(Csv::rows), getX the identity), got "
            + "%s", o == null ? "null" : o.getClass().getSimpleName());
        out.add((CsvRow) o);
      }
      return out;
    }

    @Override
    public Object encode(Object raw) {
      checkArgument(recipe != null, "TabularBlock has not been set up; DataBlock.dataloaders sets it up");
      List<TensorData> in = recipe.encode(List.of(raw));
      TensorData t = in.get(categorical || recipe.catNames().isEmpty() ? 0 : in.size() - 1);
      return categorical ? t.toLongArray() : t.toFloatArray();
    }

    @Override
    public TensorData collate(List<Object> values) {
      int n = values.size();
      if (categorical) {
        int k = ((long[]) values.get(0)).length;
        long[] out = new long[n * k];
        for (int i = 0; i < n; i++) {
          System.arraycopy((long[]) values.get(i), 0, out, i * k, k);
        }
        return TensorData.ofLongs(out, n, k);
      }
      int k = ((float[]) values.get(0)).length;
      float[] out = new float[n * k];
      for (int i = 0; i < n; i++) {
        System.arraycopy((float[]) values.get(i), 0, out, i * k, k);
      }
      return TensorData.ofFloats(out, n, k);
    }

    /** The recipe once set up: the export carries it, so a loaded model encodes rows alike. */
    @Override
    public InputRecipe inputRecipe() {
      return recipe;
    }

    @Override
    public String show(Object encoded) {
      return categorical ? java.util.Arrays.toString((long[]) encoded) : java.util.Arrays.toString((float[]) encoded);
    }

    @Override
    public String describe() {
      return "TabularBlock." + (categorical ? "cat" : "cont") + (recipe == null ? "()"
          : "(" + (categorical ? recipe.catNames() : recipe.contNames()) + ")");
    }
  }
}
