package dev.fastj.data.internal;

import static com.google.common.base.Preconditions.checkArgument;

import dev.fastj.data.BatchContext;
import dev.fastj.data.BatchTransform;
import dev.fastj.data.Block;
import dev.fastj.data.DataBlockException;
import dev.fastj.data.DataLoader;
import dev.fastj.data.DataLoaderOptions;
import dev.fastj.data.DataLoaders;
import dev.fastj.data.InputSpec;
import dev.fastj.data.Split;
import dev.fastj.data.TensorData;
import dev.fastj.nn.Loss;
import dev.fastj.spi.InputRecipe;
import dev.fastj.vision.image.ImageReadException;
import dev.fastj.vision.InferenceTransforms;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@link DataLoaders} a {@link dev.fastj.data.DataBlock} builds: a training and a validation
 * {@link BlockDataLoader} sharing one pool of worker threads, the set-up pipeline, and the record
 * of unreadable items. Closing it stops the workers.
 */
public final class BlockDataLoaders implements DataLoaders {

  private static final System.Logger LOG = System.getLogger(BlockDataLoaders.class.getName());
  private static final AtomicInteger POOLS = new AtomicInteger();

  private final Pipeline pipeline;
  private final List<?> items;
  private final DataLoaderOptions options;
  private final ForkJoinPool pool;
  private final Set<Integer> skipped = ConcurrentHashMap.newKeySet();
  private final Set<String> skippedNames = ConcurrentHashMap.newKeySet();
  private final BlockDataLoader train;
  private final BlockDataLoader valid;
  private final int bs;
  private final long[] inputShape;
  private final List<InputSpec> inputSpecs;
  private final int outputCount;

  private BlockDataLoaders(Pipeline setUp, List<?> items, Object[][] raw, Split split, int bs, DataLoaderOptions options,
      ForkJoinPool pool) {
    this.items = List.copyOf(items);
    this.options = options;
    this.bs = bs;
    this.pool = pool;
    int vbs = options.validBatchSize() > 0 ? options.validBatchSize() : bs;
    BlockDataLoader probe = new BlockDataLoader(this, setUp, this.items, raw, split.train(), bs, false, true);
    Pipeline fitted = setUpBatchTfms(setUp, probe);
    this.pipeline = fitted;
    this.train = new BlockDataLoader(this, fitted, this.items, raw, split.train(), bs, true, true);
    this.valid = new BlockDataLoader(this, fitted, this.items, raw, split.valid(), vbs, false, true);
    List<TensorData> one = firstParts(fitted, probe, 1);
    this.inputShape = Arrays.copyOfRange(one.get(0).shape(), 1, one.get(0).rank());
    int nInp = fitted.nInp();
    List<InputSpec> specs = new ArrayList<>();
    for (int i = 0; i < Math.min(nInp, one.size()); i++) {
      TensorData t = one.get(i);
      specs.add(new InputSpec(i == 0 ? InputSpec.DEFAULT_NAME : InputSpec.DEFAULT_NAME + "_" + i,
          Arrays.copyOfRange(t.shape(), 1, t.rank()), t.dtype()));
    }
    this.inputSpecs = List.copyOf(specs);
    this.outputCount = one.size() > nInp
        ? fitted.blocks().get(nInp).outputCount(Arrays.copyOfRange(one.get(nInp).shape(), 1, one.get(nInp).rank()))
        : 0;
  }

