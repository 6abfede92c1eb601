package dev.fastj.data;

import static com.google.common.base.Preconditions.checkArgument;

import dev.fastj.data.internal.BlockDataLoaders;
import dev.fastj.data.internal.Pipeline;
import dev.fastj.data.internal.Summary;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/**
 * fastai's {@code DataBlock}: a description of how to get items, split them, label them and
 * transform them, from which {@link #dataloaders} builds the training and validation loaders.
 * Immutable: every call returns a new DataBlock.
 *
 * <pre>{@code
 * DataBlock<Path> block = DataBlock.of(ImageBlock.create(), CategoryBlock.create())
 *     .getItems(ImageFiles::get)                // get_image_files
 *     .splitter(Splitters.random(0.2, 42))      // RandomSplitter(valid_pct=0.2, seed=42)
 *     .getY(Labels.parentLabel())               // parent_label
 *     .itemTfms(Resize.of(32))
 *     .batchTfms(Augment.transforms());         // aug_transforms()
 * block.summary(path);
 * DataLoaders dls = block.dataloaders(path, 64);
 * }</pre>
 *
 * @param <T> the type of the items {@link #getItems} returns (a Path for image files)
 */
public final class DataBlock<T> {

  private final List<Block> blocks;
  private final int nInp;
  private final Function<? super Path, ? extends Collection<?>> getItems;
  private final Splitter<?> splitter;
  private final Function<?, ?> getX;
  private final Function<?, ?> getY;
  private final List<Function<?, ?>> getters;
  private final List<ItemTransform> itemTfms;
  private final List<BatchTransform> batchTfms;

  private DataBlock(List<Block> blocks, int nInp, Function<? super Path, ? extends Collection<?>> getItems,
      Splitter<?> splitter, Function<?, ?> getX, Function<?, ?> getY, List<Function<?, ?>> getters,
      List<ItemTransform> itemTfms, List<BatchTransform> batchTfms) {
    this.blocks = List.copyOf(blocks);
    this.nInp = nInp;
    this.getItems = getItems;
    this.splitter = splitter;
    this.getX = getX;
    this.getY = getY;
    this.getters = getters == null ? null : List.copyOf(getters);
    this.itemTfms = List.copyOf(itemTfms);
    this.batchTfms = List.copyOf(batchTfms);
  }

  /**
   * A DataBlock over {@code blocks}: all but the last are inputs (change with {@link #nInp}).
   * The splitter defaults to {@code Splitters.random(0.2, 42)}; getters default to the identity.
   */
  public static DataBlock<Object> of(Block... blocks) {
    checkArgument(blocks.length >= 1, "a DataBlock needs at least one block");
    for (Block b : blocks) {
      checkArgument(b != null, "block is null in %s", Arrays.toString(blocks));
    }
    return new DataBlock<>(List.of(blocks), Math.max(1, blocks.length - 1), null, Splitters.random(0.2, 42),
        null, null, null, List.of(), List.of());
  }

  /** fastai's {@code get_items}: lists the items of a source (for example {@code ImageFiles::get}). */
  public <U> DataBlock<U> getItems(Function<? super Path, ? extends Collection<? extends U>> f) {
    return new DataBlock<>(blocks, nInp, f, splitter, getX, getY, getters, itemTfms, batchTfms);
  }

  /** fastai's {@code splitter}: see {@link Splitters}. */
  public DataBlock<T> splitter(Splitter<? super T> s) {
    return new DataBlock<>(blocks, nInp, getItems, s, getX, getY, getters, itemTfms, batchTfms);
  }

  /** fastai's {@code get_x}: what each input block receives for an item (the item itself by default). */
  public DataBlock<T> getX(Function<? super T, ?> f) {
    return new DataBlock<>(blocks, nInp, getItems, splitter, f, getY, getters, itemTfms, batchTfms);
  }

  /** fastai's {@code get_y}: what each target block receives for an item (for example its label). */
  public DataBlock<T> getY(Function<? super T, ?> f) {
    return new DataBlock<>(blocks, nInp, getItems, splitter, getX, f, getters, itemTfms, batchTfms);
  }

