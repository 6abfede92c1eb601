package dev.fastj.samples.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fastj.learner.Learner;
import dev.fastj.learner.Prediction;
import dev.fastj.samples.TinyFashion;
import dev.fastj.samples.web.Json;
import dev.fastj.samples.web.PredictionJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code ./fastj serve} over HTTP: the answers, the page, bad input, and many clients at once. */
class ServeTest {

  private static ModelServer server;
  private static HttpClient http;
  private static Learner single;

  @BeforeAll
  static void start() {
    server = ModelServer.start(new ImageModel(TinyFashion.model()), ModelServer.Options.defaults(), "127.0.0.1", 0);
    http = HttpClient.newHttpClient();
    single = Learner.load(TinyFashion.model());
  }

  @AfterAll
  static void stop() {
    server.close();
    single.close();
  }

  static URI uri(ModelServer s, String path) {
    return URI.create("http://127.0.0.1:" + s.port() + path);
  }

  static HttpResponse<String> post(ModelServer s, String type, byte[] body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(s, "/predict")).POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (type != null) {
      b.header("Content-Type", type);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** What ./fastj predict MODEL FILE --json prints for the file, without the "file" key. */
  static String expected(Path file) {
    Prediction p = single.predict(file);
    return Json.write(PredictionJson.of(p));
  }

  @Test
  void health_namesTheModelItsKindAndClasses() throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri(server, "/health")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode h = Json.MAPPER.readTree(r.body());
    assertThat(h.get("status").asText()).isEqualTo("ok");
    assertThat(h.get("kind").asText()).isEqualTo("image");
    assertThat(h.get("model").asText()).isEqualTo("tiny.fastj");
    assertThat(h.get("classes").toString()).isEqualTo("[\"Bag\",\"Sneaker\",\"Trouser\"]");
    assertThat(h.get("input").get("channels").asInt()).isEqualTo(1);
  }

  @Test
  void predict_rawBodyAndMultipart_answerWhatPredictJsonPrints() throws Exception {
    for (Path f : TinyFashion.testImages(2)) {
      HttpResponse<String> r = post(server, "image/png", Files.readAllBytes(f));
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
      assertThat(r.body()).isEqualTo(expected(f));
      String boundary = "----fastj" + f.getFileName();
      byte[] form = multipart(boundary, "file", f.getFileName().toString(), "image/png", Files.readAllBytes(f));
      HttpResponse<String> m = post(server, "multipart/form-data; boundary=" + boundary, form);
      assertThat(m.statusCode()).as(m.body()).isEqualTo(200);
      assertThat(m.body()).isEqualTo(expected(f));
    }
  }

  @Test
  void predict_answersExactlyThePredictCommandsJson(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path f = TinyFashion.testImages(1).get(0);
    java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
    java.io.PrintStream old = System.out;
    System.setOut(new java.io.PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      dev.fastj.samples.cli.CliRunner.run("predict", TinyFashion.model().toString(), f.toString(), "--json");
    } finally {
      System.setOut(old);
    }
    String[] lines = buf.toString(StandardCharsets.UTF_8).strip().split("\n");
    JsonNode cli = Json.MAPPER.readTree(lines[lines.length - 1]).get("predictions").get(0);
    ((com.fasterxml.jackson.databind.node.ObjectNode) cli).remove("file");
    assertThat(post(server, "image/png", Files.readAllBytes(f)).body()).isEqualTo(Json.MAPPER.writeValueAsString(cli));
  }

