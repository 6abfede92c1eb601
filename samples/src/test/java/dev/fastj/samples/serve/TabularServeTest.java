package dev.fastj.samples.serve;

import static dev.fastj.samples.serve.ServeTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fastj.data.Csv;
import dev.fastj.data.CsvRow;
import dev.fastj.learner.Learner;
import dev.fastj.learner.Prediction;
import dev.fastj.samples.TinyFashion;
import dev.fastj.samples.TinyTables;
import dev.fastj.samples.cli.CliRunner;
import dev.fastj.samples.web.Json;
import dev.fastj.tabular.TabularDatasets;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./fastj serve} of tabular exports: JSON rows in, the answers of {@code predict --csv --json} out. */
class TabularServeTest {

  private static ModelServer titanic;
  private static ModelServer regression;
  private static HttpClient http;

  @BeforeAll
  static void start() {
    titanic = ModelServer.start(ServedModel.open(TinyTables.titanic()), ModelServer.Options.defaults(), "127.0.0.1", 0);
    regression = ModelServer.start(ServedModel.open(TinyTables.regression()), ModelServer.Options.defaults(),
        "127.0.0.1", 0);
    http = HttpClient.newHttpClient();
  }

  @AfterAll
  static void stop() {
    titanic.close();
    regression.close();
  }

