package dev.fastj.samples.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fastj.data.CategoryBlock;
import dev.fastj.data.DataBlock;
import dev.fastj.data.Labels;
import dev.fastj.data.Splitters;
import dev.fastj.learner.Learner;
import dev.fastj.learner.Prediction;
import dev.fastj.samples.web.Json;
import dev.fastj.text.TextBlock;
import dev.fastj.text.TextDataLoaders;
import dev.fastj.text.TextFiles;
import dev.fastj.text.TextLearner;
import dev.fastj.text.models.AwdLstm;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./fastj serve} of a text classifier: text/plain or {"text": ...} in, the answer of {@code predict} out. */
class TextServeTest {

  @TempDir
  static Path dir;

  private static ModelServer server;
  private static Path model;
  private static HttpClient http;

  @BeforeAll
  static void start() throws Exception {
    Path root = dir.resolve("texts");
    String[][] own = {{"good", "great", "fine"}, {"bad", "awful", "sad"}};
    String[] names = {"pos", "neg"};
    Random r = new Random(2);
    for (int c = 0; c < 2; c++) {
      Files.createDirectories(root.resolve(names[c]));
      for (int i = 0; i < 30; i++) {
        StringBuilder sb = new StringBuilder();
        for (int w = 0, n = 5 + r.nextInt(40); w < n; w++) {
          sb.append(w == 0 ? "" : " ").append(r.nextBoolean() ? own[c][r.nextInt(3)] : "the");
        }
        Files.writeString(root.resolve(names[c]).resolve(i + ".txt"), sb + "\n");
      }
    }
    TextDataLoaders dls = (TextDataLoaders) DataBlock.of(TextBlock.fromFolder(root, false), CategoryBlock.create())
        .getItems(TextFiles::get).getY(Labels.parentLabel()).splitter(Splitters.random(0.2, 42)).dataloaders(root, 8);
    model = dir.resolve("texts.fastj");
    try (TextLearner learn = TextLearner.classifier(dls, AwdLstm.config().withSizes(16, 24, 1), 0.5, 72,
        b -> b.seed(1).progress(null).path(dir))) {
      learn.fitOneCycle(1, 1e-2);
      learn.export(model);
    }
    server = ModelServer.start(ServedModel.open(model), ModelServer.Options.defaults(), "127.0.0.1", 0);
    http = HttpClient.newHttpClient();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpResponse<String> post(String type, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/predict"))
        .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void plainTextAndJson_getWhatPredictGives() throws Exception {
    String text = "good great the fine good";
    Prediction expected;
    try (Learner inf = Learner.load(model)) {
      expected = inf.predict(text);
    }
    for (HttpResponse<String> r : java.util.List.of(post("text/plain; charset=utf-8", text),
        post("application/json", Json.write(java.util.Map.of("text", text))))) {
      assertThat(r.statusCode()).isEqualTo(200);
      JsonNode a = Json.MAPPER.readTree(r.body());
      assertThat(a.get("label").asText()).isEqualTo(expected.label());
      assertThat(a.get("probability").asDouble()).isCloseTo(expected.probability(),
          org.assertj.core.api.Assertions.within(1e-5));
    }
    JsonNode health = Json.MAPPER.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
        + server.port() + "/health")).build(), HttpResponse.BodyHandlers.ofString()).body());
    assertThat(health.get("kind").asText()).isEqualTo("text");
    assertThat(health.get("max_len").asInt()).isEqualTo(72);
    String page = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    assertThat(page).contains("textarea").contains("/text.js");
  }

  @Test
  void badBodies_getA4xxThatSaysWhatToSend() throws Exception {
    HttpResponse<String> empty = post("text/plain", "  ");
    assertThat(empty.statusCode()).isEqualTo(400);
    assertThat(empty.body()).contains("no text");
    HttpResponse<String> json = post("application/json", "{\"words\": 3}");
    assertThat(json.statusCode()).isEqualTo(400);
    assertThat(json.body()).contains("{\\\"text\\\": \\\"...\\\"}");
    HttpResponse<String> image = post("image/png", "xx");
    assertThat(image.statusCode()).isEqualTo(415);
    assertThat(image.body()).contains("text/plain");
  }
}