  /** fastai's {@code getters}: one function per block, replacing getX and getY. */
  public DataBlock<T> getters(List<? extends Function<? super T, ?>> fs) {
    checkArgument(fs.size() == blocks.size(), "getters needs one function per block: %s blocks, %s getters",
        blocks.size(), fs.size());
    return new DataBlock<>(blocks, nInp, getItems, splitter, getX, getY, new ArrayList<>(fs), itemTfms, batchTfms);
  }

  /** fastai's {@code item_tfms}, added after the blocks' own (sorted by order). */
  public DataBlock<T> itemTfms(ItemTransform... tfms) {
    return new DataBlock<>(blocks, nInp, getItems, splitter, getX, getY, getters, List.of(tfms), batchTfms);
  }

  /** fastai's {@code batch_tfms}, added after the blocks' own (sorted by order). */
  public DataBlock<T> batchTfms(BatchTransform... tfms) {
    return new DataBlock<>(blocks, nInp, getItems, splitter, getX, getY, getters, itemTfms, List.of(tfms));
  }

  /** fastai's {@code n_inp}: how many of the blocks, from the first, are model inputs. */
  public DataBlock<T> nInp(int n) {
    checkArgument(n >= 1 && n <= blocks.size(), "nInp must be in [1, %s], got %s", blocks.size(), n);
    return new DataBlock<>(blocks, n, getItems, splitter, getX, getY, getters, itemTfms, batchTfms);
  }

  /** The blocks, inputs first. */
  public List<Block> blocks() {
    return blocks;
  }

  /** Number of input blocks. */
  public int nInp() {
    return nInp;
  }

  /** fastai's {@code dataloaders(source)}: batches of 64, {@link DataLoaderOptions#defaults()}. */
  public DataLoaders dataloaders(Path source) {
    return dataloaders(source, 64);
  }

  /** fastai's {@code dataloaders(source, bs=bs)} with {@link DataLoaderOptions#defaults()}. */
  public DataLoaders dataloaders(Path source, int bs) {
    return dataloaders(source, bs, DataLoaderOptions.defaults());
  }

  /**
   * Lists the items of {@code source}, splits them, runs the getters, sets the blocks up on the
   * training items (vocabularies) and returns loaders of batches of {@code bs} (those of the
   * blocks' {@link Block#dlType()} when one names them). Errors name the
   * step and the item; {@link #summary} shows every step for one item.
   */
  public DataLoaders dataloaders(Path source, int bs, DataLoaderOptions options) {
    Prepared p = prepare(source);
    DataLoadersFactory dlType = null;
    for (Block b : p.blocks()) {
      dlType = b.dlType() != null ? b.dlType() : dlType;
    }
    if (dlType != null) {
      checkArgument(bs > 0, "batch size must be positive, got %s", bs);
      return dlType.create(p, bs, options);
    }
    return BlockDataLoaders.create(pipeline(p), p.items(), p.raw(), p.split(), bs, options);
  }

  /** fastai's {@code summary}: walks one item through every step, printing each result to stdout. */
  public void summary(Path source) {
    summary(source, System.out);
  }

  /**
   * Walks one training item through every step (getItems, split, getters, type transforms, item
   * transforms, collation of a small batch, batch transforms), printing what each produced to
   * {@code out}; on failure prints and throws a {@link DataBlockException} naming the step, the
   * item and what to do.
   */
  public void summary(Path source, PrintStream out) {
    new Summary(out).run(this::prepareStep, this::pipeline, source, DataLoaderOptions.defaults().seed());
  }

  /**
   * What {@link DataBlock#dataloaders} hands a {@link DataLoadersFactory}: the items of a source,
   * their split, the getters' outputs ({@code raw[item][block]}) and the blocks set up on the
   * training items.
   *
   * @param items every item getItems listed
   * @param split which items train and which validate
   * @param raw per item, one getter output per block (null rows for items in neither split)
   * @param blocks the set-up blocks, the {@code nInp} inputs first
   * @param nInp how many of the blocks are inputs
   */
  public record Prepared(List<?> items, Split split, Object[][] raw, List<Block> blocks, int nInp) {

    /** Copies {@code blocks}. */
    public Prepared {
      blocks = List.copyOf(blocks);
    }
  }