  static HttpResponse<String> post(ModelServer s, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + "/predict"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode health(ModelServer s) throws Exception {
    return Json.MAPPER.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port()
        + "/health")).build(), HttpResponse.BodyHandlers.ofString()).body());
  }

  /** A CSV row as the JSON object a client sends: numbers as numbers, empty cells as null, text as strings. */
  static String json(CsvRow row) {
    StringBuilder sb = new StringBuilder("{");
    for (String col : row.columns().keySet()) {
      String v = row.get(col);
      sb.append(sb.length() > 1 ? "," : "").append(Json.write(col)).append(':')
          .append(v == null || v.isEmpty() ? "null" : v.matches("-?\\d+(\\.\\d+)?") ? v : Json.write(v));
    }
    return sb.append('}').toString();
  }

  /** The predictions {@code ./fastj predict MODEL --csv FILE --json} prints, each without its line. */
  static List<JsonNode> predictCsv(Path model, Path csv) throws Exception {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    PrintStream old = System.out;
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      assertThat(CliRunner.run("predict", model.toString(), "--csv", csv.toString(), "--json")).isEqualTo(0);
    } finally {
      System.setOut(old);
    }
    String[] lines = buf.toString(StandardCharsets.UTF_8).strip().split("\n");
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode p : Json.MAPPER.readTree(lines[lines.length - 1]).get("predictions")) {
      ((ObjectNode) p).remove("line");
      out.add(p);
    }
    return out;
  }

  /**
   * The same keys in the same order, the same label and index, numbers to 1e-6 (the server predicts
   * a row in a batch of its own, the CLI in batches of 64, and a matrix product may round
   * differently for another batch size).
   */
  static void assertSameAnswer(JsonNode got, JsonNode want) {
    assertClose("answer", got, want);
  }

  private static void assertClose(String where, JsonNode got, JsonNode want) {
    assertThat(got).as(where).isNotNull();
    if (want.isNumber()) {
      assertThat(got.isNumber()).as(where + ": " + got).isTrue();
      assertThat(got.asDouble()).as(where).isCloseTo(want.asDouble(), within(1e-6));
    } else if (want.isObject()) {
      assertThat(keys(got)).as(where).isEqualTo(keys(want));
      for (String k : keys(want)) {
        assertClose(where + "." + k, got.get(k), want.get(k));
      }
    } else if (want.isArray()) {
      assertThat(got.size()).as(where).isEqualTo(want.size());
      for (int i = 0; i < want.size(); i++) {
        assertClose(where + "[" + i + "]", got.get(i), want.get(i));
      }
    } else {
      assertThat(got).as(where).isEqualTo(want);
    }
  }

  private static List<String> keys(JsonNode n) {
    List<String> out = new ArrayList<>();
    n.fieldNames().forEachRemaining(out::add);
    return out;
  }

  @Test
  void health_namesTheKindTheTargetAndTheColumns() throws Exception {
    JsonNode h = health(titanic);
    assertThat(h.get("kind").asText()).isEqualTo("tabular");
    assertThat(h.get("model").asText()).isEqualTo("titanic.fastj");
    assertThat(h.get("targets").toString()).isEqualTo("[\"survived\"]");
    assertThat(h.get("task").asText()).isEqualTo("classification");
    assertThat(h.get("classes").toString()).isEqualTo("[\"0\",\"1\"]");
    List<String> names = new ArrayList<>();
    h.get("columns").forEach(c -> names.add(c.get("name").asText()));
    assertThat(names).containsExactly("pclass", "sex", "sibsp", "parch", "embarked", "age", "fare");
    JsonNode sex = h.get("columns").get(1);
    assertThat(sex.get("type").asText()).isEqualTo("categorical");
    assertThat(sex.get("classes").toString()).isEqualTo("[\"female\",\"male\"]");
    JsonNode age = h.get("columns").get(5);
    assertThat(age.get("type").asText()).isEqualTo("continuous");
    assertThat(age.get("optional").asBoolean()).as("age had missing training values").isTrue();
    assertThat(age.get("fill").asDouble()).isEqualTo(28.0);

    JsonNode r = health(regression);
    assertThat(r.get("task").asText()).isEqualTo("regression");
    assertThat(r.get("targets").toString()).isEqualTo("[\"y\"]");
    assertThat(r.get("columns").get(1).get("optional").asBoolean()).as("x never missing: no fill value").isFalse();
  }

  @Test
  void eachRow_getsWhatPredictCsvJsonGivesIt(@TempDir Path dir) throws Exception {
    List<String> lines = Files.readAllLines(TabularDatasets.titanic());
    Path csv = dir.resolve("rows.csv");
    // six passengers, one with a missing age and fare and a port never seen in training
    Files.writeString(csv, String.join("\n", lines.subList(0, 7)) + "\n"
        + "3,0,\"X, Mr. Y\",male,,0,0,1,,,Z,,,,1\n");
    List<CsvRow> rows = Csv.rows(csv, Csv.Options.defaults().withTrim(true));
    List<JsonNode> want = predictCsv(TinyTables.titanic(), csv);
    assertThat(want).hasSize(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      HttpResponse<String> r = post(titanic, json(rows.get(i)));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
      assertSameAnswer(Json.MAPPER.readTree(r.body()), want.get(i));
    }

    Path reg = dir.resolve("reg.csv");
    Files.writeString(reg, "g,x\na,1.0\nb,-0.5\n");
    List<JsonNode> values = predictCsv(TinyTables.regression(), reg);
    JsonNode a = Json.MAPPER.readTree(post(regression, "{\"g\": \"a\", \"x\": 1.0}").body());
    assertThat(a.fieldNames().next()).isEqualTo("values");
    assertSameAnswer(a, values.get(0));
    assertSameAnswer(Json.MAPPER.readTree(post(regression, "{\"x\": -0.5, \"g\": \"b\", \"y\": 7}").body()),
        values.get(1));
  }

  @Test
  void missingColumns_areMissingValues_asFillMissingAndCategorifyHandleThem() throws Exception {
    Map<String, Object> row = new HashMap<>();
    for (String c : List.of("pclass", "sibsp", "parch", "embarked", "age", "fare")) {
      row.put(c, null);
    }
    row.put("sex", "female");
    Prediction want;
    try (Learner learn = Learner.load(TinyTables.titanic())) {
      want = learn.predictItem(row);
    }
    HttpResponse<String> r = post(titanic, "{\"sex\": \"female\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode got = Json.MAPPER.readTree(r.body());
    assertThat(got.get("label").asText()).isEqualTo(want.label());
    assertThat(got.get("probability").asDouble()).isCloseTo(want.probability(), within(1e-6));
    assertSameAnswer(Json.MAPPER.readTree(post(titanic, "{\"sex\": \"female\", \"age\": null, \"fare\": \"NA\"}")
        .body()), got);
    // an unseen category is #na#, as in fastai: the same answer as no value
    assertSameAnswer(Json.MAPPER.readTree(post(titanic, "{\"sex\": \"female\", \"embarked\": \"Atlantis\"}").body()),
        got);
  }

  @Test
  void theKindsOfBadInput_eachGetA400NamingTheValue_andTheServerGoesOn() throws Exception {
    assertError(post(titanic, ""), 400, "the request body is empty; send one JSON object of column to value, such as "
        + "{\"pclass\":\"1\"");
    assertError(post(titanic, "  \n"), 400, "is empty");
    assertError(post(titanic, "{\"sex\": \"female\",}"), 400, "the body is not valid JSON: ");
    assertError(post(titanic, "{\"sex\": \"female\""), 400, "not valid JSON: Unexpected end-of-input: expected close "
        + "marker for Object (line 1, column 17)");
    assertError(post(titanic, "[{\"sex\": \"female\"}]"), 400, "the body is a JSON array, not a JSON object");
    assertError(post(titanic, "42"), 400, "the body is the number 42, not a JSON object");
    assertError(post(titanic, "{\"sex\": \"female\", \"colour\": \"red\"}"), 400,
        "unknown column 'colour'; the model's columns are [pclass, sex, sibsp, parch, embarked, age, fare]");
    assertError(post(titanic, "{\"age\": \"old\"}"), 400, "continuous column 'age' is 'old' in the posted row, not a "
        + "number; give a number, or a missing value");
    assertError(post(titanic, "{\"fare\": true}"), 400, "continuous column 'fare' is 'true'");
    assertError(post(titanic, "{\"sex\": [\"female\"]}"), 400, "column 'sex' is a JSON array; give a string, a number or "
        + "null");
    assertError(post(titanic, "{\"sex\": \"female\", \"sex\": \"male\"}"), 400, "column 'sex' is given twice");
    assertError(post(titanic, "{\"sex\": \"female\"} {}"), 400, "goes on after its JSON object");
    assertError(post(regression, "{\"g\": \"a\"}"), 400, "continuous column 'x' is missing in the posted row");
    assertError(post(regression, "{\"g\": \"a\"}"), 400, "no fill value");
    assertThat(post(titanic, "{\"sex\": \"male\", \"pclass\": 3}").statusCode()).isEqualTo(200);
    assertThat(health(titanic).get("status").asText()).isEqualTo("ok");
  }

  @Test
  void concurrentRows_areBatched_andEachGetsItsOwnAnswer() throws Exception {
    Map<String, JsonNode> want = new LinkedHashMap<>();
    for (String sex : List.of("female", "male")) {
      for (int pclass = 1; pclass <= 3; pclass++) {
        String body = "{\"sex\": \"" + sex + "\", \"pclass\": " + pclass + ", \"age\": 30}";
        want.put(body, Json.MAPPER.readTree(post(titanic, body).body()));
      }
    }
    ExecutorService pool = Executors.newFixedThreadPool(12);
    try {
      List<Future<String[]>> answers = new ArrayList<>();
      for (int round = 0; round < 8; round++) {
        for (String body : want.keySet()) {
          answers.add(pool.submit(() -> new String[] {body, post(titanic, body).body()}));
        }
      }
      for (Future<String[]> f : answers) {
        String[] a = f.get();
        assertSameAnswer(Json.MAPPER.readTree(a[1]), want.get(a[0]));
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(health(titanic).get("largest_batch").asLong()).isGreaterThan(1);
  }

  @Test
  void page_isTheFormOfTheColumns_servedFromTheJar() throws Exception {
    for (String[] p : new String[][] {{"/", "/tabular.js"}, {"/tabular.js", "/predict"}, {"/result.js", "fastjResult"}}) {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + titanic.port()
          + p[0])).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains(p[1]).doesNotContain("http://").doesNotContain("https://");
    }
  }

  @Test
  void open_servesAnImageExportAsAnImageModel() {
    try (ServedModel<?> m = ServedModel.open(TinyFashion.model())) {
      assertThat(m.kind()).isEqualTo("image");
    }
    assertThatThrownBy(() -> new TabularRowModel(TinyFashion.model())).hasMessageContaining("is not a tabular model");
  }
}
