package dev.fastj.vision;

import static com.google.common.base.Preconditions.checkArgument;

import dev.fastj.data.BatchContext;
import dev.fastj.data.BatchTransform;
import dev.fastj.data.Block;
import dev.fastj.data.DataLoader;
import dev.fastj.data.DataLoaders;
import dev.fastj.data.ItemTransform;
import dev.fastj.data.TensorData;
import dev.fastj.data.TransformContext;
import dev.fastj.data.internal.BlockDataLoaders;
import dev.fastj.vision.image.ImageTensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * What an image model needs to turn a new image file into its input the way validation data was
 * prepared (fastai keeps this in the exported Learner's {@code dls}): grey or RGB, the item
 * transform in validation mode, and the normalisation. It travels with an exported model as
 * string metadata ({@link #toMetadata}, {@link #fromMetadata}) so another process can
 * {@link #apply} it without the training data.
 *
 * @param grey one channel instead of RGB
 * @param resize {@code none}, {@code resize} or {@code random_resized_crop}
 * @param height output height (0 with {@code none})
 * @param width output width (0 with {@code none})
 * @param method Resize's method ({@code CROP}, {@code PAD}, {@code SQUISH})
 * @param padMode Resize's padding
 * @param valXtra RandomResizedCrop's {@code val_xtra}
 * @param mean Normalize's channel means, or null without Normalize
 * @param std Normalize's channel standard deviations, or null
 */
public record InferenceTransforms(boolean grey, String resize, int height, int width, Resize.Method method,
    PadMode padMode, double valXtra, float[] mean, float[] std) {

  private static final String PREFIX = "fastj.vision.";

  public InferenceTransforms {
    checkArgument(Set.of("none", "resize", "random_resized_crop").contains(resize), "unknown resize kind '%s'", resize);
    checkArgument((mean == null) == (std == null), "mean and std go together");
    mean = mean == null ? null : mean.clone();
    std = std == null ? null : std.clone();
  }

  /** Normalize's channel means (a copy), or null. */
  @Override
  public float[] mean() {
    return mean == null ? null : mean.clone();
  }

  /** Normalize's channel standard deviations (a copy), or null. */
  @Override
  public float[] std() {
    return std == null ? null : std.clone();
  }

  /**
   * Describes the input pipeline of loaders built by a {@link dev.fastj.data.DataBlock} whose
   * single input is an {@link ImageBlock}; fails naming a transform it cannot describe.
   */
  public static InferenceTransforms from(DataLoaders dls) {
    checkArgument(dls instanceof BlockDataLoaders, "only loaders built by DataBlock can be described, got %s",
        dls.getClass().getSimpleName());
    BlockDataLoaders b = (BlockDataLoaders) dls;
    List<Block> blocks = b.blocks();
    int nInp = b.pipeline().nInp();
    checkArgument(nInp == 1 && blocks.get(0) instanceof ImageBlock,
        "inference transforms need exactly one ImageBlock input, got %s", blocks.subList(0, nInp));
    Set<ItemTransform> targetOnly = new HashSet<>();
    for (int i = nInp; i < blocks.size(); i++) {
      targetOnly.addAll(blocks.get(i).itemTfms());
    }
    String kind = "none";
    int h = 0;
    int w = 0;
    Resize.Method method = Resize.Method.CROP;
    PadMode pad = PadMode.REFLECTION;
    double xtra = 0;
    for (ItemTransform t : b.pipeline().itemTfms()) {
      if (targetOnly.contains(t)) {
        continue;
      }
      checkArgument(kind.equals("none"), "only one resizing item transform can be exported, found another: %s",
          t.describe());
      if (t instanceof Resize r) {
        kind = "resize";
        h = r.height();
        w = r.width();
        method = r.method();
        pad = r.padMode();
      } else if (t instanceof RandomResizedCrop r) {
        kind = "random_resized_crop";
        h = r.height();
        w = r.width();
        xtra = r.valXtra();
      } else {
        throw new IllegalArgumentException("cannot export item transform " + t.describe()
            + "; inference supports Resize and RandomResizedCrop");
      }
    }
    float[] mean = null;
    float[] std = null;
    for (BatchTransform t : b.pipeline().batchTfms()) {
      if (t instanceof Normalize n) {
        mean = n.mean();
        std = n.std();
      } else if (!(t instanceof Augment)) {
        throw new IllegalArgumentException("cannot export batch transform " + t.describe()
            + "; inference supports Normalize (augmentation is training only)");
      }
    }
    return new InferenceTransforms(((ImageBlock) blocks.get(0)).isGrey(), kind, h, w, method, pad, xtra, mean, std);
  }

  /** String key/values (keys start with {@code fastj.vision.}) for a model file's metadata. */
  public Map<String, String> toMetadata() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(PREFIX + "grey", Boolean.toString(grey));
    m.put(PREFIX + "resize", resize);
    m.put(PREFIX + "height", Integer.toString(height));
    m.put(PREFIX + "width", Integer.toString(width));
    m.put(PREFIX + "method", method.name());
    m.put(PREFIX + "pad_mode", padMode.name());
    m.put(PREFIX + "val_xtra", Double.toString(valXtra));
    if (mean != null) {
      m.put(PREFIX + "mean", join(mean));
      m.put(PREFIX + "std", join(std));
    }
    return m;
  }

  /** Reads what {@link #toMetadata} wrote; fails naming a missing key. */
  public static InferenceTransforms fromMetadata(Map<String, String> m) {
    return new InferenceTransforms(Boolean.parseBoolean(get(m, "grey")), get(m, "resize"),
        Integer.parseInt(get(m, "height")), Integer.parseInt(get(m, "width")),
        Resize.Method.valueOf(get(m, "method").toUpperCase(Locale.ROOT)),
        PadMode.valueOf(get(m, "pad_mode").toUpperCase(Locale.ROOT)), Double.parseDouble(get(m, "val_xtra")),
        m.containsKey(PREFIX + "mean") ? split(get(m, "mean")) : null,
        m.containsKey(PREFIX + "std") ? split(get(m, "std")) : null);
  }

  /** Shape of one input: channels, height, width (height and width 0 when images are not resized). */
  public long[] inputShape() {
    return new long[] {grey ? 1 : 3, height, width};
  }

  /**
   * Reads, resizes (validation mode) and normalises {@code items} into a FLOAT32 [N, C, H, W]
   * batch. Each item is an image file ({@link Path}) or an image already decoded in memory
   * ({@link ImageTensor}, as {@link dev.fastj.vision.image.Images#decode} gives for an upload);
   * both go through the same steps, so a file and its decoded bytes give the same input.
   */
  public TensorData apply(List<?> items) {
    checkArgument(!items.isEmpty(), "no files to prepare");
    List<Object> values = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      values.add(resized(items.get(i), i));
    }
    TensorData x = imageBlock().collate(values);
    if (mean != null) {
      Normalize.of(mean, std).apply(List.of(x), List.of(Block.Spatial.IMAGE), new BatchContext(false, new Random(0), null));
    }
    return x;
  }

  /**
   * Points the model predicted on its input (x, y pairs scaled to -1..1, as {@link PointBlock}
   * collates them) in pixels of the original image of {@code height x width}, before this
   * recipe's resize: the inverse of the resize's geometry in validation mode.
   */
  public float[] pointsToSource(float[] scaled, int height, int width) {
    checkArgument(scaled.length % 2 == 0, "points need x, y pairs, got %s values", scaled.length);
    checkArgument(height > 0 && width > 0, "the source image must have a size, got %sx%s", height, width);
    // where the recipe sends (0, 0), (1, 0) and (0, 1) of the source gives its affine map
    float[] probe = {0, 0, 1, 0, 0, 1};
    float[] q = probe;
    int oh = height;
    int ow = width;
    ItemTransform tfm = itemTfm();
    if (tfm != null) {
      List<Object> sample = List.of(new MaskTensor(new int[height * width], height, width),
          new PointsTensor(probe, height, width));
      PointsTensor moved = (PointsTensor) tfm.apply(sample, new TransformContext(false, new Random(0), "points")).get(1);
      q = moved.xy();
      oh = moved.height();
      ow = moved.width();
    }
    double a = q[2] - q[0];
    double c = q[3] - q[1];
    double b = q[4] - q[0];
    double d = q[5] - q[1];
    double det = a * d - b * c;
    float[] out = new float[scaled.length];
    for (int i = 0; i < scaled.length; i += 2) {
      double u = (scaled[i] + 1) / 2 * ow - q[0];
      double v = (scaled[i + 1] + 1) / 2 * oh - q[1];
      out[i] = (float) ((d * u - b * v) / det);
      out[i + 1] = (float) ((a * v - c * u) / det);
    }
    return out;
  }

  /** The image of {@code item} after the item transform (validation mode), before normalisation, values in [0, 1]. */
  ImageTensor resized(Object item, int position) {
    checkArgument(item instanceof Path || item instanceof ImageTensor,
        "item %s is a %s; give image files (Path) or decoded images (ImageTensor)", position,
        item == null ? "null" : item.getClass().getSimpleName());
    List<Object> sample = List.of(imageBlock().encode(item));
    ItemTransform tfm = itemTfm();
    if (tfm != null) {
      String name = item instanceof Path p ? p.toString() : "image " + position;
      sample = tfm.apply(sample, new TransformContext(false, new Random(0), name));
    }
    return (ImageTensor) sample.get(0);
  }

  private ImageBlock imageBlock() {
    return grey ? ImageBlock.grey() : ImageBlock.create();
  }

  private ItemTransform itemTfm() {
    return switch (resize) {
      case "resize" -> Resize.of(height, width).withMethod(method).withPadMode(padMode);
      case "random_resized_crop" -> RandomResizedCrop.of(height, width).withValXtra(valXtra);
      default -> null;
    };
  }

  /**
   * fastai's {@code dls.test_dl(files, with_labels=True)} for a model known only by its export:
   * a loader over image files prepared like validation data ({@link #apply}), in order, in
   * batches of {@code bs}, whose targets are {@code labels} as indices into {@code vocab} (no
   * targets when {@code labels} is null). {@code learn.getPreds(dl)} on a loaded Learner then
   * gives the probabilities and each item's loss, as fastai's cleaner reads them.
   *
   * @throws IllegalArgumentException when a label is not in the vocab, naming the file
   */
  public DataLoader testDl(List<Path> files, List<String> labels, List<String> vocab, int bs) {
    return new ImageTestLoader(this, files, labels, vocab, bs);
  }

  private static String get(Map<String, String> m, String key) {
    String v = m.get(PREFIX + key);
    if (v == null) {
      throw new IllegalArgumentException("model metadata has no '" + PREFIX + key + "'; was it exported by fastj?");
    }
    return v;
  }

  private static String join(float[] v) {
    StringBuilder sb = new StringBuilder();
    for (float f : v) {
      sb.append(sb.length() == 0 ? "" : ",").append(f);
    }
    return sb.toString();
  }

  private static float[] split(String s) {
    String[] parts = s.split(",");
    float[] out = new float[parts.length];
    for (int i = 0; i < parts.length; i++) {
      out[i] = Float.parseFloat(parts[i].strip());
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof InferenceTransforms t && grey == t.grey && resize.equals(t.resize) && height == t.height
        && width == t.width && method == t.method && padMode == t.padMode && valXtra == t.valXtra
        && Arrays.equals(mean, t.mean) && Arrays.equals(std, t.std);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(grey, resize, height, width, method, padMode, valXtra)
        + 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
  }

  @Override
  public String toString() {
    return "InferenceTransforms" + toMetadata();
  }
}
