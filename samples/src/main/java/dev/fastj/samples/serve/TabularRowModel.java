package dev.fastj.samples.serve;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.fastj.learner.Learner;
import dev.fastj.learner.Prediction;
import dev.fastj.samples.web.HttpError;
import dev.fastj.samples.web.Json;
import dev.fastj.samples.web.PredictionJson;
import dev.fastj.tabular.TabularRecipe;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An exported tabular model behind the server: each request is one JSON object of column to
 * value ({@code {"pclass": 1, "sex": "female", "age": 29}}), checked on the request's thread and
 * predicted in batches through {@link Learner#predictBatch}, so that each row gets what
 * {@code ./fastj predict MODEL --csv FILE --json} gives it ({@link PredictionJson#ofRow}).
 *
 * <p>A value is a string, a number or null; numbers keep the text they were sent with, so that
 * a category is matched as the same cell of a CSV would be. A column left out, or null, is a
 * missing value: a categorical one becomes {@code #na#} (as an unseen category does), a
 * continuous one gets FillMissing's training fill value when it had one and is refused
 * otherwise. Columns of the training file that the model does not use (the target, say) are
 * ignored; any other name is refused.
 */
public final class TabularRowModel extends LoadedModel<Map<String, Object>> {

  private final TabularRecipe recipe;
  private final String name;
  /** The columns a row gives, in the recipe's order: categorical first, then continuous. */
  private final List<String> columns;
  private final Set<String> inputs;
  private final Set<String> ignored;

  /** Loads the export at {@code model}, which must be a tabular one. */
  public TabularRowModel(Path model) {
    this(Learner.load(model), model.getFileName().toString());
  }

  /** Serves {@code learner}, a loaded tabular export named {@code name}; owns the learner. */
  TabularRowModel(Learner learner, String name) {
    super(tabular(learner, name));
    TabularRecipe r = (TabularRecipe) learner.inputRecipe();
    this.recipe = r;
    this.name = name;
    this.columns = r.requiredColumns();
    this.inputs = Set.copyOf(columns);
    Set<String> other = new HashSet<>(r.header());
    other.removeAll(inputs);
    this.ignored = Set.copyOf(other);
  }

  /** {@code learner} when it has a tabular recipe; otherwise closes it and says so. */
  private static Learner tabular(Learner learner, String name) {
    if (!(learner.inputRecipe() instanceof TabularRecipe)) {
      learner.close();
      throw new IllegalArgumentException(name + " is not a tabular model (it has no tabular recipe); serve it as an "
          + "image model, or export one with ./fastj train-tabular");
    }
    return learner;
  }

  @Override
  public String kind() {
    return "tabular";
  }

  /**
   * The model's name, its targets, whether it classifies, and its input columns: for a
   * categorical one its classes (without {@code #na#}), for a continuous one its training mean
   * and FillMissing's fill value when it has them; {@code optional} says whether it may be left
   * out.
   */
  @Override
  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("model", name);
    m.put("targets", recipe.yNames());
    m.put("task", learner.vocab().isEmpty() ? "regression" : "classification");
    List<Object> cols = new ArrayList<>();
    List<String> cats = recipe.catNames();
    List<String> conts = recipe.contNames();
    double[] means = recipe.means();
    Map<String, Double> fills = recipe.fillValues();
    for (String c : columns) {
      Map<String, Object> col = new LinkedHashMap<>();
      col.put("name", c);
      int i = cats.indexOf(c);
      if (i >= 0) {
        col.put("type", "categorical");
        col.put("optional", true);
        col.put("classes", recipe.classes(i).subList(1, recipe.classes(i).size()));
      } else {
        int j = conts.indexOf(c);
        col.put("type", "continuous");
        col.put("optional", fills.containsKey(c));
        if (fills.containsKey(c)) {
          col.put("fill", fills.get(c));
        }
        if (means != null) {
          col.put("mean", means[j]);
        }
      }
      cols.add(col);
    }
    m.put("columns", cols);
    return m;
  }

  @Override
  public Map<String, Object> prepare(Upload upload) {
    byte[] body = upload.bytes();
    Map<String, String> given = new HashMap<>();
    try (JsonParser p = Json.MAPPER.getFactory().createParser(body)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        throw new HttpError(400, upload.describe() + " is empty; send one JSON object of column to value, such as "
            + example());
      }
      if (t != JsonToken.START_OBJECT) {
        throw new HttpError(400, "the body is " + what(t, p) + ", not a JSON object; send one object of column to "
            + "value, such as " + example());
      }
      for (JsonToken f = p.nextToken(); f != JsonToken.END_OBJECT; f = p.nextToken()) {
        String col = p.currentName();
        JsonToken v = p.nextToken();
        if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
          throw new HttpError(400, "column '" + col + "' is " + what(v, p) + "; give a string, a number or null");
        }
        if (!inputs.contains(col)) {
          if (ignored.contains(col)) {
            continue;
          }
          throw new HttpError(400, "unknown column '" + col + "'; the model's columns are " + columns);
        }
        if (given.containsKey(col)) {
          throw new HttpError(400, "column '" + col + "' is given twice; give each column once");
        }
        given.put(col, v == JsonToken.VALUE_NULL ? null : p.getText());
      }
      JsonToken after = p.nextToken();
      if (after != null) {
        throw new HttpError(400, "the body goes on after its JSON object (" + what(after, p) + "); send one object");
      }
    } catch (JsonParseException e) {
      // Jackson names the source of an unclosed object as "[Source: REDACTED ...]": say only where
      String why = e.getOriginalMessage().replaceAll("\\s*\\(start marker at \\[Source: [^\\]]*\\][^)]*\\)", "");
      throw new HttpError(400, "the body is not valid JSON: " + why + " (line "
          + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + "); send one object of column "
          + "to value, such as " + example());
    } catch (IOException e) {
      throw new HttpError(400, "cannot read the body: " + e.getMessage());
    }
    Map<String, Object> row = new PostedRow();
    for (String c : columns) {
      row.put(c, given.get(c));
    }
    try {
      // the recipe's own checks (a number where one belongs, a fill value for a missing one) here, on the
      // request's thread, so that a bad row gets its 400 and never fails the batch it would have joined
      recipe.encode(List.of(row));
    } catch (IllegalArgumentException e) {
      throw new HttpError(400, e.getMessage());
    }
    return row;
  }

  /** A row as the recipe reads it (a Map), named "the posted row" in the recipe's messages instead of its cells. */
  private static final class PostedRow extends LinkedHashMap<String, Object> {
    @Override
    public String toString() {
      return "the posted row";
    }
  }

  /** A JSON token for messages: "a JSON array", "the number 3"... */
  private static String what(JsonToken t, JsonParser p) throws IOException {
    return switch (t) {
      case START_ARRAY -> "a JSON array";
      case START_OBJECT -> "a JSON object";
      case VALUE_STRING -> "the string \"" + abbreviate(p.getText()) + "\"";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "the number " + p.getText();
      case VALUE_TRUE, VALUE_FALSE, VALUE_NULL -> p.getText();
      default -> t.toString();
    };
  }

  private static String abbreviate(String s) {
    return s.length() > 40 ? s.substring(0, 37) + "..." : s;
  }

  /** A row of this model for messages: its first columns, each with a class or its training mean. */
  private String example() {
    Map<String, Object> m = new LinkedHashMap<>();
    double[] means = recipe.means();
    for (String c : columns.subList(0, Math.min(3, columns.size()))) {
      int i = recipe.catNames().indexOf(c);
      if (i >= 0) {
        List<String> cls = recipe.classes(i);
        m.put(c, cls.size() > 1 ? cls.get(1) : null);
      } else {
        int j = recipe.contNames().indexOf(c);
        m.put(c, means == null ? 0 : Math.round(means[j] * 100) / 100.0);
      }
    }
    return Json.write(m);
  }

  @Override
  public Map<String, Object> answer(Prediction p) {
    return PredictionJson.ofRow(p);
  }

  @Override
  public String page() {
    return "tabular.html";
  }
}
