package dev.fastj.samples.clean;

import static com.google.common.base.Preconditions.checkArgument;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.fastj.data.Split;
import dev.fastj.data.Splitters;
import dev.fastj.learner.ExportedBody;
import dev.fastj.learner.Learner;
import dev.fastj.learner.Preds;
import dev.fastj.vision.ImageFiles;
import dev.fastj.vision.InferenceTransforms;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * fastai's {@code ImageClassifierCleaner} without the notebook: the images of a folder (one
 * sub-folder per class, or train/ and valid/ (or test/) folders of class folders) with the loss the
 * model gives each, highest first per class and split, and the choices a person makes (keep,
 * delete, move to another class) carried out on disk by {@link FileMoves}, which never loses or
 * overwrites a file.
 *
 * <p>Losses come from {@link Learner#getPreds} of the loaded export over
 * {@link InferenceTransforms#testDl}: the images prepared as the export prepares validation
 * images, their folder names as the targets, the loss the export names. A flat folder is split as
 * {@code ./fastj train} splits it (a random 20% for validation, seed 42, unless told otherwise).
 */
public final class Cleaner implements AutoCloseable {

  /** One image with its label, prediction and loss (null loss and prediction, and an error, when unreadable). */
  public record Item(String id, String path, String label, String split, String predicted, Float loss,
      @JsonInclude(JsonInclude.Include.NON_NULL) String error) {}

  /** One choice of {@code POST /api/apply}: an item id, keep, delete or move, and the class of a move. */
  public record Choice(String id, String action, String label) {}

  /** How many images one getPreds call prepares (the progress advances by as many). */
  private static final int CHUNK = 64;

  private final Path dir;
  private final Learner learner;
  private final InferenceTransforms transforms;
  private final List<String> vocab;
  private final FileMoves moves;
  private final Map<String, Item> items = new LinkedHashMap<>();
  private final Set<String> skippedClasses = new TreeSet<>();
  /** The split each file in the trash had, so that an undo puts it back in the same one. */
  private final Map<String, String> trashedSplits = new HashMap<>();
  private volatile int done;
  private volatile int total;
  private volatile boolean ready;
  private volatile String failure;

  private Cleaner(Path dir, Path model) {
    this.dir = dir.toAbsolutePath().normalize();
    this.transforms = ExportedBody.transforms(model);
    this.learner = Learner.load(model);
    this.vocab = learner.vocab();
    this.moves = new FileMoves(this.dir);
  }

  /**
   * Opens {@code dir} for cleaning with the export {@code model}: finishes an apply that was
   * interrupted (saying so to {@code log}) and lists the images; {@link #computeLosses} then
   * gives them their losses.
   */
  public static Cleaner open(Path dir, Path model, double validPct, long seed, Consumer<String> log) {
    checkArgument(Files.isDirectory(dir), "--data %s is not a folder; give the folder of class folders", dir);
    checkArgument(validPct > 0 && validPct < 1, "--valid-pct must be between 0 and 1, got %s", validPct);
    Cleaner c = new Cleaner(dir, model);
    try {
      c.moves.recover(log);
      c.list(validPct, seed, log);
    } catch (RuntimeException e) {
      c.close();
      throw e;
    }
    return c;
  }

  /** The class names of the model. */
  public List<String> classes() {
    return vocab;
  }

  /** {"state": computing|ready|failed, "done", "total", "skipped_classes", "error"}. */
  public Map<String, Object> status() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("state", failure != null ? "failed" : ready ? "ready" : "computing");
    m.put("done", done);
    m.put("total", total);
    m.put("skipped_classes", List.copyOf(skippedClasses));
    if (failure != null) {
      m.put("error", failure);
    }
    return m;
  }

  public boolean ready() {
    return ready;
  }

  private void list(double validPct, long seed, Consumer<String> log) {
    boolean grand = Files.isDirectory(dir.resolve("train"));
    List<Path> files;
    Set<Path> valid = new HashSet<>();
    if (grand) {
      String validName = Files.isDirectory(dir.resolve("valid")) ? "valid" : Files.isDirectory(dir.resolve("test"))
          ? "test" : null;
      files = validName == null ? ImageFiles.get(dir, "train") : ImageFiles.get(dir, "train", validName);
      for (Path f : files) {
        if (validName != null && dir.relativize(f).getName(0).toString().equals(validName)) {
          valid.add(f);
        }
      }
    } else {
      files = ImageFiles.get(dir).stream().filter(f -> !dir.relativize(f).startsWith(FileMoves.TRASH)).toList();
      checkArgument(!files.isEmpty(), "no images in %s; give the folder with one sub-folder of images per class", dir);
      Split split = Splitters.random(validPct, seed).split(files);
      for (int i : split.valid()) {
        valid.add(files.get(i));
      }
    }
    synchronized (this) {
      items.clear();
      for (Path f : files) {
        String label = f.getParent().getFileName().toString();
        if (!vocab.contains(label)) {
          skippedClasses.add(label);
          continue;
        }
        String id = FileMoves.id(dir, f);
        items.put(id, new Item(id, f.toString(), label, valid.contains(f) ? "valid" : "train", null, null, null));
      }
    }
    if (!skippedClasses.isEmpty()) {
      log.accept("clean: leaving out the folders " + skippedClasses + ": they are not classes of the model " + vocab);
    }
    total = items.size();
  }

  /**
   * Computes every image's loss with getPreds, {@value #CHUNK} images at a time, telling
   * {@code progress} after each chunk; an unreadable image gets an error instead of a loss.
   */
  public void computeLosses(Consumer<String> progress) {
    List<Item> all;
    synchronized (this) {
      all = new ArrayList<>(items.values());
    }
    try {
      for (int start = 0; start < all.size(); start += CHUNK) {
        List<Item> chunk = all.subList(start, Math.min(all.size(), start + CHUNK));
        for (Item scored : score(chunk)) {
          synchronized (this) {
            items.replace(scored.id(), scored);
          }
        }
        done = start + chunk.size();
        progress.accept(String.format("clean: losses of %d/%d images", done, all.size()));
      }
      ready = true;
    } catch (RuntimeException e) {
      failure = e.getMessage();
      throw e;
    }
  }

  /** The items with their losses from getPreds; one by one when a chunk has an unreadable image. */
  private List<Item> score(List<Item> chunk) {
    List<Path> files = chunk.stream().map(i -> Path.of(i.path())).toList();
    List<String> labels = chunk.stream().map(Item::label).toList();
    try {
      Preds p = learner.getPreds(transforms.testDl(files, labels, vocab, CHUNK));
      List<Item> out = new ArrayList<>();
      int[] predicted = p.predictedClasses();
      for (int i = 0; i < chunk.size(); i++) {
        Item it = chunk.get(i);
        out.add(new Item(it.id(), it.path(), it.label(), it.split(), vocab.get(predicted[i]), p.losses()[i], null));
      }
      return out;
    } catch (RuntimeException e) {
      if (chunk.size() == 1) {
        Item it = chunk.get(0);
        return List.of(new Item(it.id(), it.path(), it.label(), it.split(), null, null, e.getMessage()));
      }
      List<Item> out = new ArrayList<>();
      for (Item it : chunk) {
        out.addAll(score(List.of(it)));
      }
      return out;
    }
  }

  /** The items of class {@code label} in {@code split}, unreadable ones first, then by loss, highest first. */
  public synchronized List<Item> items(String label, String split) {
    checkReady();
    checkArgument(vocab.contains(label), "no class '%s'; the classes are %s", label, vocab);
    checkArgument(split.equals("train") || split.equals("valid"), "split must be train or valid, got '%s'", split);
    return items.values().stream().filter(i -> i.label().equals(label) && i.split().equals(split))
        .sorted(Comparator.comparing((Item i) -> i.loss() == null ? Float.POSITIVE_INFINITY : i.loss()).reversed()
            .thenComparing(Item::id))
        .toList();
  }

  /** The item with {@code id}, or null. */
  public synchronized Item item(String id) {
    return items.get(id);
  }

  /**
   * Carries out {@code choices} (each {@code id}, {@code action} keep, delete or move, and the
   * {@code label} of a move) on disk and in the list; returns what was done for each, in order.
   * All choices are checked before anything moves. Choices already carried out (the same apply
   * sent twice) change nothing and say so.
   */
  public synchronized List<Map<String, Object>> apply(List<Choice> choices) {
    checkReady();
    List<Map<String, Object>> results = moves.apply(choices, vocab, items.keySet());
    refresh(results);
    return results;
  }

  /** Undoes the last apply (finishing an interrupted one's undo); returns the files restored. */
  public synchronized List<Map<String, Object>> undo() {
    checkReady();
    List<Map<String, Object>> results = moves.undo();
    refresh(results);
    return results;
  }

  /** Moves the changed items in the list and scores the files that came back or changed class. */
  private void refresh(List<Map<String, Object>> results) {
    List<Item> rescore = new ArrayList<>();
    for (Map<String, Object> r : results) {
      Object from = r.get("from");
      Object to = r.get("to");
      if (from == null || to == null || !Boolean.TRUE.equals(r.get("changed"))) {
        continue;
      }
      Item old = items.remove(from.toString());
      Path now = dir.resolve(to.toString());
      String id = FileMoves.id(dir, now);
      if (id.startsWith(FileMoves.TRASH + "/")) {
        if (old != null) {
          trashedSplits.put(id, old.split());
        }
        continue;
      }
      String label = now.getParent().getFileName().toString();
      String trashed = trashedSplits.remove(from.toString());
      String split = old != null ? old.split() : trashed != null ? trashed : splitOf(id);
      if (vocab.contains(label)) {
        Item it = new Item(id, now.toString(), label, split, null, null, null);
        items.put(id, it);
        rescore.add(it);
      }
    }
    for (Item scored : rescore.isEmpty() ? List.<Item>of() : score(rescore)) {
      items.replace(scored.id(), scored);
    }
    total = items.size();
    done = total;
  }

  /** The split of a restored file: its top folder in the train/valid layout, else train. */
  private String splitOf(String id) {
    String top = id.contains("/") ? id.substring(0, id.indexOf('/')) : "";
    return top.equals("valid") || top.equals("test") ? "valid" : "train";
  }

  private void checkReady() {
    if (!ready) {
      throw new IllegalStateException("the losses are still being computed (" + done + "/" + total + " images); "
          + "apply once they are");
    }
  }

  /** Undoes the last apply in {@code dir} without a model: {@code ./fastj clean --undo DIR}. */
  public static List<Map<String, Object>> undo(Path dir) {
    checkArgument(Files.isDirectory(dir), "--undo %s is not a folder; give the folder that was cleaned", dir);
    return new FileMoves(dir.toAbsolutePath().normalize()).undo();
  }

  /** The folder cleaned. */
  public Path dir() {
    return dir;
  }

  @Override
  public void close() {
    learner.close();
  }
}
