package dev.fastj.vision;

import static com.google.common.base.Preconditions.checkArgument;

import dev.fastj.data.Batch;
import dev.fastj.data.DataLoader;
import dev.fastj.data.TensorData;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The loader of {@link InferenceTransforms#testDl}: image files in order, prepared as the export
 * prepares validation images, with their labels as class indices. Batches are built on the
 * calling thread, one at a time.
 */
final class ImageTestLoader implements DataLoader {

  private final InferenceTransforms tfms;
  private final List<Path> files;
  private final long[] targets;
  private final int bs;

  ImageTestLoader(InferenceTransforms tfms, List<Path> files, List<String> labels, List<String> vocab, int bs) {
    checkArgument(!files.isEmpty(), "testDl needs at least one file");
    checkArgument(bs > 0, "batch size must be positive, got %s", bs);
    checkArgument(labels == null || labels.size() == files.size(), "%s files but %s labels; give one label per file",
        files.size(), labels == null ? 0 : labels.size());
    this.tfms = tfms;
    this.files = List.copyOf(files);
    this.bs = bs;
    if (labels == null) {
      targets = null;
    } else {
      Map<String, Integer> index = new HashMap<>();
      for (int i = 0; i < vocab.size(); i++) {
        index.put(vocab.get(i), i);
      }
      targets = new long[files.size()];
      for (int i = 0; i < targets.length; i++) {
        Integer c = index.get(labels.get(i));
        checkArgument(c != null, "label '%s' of %s is not a class of the model %s; remove the file or retrain with it",
            labels.get(i), files.get(i), vocab);
        targets[i] = c;
      }
    }
  }

  @Override
  public Iterator<Batch> iterator() {
    return new Iterator<>() {
      private int next;

      @Override
      public boolean hasNext() {
        return next < files.size();
      }

      @Override
      public Batch next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        int end = Math.min(files.size(), next + bs);
        int[] indices = new int[end - next];
        for (int i = 0; i < indices.length; i++) {
          indices[i] = next + i;
        }
        TensorData x = tfms.apply(files.subList(next, end));
        List<TensorData> y = targets == null ? List.of()
            : List.of(TensorData.ofLongs(Arrays.copyOfRange(targets, next, end), end - next));
        next = end;
        return new Batch(List.of(x), y, indices);
      }
    };
  }

  @Override
  public int size() {
    return (files.size() + bs - 1) / bs;
  }

  @Override
  public int batchSize() {
    return bs;
  }

  @Override
  public int itemCount() {
    return files.size();
  }

  @Override
  public Object item(int index) {
    return files.get(index);
  }

  @Override
  public String describeItem(int index) {
    return files.get(index).toString();
  }

  @Override
  public TensorData decodedInput(int index) {
    var img = tfms.resized(files.get(index), index);
    return TensorData.ofFloats(img.chw(), img.channels(), img.height(), img.width());
  }

  @Override
  public List<TensorData> target(int index) {
    return targets == null ? List.of() : List.of(TensorData.ofLongs(new long[] {targets[index]}));
  }
}