  /**
   * Runs getItems, the splitter, the getters and the blocks' setup on {@code source}; each step
   * is reported to {@code log} (a no-op for dataloaders).
   */
  Prepared prepareStep(Path source, Summary.Log log) {
    if (getItems == null) {
      throw new DataBlockException("getItems", null,
          "the DataBlock has no getItems; call getItems(ImageFiles::get) or another function listing the items", null);
    }
    List<?> items;
    try {
      Collection<?> c = getItems.apply(source);
      items = c == null ? List.of() : List.copyOf(c);
    } catch (DataBlockException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new DataBlockException("getItems", null, "getItems failed on " + source + ": " + e.getMessage(), e);
    }
    if (items.isEmpty()) {
      throw new DataBlockException("getItems", null, "getItems found no items in " + source
          + "; check the path and the file extensions", null);
    }
    log.step("getItems", "found " + items.size() + " items in " + source + ", first: " + DataLoader.nameOf(items.get(0)));
    Split split;
    try {
      @SuppressWarnings("unchecked")
      Splitter<Object> s = (Splitter<Object>) splitter;
      split = s.split(items).checked(items.size());
    } catch (RuntimeException e) {
      throw new DataBlockException("splitter", null, "splitter failed: " + e.getMessage(), e);
    }
    if (split.train().length == 0) {
      throw new DataBlockException("splitter", null, "the splitter put no item in the training set ("
          + split.valid().length + " in validation); check the splitter's settings", null);
    }
    log.step("splitter", "training " + split.train().length + " items, validation " + split.valid().length + " items");
    Pipeline pipeline = basePipeline();
    Object[][] raw = new Object[items.size()][];
    for (int[] part : new int[][] {split.train(), split.valid()}) {
      for (int i : part) {
        Object[] r = new Object[blocks.size()];
        for (int b = 0; b < r.length; b++) {
          r[b] = pipeline.raw(b, items.get(i));
        }
        raw[i] = r;
      }
    }
    List<Block> setUp = new ArrayList<>();
    for (int b = 0; b < blocks.size(); b++) {
      List<Object> tr = new ArrayList<>();
      List<Object> va = new ArrayList<>();
      for (int i : split.train()) {
        tr.add(raw[i][b]);
      }
      for (int i : split.valid()) {
        va.add(raw[i][b]);
      }
      Block block = blocks.get(b);
      try {
        setUp.add(block.setup(tr, va));
      } catch (RuntimeException e) {
        throw new DataBlockException(block.describe() + " setup", null, block.describe() + " setup failed: "
            + e.getMessage(), e);
      }
      log.step(block.describe() + " setup", setUp.get(b).describe()
          + (setUp.get(b).vocab().isEmpty() ? "" : ", vocab " + abbreviate(setUp.get(b).vocab())));
    }
    return new Prepared(items, split, raw, setUp, nInp);
  }

  /** The steps of this DataBlock over the set-up blocks of {@code p}. */
  private Pipeline pipeline(Prepared p) {
    return basePipeline().withBlocks(p.blocks());
  }

  private Prepared prepare(Path source) {
    return prepareStep(source, Summary.Log.NONE);
  }

  @SuppressWarnings("unchecked")
  private Pipeline basePipeline() {
    List<Function<Object, Object>> fs = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (int b = 0; b < blocks.size(); b++) {
      Function<?, ?> f;
      String name;
      if (getters != null) {
        f = getters.get(b);
        name = "getters[" + b + "]";
      } else if (b < nInp) {
        f = getX;
        name = "getX";
      } else {
        f = getY;
        name = "getY";
      }
      fs.add(f == null ? Function.identity() : (Function<Object, Object>) f);
      names.add(name);
    }
    return new Pipeline(blocks, nInp, fs, names, itemTfms, batchTfms);
  }

  private static String abbreviate(List<String> vocab) {
    return vocab.size() <= 10 ? vocab.toString() : vocab.subList(0, 10) + " and " + (vocab.size() - 10) + " more";
  }

  @Override
  public String toString() {
    return "DataBlock" + blocks.stream().map(Block::describe).toList() + ", nInp " + nInp;
  }
}
