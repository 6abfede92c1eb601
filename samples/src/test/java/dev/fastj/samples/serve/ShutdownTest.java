package dev.fastj.samples.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fastj.learner.Prediction;
import dev.fastj.samples.TinyFashion;
import dev.fastj.samples.web.Json;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** A full queue over HTTP, and the graceful stop: requests in flight finish, in process and on SIGTERM. */
class ShutdownTest {

  /** An image model whose predictions wait for a latch. */
  static final class SlowModel implements ServedModel<Integer> {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    public String kind() {
      return "image";
    }

    public List<String> classes() {
      return List.of("a", "b");
    }

    public Map<String, Object> describe() {
      return Map.of("model", "slow");
    }

    public Integer prepare(Upload u) {
      return u.bytes().length;
    }

    public List<Prediction> predict(List<Integer> in) {
      entered.countDown();
      try {
        release.await(20, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return in.stream().map(n -> new Prediction("a", 0, new float[] {0.75f, 0.25f}, List.of("a", "b"))).toList();
    }

    public String page() {
      return "image.html";
    }

    public void close() {}
  }

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static CompletableFuture<HttpResponse<String>> post(ModelServer s) {
    return HTTP.sendAsync(HttpRequest.newBuilder(ServeTest.uri(s, "/predict")).header("Content-Type", "image/png")
        .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {1, 2, 3})).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aFullQueue_answers503WithRetryAfter() throws Exception {
    SlowModel model = new SlowModel();
    ModelServer s = ModelServer.start(model, ModelServer.Options.defaults().withBatching(Batcher.Options.defaults()
        .withMaxBatch(1).withQueueSize(1)), "127.0.0.1", 0);
    try {
      CompletableFuture<HttpResponse<String>> running = post(s);
      assertThat(model.entered.await(10, TimeUnit.SECONDS)).isTrue();
      CompletableFuture<HttpResponse<String>> queued = post(s);
      long until = System.nanoTime() + 10_000_000_000L;
      while (queued(s) < 1 && System.nanoTime() < until) {
        Thread.sleep(10);
      }
      HttpResponse<String> refused = post(s).get(10, TimeUnit.SECONDS);
      assertThat(refused.statusCode()).isEqualTo(503);
      assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
      assertThat(Json.MAPPER.readTree(refused.body()).get("error").asText()).contains("busy");
      model.release.countDown();
      assertThat(running.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
      assertThat(queued.get(10, TimeUnit.SECONDS).body()).isEqualTo(
          "{\"label\":\"a\",\"index\":0,\"probability\":0.75,\"probabilities\":{\"a\":0.75,\"b\":0.25}}");
    } finally {
      model.release.countDown();
      s.close();
    }
  }

  private static int queued(ModelServer s) throws Exception {
    return Json.MAPPER.readTree(HTTP.send(HttpRequest.newBuilder(ServeTest.uri(s, "/health")).build(),
        HttpResponse.BodyHandlers.ofString()).body()).get("queued").asInt();
  }

  @Test
  void close_letsTheRequestInFlightFinish_thenRefusesConnections() throws Exception {
    SlowModel model = new SlowModel();
    ModelServer s = ModelServer.start(model, ModelServer.Options.defaults(), "127.0.0.1", 0);
    int port = s.port();
    CompletableFuture<HttpResponse<String>> inFlight = post(s);
    assertThat(model.entered.await(10, TimeUnit.SECONDS)).isTrue();
    Thread closer = new Thread(s::close);
    closer.start();
    Thread.sleep(300);
    assertThat(inFlight).isNotDone();
    model.release.countDown();
    assertThat(inFlight.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    closer.join(10_000);
    assertThat(closer.isAlive()).isFalse();
    assertThatThrownBy(() -> HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
        .build(), HttpResponse.BodyHandlers.ofString())).isInstanceOf(java.io.IOException.class);
  }

  @Test
  void sigterm_stopsTheServeCommandGracefully() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "dev.fastj.samples.cli.Main",
        "serve", TinyFashion.model().toString(), "--port", "0", "--host", "127.0.0.1").redirectErrorStream(true).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String line;
      int port = -1;
      StringBuilder seen = new StringBuilder();
      while (port < 0 && (line = out.readLine()) != null) {
        seen.append(line).append('\n');
        Matcher m = Pattern.compile("at http://[^:]+:(\\d+)/").matcher(line);
        if (m.find()) {
          port = Integer.parseInt(m.group(1));
        }
      }
      assertThat(port).as(seen.toString()).isPositive();
      byte[] png = Files.readAllBytes(TinyFashion.testImages(1).get(0));
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
          + "/predict")).header("Content-Type", "image/png").POST(HttpRequest.BodyPublishers.ofByteArray(png)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      p.toHandle().destroy(); // SIGTERM, leaving our end of the pipe open (Process.destroy closes it)
      StringBuilder rest = new StringBuilder();
      while ((line = out.readLine()) != null) {
        rest.append(line).append('\n');
      }
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(rest).contains("serve: stopping; answering the requests in flight");
      assertThat(p.exitValue()).isIn(0, 143);
    } finally {
      p.destroyForcibly();
    }
  }
}
