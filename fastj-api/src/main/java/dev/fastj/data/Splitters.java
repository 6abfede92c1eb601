package dev.fastj.data;

import static com.google.common.base.Preconditions.checkArgument;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The built-in {@link Splitter}s, named after fastai's.
 *
 * <pre>{@code
 * DataBlock.of(ImageBlock.create(), CategoryBlock.create()).splitter(Splitters.random(0.2, 42));
 * }</pre>
 */
public final class Splitters {

  private Splitters() {}

  /**
   * fastai's {@code RandomSplitter(valid_pct, seed)}: a seeded permutation of the items; the
   * first {@code floor(validPct * n)} go to validation.
   */
  public static Splitter<Object> random(double validPct, long seed) {
    checkArgument(validPct > 0 && validPct < 1, "validPct must be in (0, 1), got %s", validPct);
    return items -> {
      int n = items.size();
      int[] perm = new int[n];
      for (int i = 0; i < n; i++) {
        perm[i] = i;
      }
      Random rnd = new Random(seed);
      for (int i = n - 1; i > 0; i--) {
        int j = rnd.nextInt(i + 1);
        int t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
      }
      int cut = (int) (validPct * n);
      int[] valid = Arrays.copyOfRange(perm, 0, cut);
      int[] train = Arrays.copyOfRange(perm, cut, n);
      Arrays.sort(valid);
      Arrays.sort(train);
      return new Split(train, valid);
    };
  }

  /**
   * fastai's {@code GrandparentSplitter(train_name, valid_name)}: a file goes to training when its
   * grandparent folder is named {@code train}, to validation when it is {@code valid}; other
   * files are left out.
   */
  public static Splitter<Path> grandparent(String train, String valid) {
    return items -> {
      List<Integer> tr = new ArrayList<>();
      List<Integer> va = new ArrayList<>();
      for (int i = 0; i < items.size(); i++) {
        Path p = items.get(i);
        Path gp = p.getParent() == null ? null : p.getParent().getParent();
        String name = gp == null || gp.getFileName() == null ? "" : gp.getFileName().toString();
        if (name.equals(train)) {
          tr.add(i);
        } else if (name.equals(valid)) {
          va.add(i);
        }
      }
      checkArgument(!tr.isEmpty(), "no item has a grandparent folder named '%s'; check the folder names", train);
      checkArgument(!va.isEmpty(), "no item has a grandparent folder named '%s'; check the folder names", valid);
      return new Split(toArray(tr), toArray(va));
    };
  }

  /** {@link #grandparent(String, String)} with fastai's defaults {@code train} and {@code valid}. */
  public static Splitter<Path> grandparent() {
    return grandparent("train", "valid");
  }

  /** fastai's {@code FuncSplitter}: items for which {@code isValid} is true go to validation. */
  public static <T> Splitter<T> byFunction(Predicate<? super T> isValid) {
    return items -> {
      List<Integer> tr = new ArrayList<>();
      List<Integer> va = new ArrayList<>();
      for (int i = 0; i < items.size(); i++) {
        (isValid.test(items.get(i)) ? va : tr).add(i);
      }
      return new Split(toArray(tr), toArray(va));
    };
  }

  /** fastai's {@code IndexSplitter}: the items at {@code validIndices} go to validation. */
  public static Splitter<Object> byIndex(Collection<Integer> validIndices) {
    Set<Integer> valid = Set.copyOf(validIndices);
    return items -> {
      for (int i : valid) {
        checkArgument(i >= 0 && i < items.size(), "validation index %s is outside the %s items", i, items.size());
      }
      List<Integer> tr = new ArrayList<>();
      List<Integer> va = new ArrayList<>();
      for (int i = 0; i < items.size(); i++) {
        (valid.contains(i) ? va : tr).add(i);
      }
      return new Split(toArray(tr), toArray(va));
    };
  }

  /**
   * fastai's {@code ColSplitter(col)}: CSV rows whose boolean column {@code col} is true
   * ({@code true}, {@code 1}, {@code yes}, any case) go to validation.
   */
  public static Splitter<CsvRow> byColumn(String col) {
    return items -> {
      List<Integer> tr = new ArrayList<>();
      List<Integer> va = new ArrayList<>();
      for (int i = 0; i < items.size(); i++) {
        String v = items.get(i).get(col).trim().toLowerCase(Locale.ROOT);
        boolean isValid = switch (v) {
          case "true", "1", "yes", "t" -> true;
          case "false", "0", "no", "f" -> false;
          default -> throw new IllegalArgumentException("column '" + col + "' of csv row "
              + items.get(i).line() + " is '" + v + "', not a boolean; use true/false or 1/0");
        };
        (isValid ? va : tr).add(i);
      }
      return new Split(toArray(tr), toArray(va));
    };
  }

  /**
   * fastai's {@code FileSplitter(fname)}: files whose name is listed (one a line) in
   * {@code validNames} (such as camvid's {@code valid.txt}) go to validation.
   */
  public static Splitter<Path> byFile(Path validNames) {
    return items -> {
      Set<String> names = new HashSet<>();
      try {
        for (String line : Files.readAllLines(validNames)) {
          if (!line.isBlank()) {
            names.add(line.strip());
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the validation list " + validNames + ": " + e.getMessage(), e);
      }
      checkArgument(!names.isEmpty(), "the validation list %s is empty", validNames);
      Predicate<Path> isValid = p -> p.getFileName() != null && names.contains(p.getFileName().toString());
      Split s = byFunction(isValid).split(items);
      checkArgument(s.valid().length > 0, "no item's file name is listed in %s (first listed: %s)",
          validNames, names.iterator().next());
      return s;
    };
  }

  private static int[] toArray(List<Integer> l) {
    return l.stream().mapToInt(Integer::intValue).toArray();
  }
}