  @Test
  void theKindsOfBadInput_eachGetA4xxNamingTheProblem_andTheServerGoesOn() throws Exception {
    Path png = TinyFashion.testImages(1).get(0);
    byte[] bytes = Files.readAllBytes(png);
    assertError(post(server, "text/plain", bytes), 415, "content type 'text/plain'");
    assertError(post(server, null, bytes), 415, "content type none");
    assertError(post(server, "image/png", new byte[0]), 400, "empty");
    assertError(post(server, "image/png", "hello, not an image".getBytes(StandardCharsets.UTF_8)), 400,
        "unsupported or unrecognised image format");
    byte[] jpeg = jpeg(png);
    assertError(post(server, "image/jpeg", Arrays.copyOf(jpeg, jpeg.length / 2)), 400, "corrupt or truncated");
    byte[] big = new byte[10 * 1024 * 1024 + 1];
    assertError(post(server, "image/png", big), 413, "larger than the limit of 10485760 bytes");
    // 50 MB without a Content-Length (chunked): the limit holds while reading
    byte[] huge = new byte[50 * 1024 * 1024];
    HttpResponse<String> chunked = http.send(HttpRequest.newBuilder(uri(server, "/predict")).header("Content-Type",
        "image/png").POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(huge))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertError(chunked, 413, "larger than the limit of 10485760 bytes");
    String boundary = "----x";
    assertError(post(server, "multipart/form-data; boundary=" + boundary,
        multipart(boundary, "image", "a.png", "image/png", bytes)), 400, "no field 'file'");
    assertError(post(server, "multipart/form-data; boundary=" + boundary,
        multipart(boundary, "file", "a.txt", "text/plain", bytes)), 415, "'a.txt'");
    assertError(http.send(HttpRequest.newBuilder(uri(server, "/predict")).build(), HttpResponse.BodyHandlers.ofString()),
        405, "use POST");
    assertError(http.send(HttpRequest.newBuilder(uri(server, "/nothing")).build(), HttpResponse.BodyHandlers.ofString()),
        404, "/nothing");
    assertThat(post(server, "image/png", bytes).body()).isEqualTo(expected(png));
  }

  @Test
  void page_isServedFromTheJarWithItsScriptAndStyle() throws Exception {
    for (String[] p : new String[][] {{"/", "text/html", "/image.js"}, {"/image.js", "text/javascript", "/predict"},
        {"/fastj.css", "text/css", ".bar"}}) {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri(server, p[0])).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith(p[1]);
      assertThat(r.body()).contains(p[2]).doesNotContain("http://").doesNotContain("https://");
    }
  }

  @Test
  void manyConcurrentRequests_eachAnswerEqualsTheSingleImagePrediction_andTheyAreBatched() throws Exception {
    List<Path> files = TinyFashion.testImages(12);
    Map<Path, String> want = new java.util.HashMap<>();
    for (Path f : files) {
      want.put(f, expected(f));
    }
    long batchesBefore = health().get("batches").asLong();
    long itemsBefore = health().get("items").asLong();
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<String[]>> answers = new ArrayList<>();
      for (int round = 0; round < 4; round++) {
        for (Path f : files) {
          answers.add(pool.submit(() -> new String[] {f.toString(), post(server, "image/png", Files.readAllBytes(f)).body()}));
        }
      }
      for (Future<String[]> a : answers) {
        String[] r = a.get();
        assertThat(r[1]).as(r[0]).isEqualTo(want.get(Path.of(r[0])));
      }
      JsonNode h = health();
      long batches = h.get("batches").asLong() - batchesBefore;
      long items = h.get("items").asLong() - itemsBefore;
      assertThat(items).isEqualTo(answers.size());
      assertThat(batches).as("144 requests from 16 clients in fewer calls").isLessThan(items);
      assertThat(h.get("largest_batch").asLong()).isGreaterThan(1);
    } finally {
      pool.shutdownNow();
    }
  }

  private static JsonNode health() throws Exception {
    return Json.MAPPER.readTree(http.send(HttpRequest.newBuilder(uri(server, "/health")).build(),
        HttpResponse.BodyHandlers.ofString()).body());
  }

  static void assertError(HttpResponse<String> r, int status, String says) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    JsonNode e = Json.MAPPER.readTree(r.body());
    assertThat(e.get("error").asText()).contains(says);
  }

  static byte[] multipart(String boundary, String field, String fileName, String type, byte[] content) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\"" + fileName
        + "\"\r\nContent-Type: " + type + "\r\n\r\n";
    out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
    out.writeBytes(content);
    out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  static byte[] jpeg(Path png) throws Exception {
    java.awt.image.BufferedImage im = javax.imageio.ImageIO.read(png.toFile());
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    javax.imageio.ImageIO.write(im, "jpg", out);
    return out.toByteArray();
  }
}
