package dev.fastj.data;

import java.nio.file.Path;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Label getters, named after fastai's {@code parent_label} and {@code RegexLabeller}. */
public final class Labels {

  private Labels() {}

  /** fastai's {@code parent_label}: the name of the folder holding the file. */
  public static Function<Path, String> parentLabel() {
    return p -> {
      Path parent = p.getParent();
      if (parent == null || parent.getFileName() == null) {
        throw new IllegalArgumentException("file " + p + " has no parent folder to take a label from");
      }
      return parent.getFileName().toString();
    };
  }

  /**
   * fastai's {@code RegexLabeller(pat)} applied to the file name (as {@code using_attr(..., 'name')}):
   * the first group of {@code pattern} (or the whole match when it has no group). Items that are
   * not paths are matched by their {@code toString()}.
   */
  public static Function<Object, String> regex(String pattern) {
    Pattern pat = Pattern.compile(pattern);
    return item -> {
      String s = item instanceof Path p && p.getFileName() != null ? p.getFileName().toString() : String.valueOf(item);
      Matcher m = pat.matcher(s);
      if (!m.find()) {
        throw new IllegalArgumentException("pattern '" + pattern + "' does not match '" + s
            + "'; check the pattern against the file name");
      }
      return m.groupCount() >= 1 ? m.group(1) : m.group();
    };
  }
}
