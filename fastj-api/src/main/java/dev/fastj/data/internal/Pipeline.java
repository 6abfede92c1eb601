package dev.fastj.data.internal;

import dev.fastj.data.BatchContext;
import dev.fastj.data.BatchTransform;
import dev.fastj.data.Block;
import dev.fastj.data.DataBlockException;
import dev.fastj.data.DataLoader;
import dev.fastj.data.ItemTransform;
import dev.fastj.data.TensorData;
import dev.fastj.data.TransformContext;
import dev.fastj.vision.image.ImageReadException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * The steps of a set-up {@link dev.fastj.data.DataBlock} for one item and one batch: getters,
 * type transforms, item transforms, collation, batch transforms. Immutable and thread-safe;
 * every failure (except an unreadable image, which loaders may skip) is rethrown as a
 * {@link DataBlockException} naming the step and the item.
 */
public final class Pipeline {

  private static final String HINT = "; run DataBlock.summary(source) to see each step";

  private final List<Block> blocks;
  private final int nInp;
  private final List<Function<Object, Object>> getters;
  private final List<String> getterNames;
  private final List<ItemTransform> itemTfms;
  private final List<BatchTransform> batchTfms;

  /** A pipeline over {@code blocks} ({@code nInp} inputs first) with one getter per block. */
  public Pipeline(List<Block> blocks, int nInp, List<Function<Object, Object>> getters, List<String> getterNames,
      List<ItemTransform> userItemTfms, List<BatchTransform> userBatchTfms) {
    this.blocks = List.copyOf(blocks);
    this.nInp = nInp;
    this.getters = List.copyOf(getters);
    this.getterNames = List.copyOf(getterNames);
    List<ItemTransform> it = new ArrayList<>();
    List<BatchTransform> bt = new ArrayList<>();
    for (Block b : blocks) {
      it.addAll(b.itemTfms());
      bt.addAll(b.batchTfms());
    }
    it.addAll(userItemTfms);
    bt.addAll(userBatchTfms);
    it.sort(Comparator.comparingInt(ItemTransform::order));
    bt.sort(Comparator.comparingInt(BatchTransform::order));
    this.itemTfms = List.copyOf(it);
    this.batchTfms = List.copyOf(bt);
  }

  private Pipeline(Pipeline p, List<Block> blocks, int nInp, List<BatchTransform> batchTfms) {
    this.blocks = List.copyOf(blocks);
    this.nInp = nInp;
    this.getters = p.getters.subList(0, blocks.size());
    this.getterNames = p.getterNames.subList(0, blocks.size());
    this.itemTfms = p.itemTfms;
    this.batchTfms = List.copyOf(batchTfms);
  }

  /** The same steps over only the input blocks (for test data without labels). */
  public Pipeline inputsOnly() {
    return new Pipeline(this, blocks.subList(0, nInp), nInp, batchTfms);
  }

  /** The same steps with the blocks replaced by their set-up versions. */
  public Pipeline withBlocks(List<Block> setUp) {
    return new Pipeline(this, setUp, nInp, batchTfms);
  }

  /** The same steps with batch transforms replaced (after their setup). */
  public Pipeline withBatchTfms(List<BatchTransform> tfms) {
    return new Pipeline(this, blocks, nInp, tfms);
  }

  public List<Block> blocks() {
    return blocks;
  }

  public int nInp() {
    return nInp;
  }

  public List<ItemTransform> itemTfms() {
    return itemTfms;
  }

  public List<BatchTransform> batchTfms() {
    return batchTfms;
  }

  public List<String> getterNames() {
    return getterNames;
  }

  /** How each block's collated tensor is spatially typed. */
  public List<Block.Spatial> kinds() {
    return blocks.stream().map(Block::spatial).toList();
  }

  /** Runs getter {@code b} on {@code item}. */
  public Object raw(int b, Object item) {
    Object v;
    try {
      v = getters.get(b).apply(item);
    } catch (RuntimeException e) {
      String name = DataLoader.nameOf(item);
      throw new DataBlockException(getterNames.get(b), name, getterNames.get(b) + " failed for item "
          + name + ": " + e.getMessage() + HINT, e);
    }
    if (v == null) {
      String name = DataLoader.nameOf(item);
      throw new DataBlockException(getterNames.get(b), name, getterNames.get(b) + " returned null for item "
          + name + HINT, null);
    }
    return v;
  }