  /**
   * Builds loaders over {@code items} whose getters already ran ({@code raw[item][block]}), with
   * blocks already set up, and fits the batch transforms to a first training batch.
   */
  public static BlockDataLoaders create(Pipeline setUp, List<?> items, Object[][] raw, Split split, int bs,
      DataLoaderOptions options) {
    checkArgument(bs > 0, "batch size must be positive, got %s", bs);
    checkArgument(split.train().length >= bs, "the training set has %s items, fewer than the batch size %s; "
        + "lower the batch size or add data", split.train().length, bs);
    int poolNo = POOLS.incrementAndGet();
    AtomicInteger threads = new AtomicInteger();
    ForkJoinPool pool = new ForkJoinPool(options.numWorkers(), p -> {
      ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
      t.setName("fastj-loader-" + poolNo + "-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    }, null, false);
    BlockDataLoaders dls;
    try {
      dls = new BlockDataLoaders(setUp, items, raw, split, bs, options, pool);
    } catch (RuntimeException e) {
      pool.shutdownNow();
      throw e;
    }
    if (dls.valid.itemCount() == 0) {
      LOG.log(System.Logger.Level.WARNING, "the validation set is empty; metrics will have nothing to measure");
    }
    return dls;
  }

  private Pipeline setUpBatchTfms(Pipeline p, BlockDataLoader probe) {
    List<BatchTransform> tfms = p.batchTfms();
    if (tfms.isEmpty()) {
      return p;
    }
    List<TensorData> parts = firstParts(p, probe, bs);
    List<BatchTransform> fitted = new ArrayList<>();
    BatchContext ctx = new BatchContext(false, new Random(options.seed()), pool);
    for (BatchTransform t : tfms) {
      BatchTransform f = t.setup(parts, p.kinds().subList(0, parts.size()));
      fitted.add(f);
      parts = p.applyBatchTfm(f, parts, ctx);
    }
    return p.withBatchTfms(fitted);
  }

  /** Collates the first readable {@code n} training items (validation transforms) of {@code probe}. */
  private List<TensorData> firstParts(Pipeline p, BlockDataLoader probe, int n) {
    List<List<Object>> samples = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < probe.itemCount() && samples.size() < n; i++) {
      if (isSkipped(probe.globalIndex(i))) {
        continue;
      }
      try {
        samples.add(probe.sample(i, false, 0));
        names.add(probe.describeItem(i));
      } catch (ImageReadException e) {
        badItem(probe.globalIndex(i), probe.describeItem(i), e);
      }
    }
    if (samples.isEmpty()) {
      throw new DataBlockException("load", null, "no training item could be read; check the files", null);
    }
    return p.collate(samples, names);
  }

  long seed() {
    return options.seed();
  }

  int prefetch() {
    return options.prefetch();
  }

  ForkJoinPool pool() {
    return pool;
  }

  boolean isSkipped(int globalIndex) {
    return skipped.contains(globalIndex);
  }

  /** Records an unreadable item: one warning per file and a count, or a stop, as the options say. */
  void badItem(int globalIndex, String name, ImageReadException e) {
    if (options.onBadItem() == DataLoaderOptions.OnBadItem.STOP) {
      throw new DataBlockException("read image", name, e.getMessage()
          + "; fix or remove the file, or skip bad files with DataLoaderOptions.withOnBadItem(SKIP)", e);
    }
    skipped.add(globalIndex);
    if (skippedNames.add(name)) {
      LOG.log(System.Logger.Level.WARNING, "skipping unreadable item " + name + ": " + e.getMessage());
    }
  }

  @Override
  public int skippedCount() {
    return skippedNames.size();
  }

  @Override
  public Set<String> skippedItems() {
    return Set.copyOf(skippedNames);
  }

  /** The set-up blocks (vocabularies fitted), inputs first. */
  public List<Block> blocks() {
    return pipeline.blocks();
  }

  /** The set-up pipeline (item and batch transforms in order). */
  public Pipeline pipeline() {
    return pipeline;
  }

  /** The options these loaders were built with. */
  public DataLoaderOptions options() {
    return options;
  }

  @Override
  public DataLoader train() {
    return train;
  }

  @Override
  public DataLoader valid() {
    return valid;
  }

  @Override
  public DataLoader testDl(List<?> testItems) {
    checkArgument(!testItems.isEmpty(), "testDl needs at least one item");
    int[] idx = new int[testItems.size()];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    int vbs = options.validBatchSize() > 0 ? options.validBatchSize() : bs;
    return new BlockDataLoader(this, pipeline.inputsOnly(), List.copyOf(testItems), null, idx, vbs, false, false);
  }

  @Override
  public long[] inputShape() {
    return inputShape.clone();
  }

  @Override
  public List<InputSpec> inputSpecs() {
    return inputSpecs;
  }

  /**
   * The input recipe of the first input block, when it has one and it encodes a training item into
   * exactly the inputs the batches carry (same count, types and shapes); else null.
   */
  @Override
  public InputRecipe inputRecipe() {
    InputRecipe r = pipeline.blocks().get(0).inputRecipe();
    if (r == null) {
      return null;
    }
    List<TensorData> got = r.encode(List.of(train.item(0)));
    if (got.size() != inputSpecs.size()) {
      throw new IllegalArgumentException("the inputs of " + pipeline.blocks().get(0).describe() + "'s recipe ("
          + got.size() + ") are not the DataBlock's " + inputSpecs + "; give the DataBlock all of the recipe's input "
          + "blocks, in order");
    }
    for (int i = 0; i < got.size(); i++) {
      InputSpec s = inputSpecs.get(i);
      long[] shape = Arrays.copyOfRange(got.get(i).shape(), 1, got.get(i).rank());
      if (got.get(i).dtype() != s.dtype() || !Arrays.equals(shape, s.shape())) {
        throw new IllegalArgumentException("input " + i + " of the DataBlock is " + s + " but "
            + pipeline.blocks().get(0).describe() + "'s recipe makes " + got.get(i).dtype() + " " + Arrays.toString(shape)
            + "; give the DataBlock the recipe's input blocks in order");
      }
    }
    return r;
  }

  @Override
  public int outputCount() {
    return outputCount;
  }

  @Override
  public List<String> vocab() {
    Block t = targetBlock();
    return t == null ? List.of() : t.vocab();
  }

  @Override
  public Loss defaultLoss() {
    Block t = targetBlock();
    if (t == null) {
      throw new IllegalStateException("these loaders have no target block, so no default loss");
    }
    return t.loss();
  }

  @Override
  public String decodePrediction(float[] activatedRow) {
    Block t = targetBlock();
    return t == null ? Arrays.toString(activatedRow) : t.decode(activatedRow);
  }

  private static String csv(float[] v) {
    StringBuilder sb = new StringBuilder();
    for (float f : v) {
      sb.append(sb.length() == 0 ? "" : ",").append(f);
    }
    return sb.toString();
  }

  @Override
  public void showBatch(int n, Path png) {
    checkArgument(n > 0, "n must be positive, got %s", n);
    new BatchPlot(this, train).write(n, png);
  }

  /** The set-up target block (the first after the inputs), or null when there is none. */
  public Block targetBlock() {
    List<Block> b = pipeline.blocks();
    return b.size() > pipeline.nInp() ? b.get(pipeline.nInp()) : null;
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
