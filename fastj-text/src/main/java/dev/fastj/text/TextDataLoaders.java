package dev.fastj.text;

import static com.google.common.base.Preconditions.checkArgument;

import dev.fastj.data.Batch;
import dev.fastj.data.Block;
import dev.fastj.data.CategoryBlock;
import dev.fastj.data.DataBlock;
import dev.fastj.data.DataBlockException;
import dev.fastj.data.DataLoader;
import dev.fastj.data.DataLoaderOptions;
import dev.fastj.data.DataLoaders;
import dev.fastj.data.InputSpec;
import dev.fastj.data.TensorData;
import dev.fastj.nn.CrossEntropyLossFlat;
import dev.fastj.nn.Loss;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The loaders a {@link DataBlock} with a {@link TextBlock} builds (fastai's {@code TextDataLoaders}
 * from a DataBlock): a language model's ({@link LMDataLoader}, batches of the text stream with
 * targets shifted by one) or a classifier's ({@link SortedDataLoader}, texts sorted by length and
 * padded, targets from the second block). Inputs are INT64 token ids; {@link #textVocab()} decodes
 * them. {@link #showBatch(int)} prints a batch as fastai's {@code show_batch} does. Holds no
 * threads: closing it does nothing.
 */
public final class TextDataLoaders implements DataLoaders {

  private final TextBlock text;
  private final Block target;
  private final DataLoader train;
  private final DataLoader valid;
  private final int bs;
  private final long seed;
  private final int maxLen;

  private TextDataLoaders(TextBlock text, Block target, DataLoader train, DataLoader valid, int bs, long seed) {
    this(text, target, train, valid, bs, seed, 0);
  }

  private TextDataLoaders(TextBlock text, Block target, DataLoader train, DataLoader valid, int bs, long seed,
      int maxLen) {
    this.text = text;
    this.target = target;
    this.train = train;
    this.valid = valid;
    this.bs = bs;
    this.seed = seed;
    this.maxLen = maxLen;
  }

  /**
   * A classifier's loaders whose batches keep the last {@code maxLen} tokens of each text, their
   * length rounded up to a multiple of {@code seq_len} (at most {@code maxLen}): what
   * {@link TextLearner#classifier} trains on, so that its {@code SentenceEncoder} meets at most
   * {@code maxLen / seq_len} lengths (fastai's encoder reads the tokens before them without
   * gradients; this one does not read them).
   *
   * @throws IllegalStateException for a language model's loaders
   */
  public TextDataLoaders withMaxLen(int maxLen) {
    checkArgument(maxLen > 0, "maxLen must be positive, got %s", maxLen);
    if (isLm()) {
      throw new IllegalStateException("withMaxLen is for a classifier's loaders; a language model's batches are "
          + "seq_len long already");
    }
    return new TextDataLoaders(text, target, ((SortedDataLoader) train).withMaxLen(maxLen),
        ((SortedDataLoader) valid).withMaxLen(maxLen), bs, seed, maxLen);
  }

  /** The {@link #withMaxLen} of these loaders, or 0. */
  public int maxLen() {
    return maxLen;
  }

  /** Where the texts are (fastai's {@code dls.path}): the folder of {@code TextBlock.fromFolder}, else the working directory. */
  public Path path() {
    return text.folder() != null ? text.folder() : Path.of(".");
  }

  /** The {@link TextBlock#dlType()}: loaders over a prepared DataBlock whose first block is a set-up TextBlock. */
  static DataLoaders create(DataBlock.Prepared p, int bs, DataLoaderOptions options) {
    List<Block> blocks = p.blocks();
    if (!(blocks.get(0) instanceof TextBlock text)) {
      throw new DataBlockException("dataloaders", null, "a TextBlock must be the DataBlock's first block, got "
          + blocks.stream().map(Block::describe).toList(), null);
    }
    checkArgument(p.nInp() == 1, "text loaders take one input block, the TextBlock; got nInp %s", p.nInp());
    List<Object> items = new ArrayList<>(p.items());
    int[] tr = p.split().train();
    int[] va = p.split().valid();
    int vbs = options.validBatchSize() > 0 ? options.validBatchSize() : bs;
    if (text.isLm()) {
      if (blocks.size() > 1) {
        throw new DataBlockException("dataloaders", null, "a language model's DataBlock has the TextBlock alone (its "
            + "targets are its own texts), got " + blocks.stream().map(Block::describe).toList()
            + "; drop the other blocks, or use TextBlock.fromFolder(path, false) for a classifier", null);
      }
      return new TextDataLoaders(text, null,
          new LMDataLoader(pick(items, tr), ids(text, p, tr), bs, text.seqLen(), true, options.seed(), "training"),
          new LMDataLoader(pick(items, va), ids(text, p, va), vbs, text.seqLen(), false, options.seed(), "validation"),
          bs, options.seed());
    }
    if (blocks.size() != 2) {
      throw new DataBlockException("dataloaders", null, "a text classifier's DataBlock has the TextBlock and one target "
          + "block, got " + blocks.stream().map(Block::describe).toList() + "; for example DataBlock.of(TextBlock."
          + "fromFolder(path, false), CategoryBlock.create()).getY(Labels.parentLabel())", null);
    }
    Block target = blocks.get(1);
    if (target instanceof CategoryBlock && target.vocab().size() < 2) {
      throw new DataBlockException("dataloaders", null, "the training labels have one class only, " + target.vocab()
          + ", so there is nothing to classify; a classifier needs a folder per class (Labels.parentLabel() names "
          + "each text by its folder) with texts in two folders or more", null);
    }
    if (tr.length < bs) {
      throw new DataBlockException("dataloaders", null, "the training set has " + tr.length
          + " texts, fewer than the batch size " + bs + "; lower the batch size or add texts", null);
    }
    return new TextDataLoaders(text, target,
        new SortedDataLoader(pick(items, tr), ids(text, p, tr), targets(target, p, tr), target, bs, text.seqLen(), true,
            options.seed()),
        new SortedDataLoader(pick(items, va), ids(text, p, va), targets(target, p, va), target, vbs, text.seqLen(),
            false, options.seed()),
        bs, options.seed());
  }

  private static List<Object> pick(List<Object> items, int[] idx) {
    List<Object> out = new ArrayList<>(idx.length);
    for (int i : idx) {
      out.add(items.get(i));
    }
    return out;
  }

  private static List<int[]> ids(TextBlock text, DataBlock.Prepared p, int[] idx) {
    List<int[]> out = new ArrayList<>(idx.length);
    for (int i : idx) {
      out.add((int[]) text.encode(p.raw()[i][0]));
    }
    return out;
  }

  private static List<Object> targets(Block target, DataBlock.Prepared p, int[] idx) {
    List<Object> out = new ArrayList<>(idx.length);
    for (int i : idx) {
      try {
        out.add(target.encode(p.raw()[i][1]));
      } catch (RuntimeException e) {
        throw new DataBlockException(target.describe() + " encode", DataLoader.nameOf(p.items().get(i)),
            e.getMessage(), e);
      }
    }
    return out;
  }

  /** fastai's {@code is_lm}: a language model's loaders. */
  public boolean isLm() {
    return target == null;
  }

  /** The text vocabulary (fastai's {@code dls.vocab} of a language model), to give the classifier's TextBlock. */
  public Vocab textVocab() {
    return text.textVocab();
  }

  /** The set-up TextBlock. */
  public TextBlock textBlock() {
    return text;
  }

  @Override
  public DataLoader train() {
    return train;
  }

  @Override
  public DataLoader valid() {
    return valid;
  }

  /** A loader over new texts (Strings, Paths or rows, as the TextBlock takes them), in the order given, without labels. */
  @Override
  public DataLoader testDl(List<?> items) {
    checkArgument(!items.isEmpty(), "testDl needs at least one item");
    List<int[]> docs = new ArrayList<>(items.size());
    for (Object o : items) {
      docs.add((int[]) text.encode(o));
    }
    return new SortedDataLoader(items, docs, null, null, bs, text.seqLen(), false, seed, maxLen);
  }

  /**
   * One text of {@code seqLen} tokens (lengths vary from batch to batch); with {@link #withMaxLen},
   * {@code maxLen} tokens, the length an export of the classifier takes.
   */
  @Override
  public long[] inputShape() {
    return new long[] {maxLen > 0 ? maxLen : text.seqLen()};
  }

  @Override
  public List<InputSpec> inputSpecs() {
    return List.of(new InputSpec(InputSpec.DEFAULT_NAME, inputShape(), TensorData.DType.INT64));
  }

  @Override
  public TextRecipe inputRecipe() {
    TextRecipe r = text.inputRecipe();
    return r == null || maxLen == 0 ? r : r.withLength(maxLen);
  }

  /** A language model predicts every token of the vocabulary; a classifier, the target's classes. */
  @Override
  public int outputCount() {
    return isLm() ? text.textVocab().size() : target.outputCount(new long[0]);
  }

  /** The target's class names; empty for a language model (its vocabulary is {@link #textVocab()}). */
  @Override
  public List<String> vocab() {
    return isLm() ? List.of() : target.vocab();
  }

  /**
   * fastai's: {@code CrossEntropyLossFlat} over the vocabulary axis for a language model
   * ({@link dev.fastj.text.models.LmCrossEntropy}), the target block's loss otherwise.
   */
  @Override
  public Loss defaultLoss() {
    return isLm() ? dev.fastj.text.models.LmCrossEntropy.create() : target.loss();
  }

  /** The most probable next token for a language model; the target's decoding otherwise. */
  @Override
  public String decodePrediction(float[] activatedRow) {
    if (!isLm()) {
      return target.decode(activatedRow);
    }
    int best = 0;
    for (int i = 1; i < activatedRow.length; i++) {
      best = activatedRow[i] > activatedRow[best] ? i : best;
    }
    return text.textVocab().token(best);
  }

  /** fastai's {@code show_batch}: prints the first {@code n} rows of a training batch as a table to stdout. */
  public void showBatch(int n) {
    showBatch(n, System.out);
  }

  /** {@link #showBatch(int)} to {@code out}. */
  public void showBatch(int n, PrintStream out) {
    out.print(TextTable.render(batchTable(n)));
  }

  /** The table {@link #showBatch(int)} prints, drawn into a PNG file. */
  @Override
  public void showBatch(int n, Path png) {
    TextTable.writePng(batchTable(n), png);
  }

  /** The header and the rows of fastai's show_batch: {@code text, text_} for a language model, {@code text, category} otherwise. */
  List<List<String>> batchTable(int n) {
    checkArgument(n > 0, "n must be positive, got %s", n);
    java.util.Iterator<Batch> it = valid.size() > 0 && train.size() == 0 ? valid.iterator() : train.iterator();
    checkArgument(it.hasNext(), "there is no batch to show: the loaders are empty");
    Batch b = it.next();
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("", "text", isLm() ? "text_" : target.describe().startsWith("CategoryBlock") ? "category" : "target"));
    long[] x = b.input().toLongArray();
    int cols = (int) b.input().dim(1);
    TensorData yt = b.target();
    int yCols = Math.toIntExact(yt.numel() / b.size());
    for (int r = 0; r < Math.min(n, b.size()); r++) {
      String xs = text.show(java.util.Arrays.copyOfRange(x, r * cols, (r + 1) * cols));
      String ys;
      if (isLm()) {
        ys = text.show(java.util.Arrays.copyOfRange(yt.toLongArray(), r * yCols, (r + 1) * yCols));
      } else if (yt.dtype() == TensorData.DType.INT64 && yCols == 1) {
        ys = target.show(yt.toLongArray()[r]);
      } else {
        ys = target.show(java.util.Arrays.copyOfRange(yt.toFloatArray(), r * yCols, (r + 1) * yCols));
      }
      rows.add(List.of(Integer.toString(r), xs, ys));
    }
    return rows;
  }

  @Override
  public void close() {
    // nothing to release: the loaders batch on the caller's thread
  }

  @Override
  public String toString() {
    return "TextDataLoaders(" + (isLm() ? "language model" : "classifier") + ", train " + train.itemCount()
        + " texts, valid " + valid.itemCount() + ", vocab " + text.textVocab().size() + ", bs " + bs + ")";
  }
}