  /** The type transforms of every block on one item's raw values. */
  public List<Object> encode(Object[] raw, String itemName) {
    List<Object> out = new ArrayList<>(blocks.size());
    for (int b = 0; b < blocks.size(); b++) {
      out.add(encodeOne(b, raw[b], itemName));
    }
    if (out.stream().anyMatch(v -> v instanceof dev.fastj.vision.MaskTensor)) {
      try {
        dev.fastj.vision.internal.Crops.size(out);
      } catch (IllegalArgumentException e) {
        throw new DataBlockException("type transforms", itemName, "item " + itemName + ": " + e.getMessage()
            + " (check that getY returns this image's mask)" + HINT, e);
      }
    }
    return out;
  }

  /** The type transform of block {@code b}; unreadable images propagate as {@link ImageReadException}. */
  public Object encodeOne(int b, Object raw, String itemName) {
    try {
      return blocks.get(b).encode(raw);
    } catch (ImageReadException e) {
      throw e;
    } catch (RuntimeException e) {
      String step = blocks.get(b).describe() + " type transform";
      throw new DataBlockException(step, itemName, step + " failed for item " + itemName + ": " + e.getMessage() + HINT, e);
    }
  }

  /** Every item transform, in order. */
  public List<Object> applyItemTfms(List<Object> sample, TransformContext ctx) {
    List<Object> s = sample;
    for (ItemTransform t : itemTfms) {
      s = applyItemTfm(t, s, ctx);
    }
    return s;
  }

  /** One item transform, failures named. */
  public static List<Object> applyItemTfm(ItemTransform t, List<Object> sample, TransformContext ctx) {
    try {
      return t.apply(sample, ctx);
    } catch (RuntimeException e) {
      throw new DataBlockException(t.describe(), ctx.itemName(), t.describe() + " failed for item " + ctx.itemName()
          + ": " + e.getMessage() + HINT, e);
    }
  }

  /** Collates samples (all with every block's value) into one tensor per block. */
  public List<TensorData> collate(List<List<Object>> samples, List<String> names) {
    List<TensorData> out = new ArrayList<>(blocks.size());
    for (int b = 0; b < blocks.size(); b++) {
      List<Object> values = new ArrayList<>(samples.size());
      for (List<Object> s : samples) {
        values.add(s.get(b));
      }
      try {
        out.add(blocks.get(b).collate(values));
      } catch (RuntimeException e) {
        throw new DataBlockException("collate", String.join(", ", names), "collating " + blocks.get(b).describe()
            + " failed for items " + abbreviate(names) + ": " + e.getMessage() + HINT, e);
      }
    }
    return out;
  }

  /** Every batch transform, in order. */
  public List<TensorData> applyBatchTfms(List<TensorData> parts, BatchContext ctx) {
    List<TensorData> p = parts;
    for (BatchTransform t : batchTfms) {
      p = applyBatchTfm(t, p, ctx);
    }
    return p;
  }

  /** One batch transform, failures named. */
  public List<TensorData> applyBatchTfm(BatchTransform t, List<TensorData> parts, BatchContext ctx) {
    try {
      return t.apply(parts, kinds().subList(0, parts.size()), ctx);
    } catch (RuntimeException e) {
      throw new DataBlockException(t.describe(), null, t.describe() + " failed on a batch: " + e.getMessage() + HINT, e);
    }
  }

  /** Undoes the batch transforms that can be undone, last first (for display). */
  public List<TensorData> decodeBatch(List<TensorData> parts) {
    List<TensorData> p = parts;
    for (int i = batchTfms.size() - 1; i >= 0; i--) {
      p = batchTfms.get(i).decode(p, kinds().subList(0, p.size()));
    }
    return p;
  }

  private static String abbreviate(List<String> names) {
    return names.size() <= 4 ? names.toString() : names.subList(0, 4) + " and " + (names.size() - 4) + " more";
  }
}
