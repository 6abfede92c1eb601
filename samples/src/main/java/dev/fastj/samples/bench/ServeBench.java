package dev.fastj.samples.bench;

import dev.fastj.samples.serve.Batcher;
import dev.fastj.samples.serve.ImageModel;
import dev.fastj.samples.serve.ModelServer;
import dev.fastj.samples.web.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The load generator of {@code ./fastj bench-serve}: requests per second and p50/p99 latency of
 * {@code POST /predict} at 1, 8 and 32 concurrent clients (each sends its next image as soon as
 * it has the answer), against the same server predicting one image at a time ({@code --max-batch
 * 1 --max-wait-ms 0}, as a Flask app of the course does). Server and clients run in this JVM on
 * loopback, so the clients' own work is in both columns alike; each measurement is bounded in
 * time and in requests, and follows a warm-up of the JVM at every client count and one of its own
 * server.
 */
public final class ServeBench {

  /** Most requests one measurement sends, whatever its duration. */
  private static final int MAX_REQUESTS = 200_000;

  /** One measurement. */
  public record Row(String mode, int clients, double requestsPerSecond, double p50Ms, double p99Ms, long requests,
      long errors, double meanBatch, double ratio, double ratioMin, double ratioMax) {}

  private ServeBench() {}

  /**
   * Runs the table for {@code model} with the images {@code images}: for each client count,
   * {@code rounds} rounds that alternate the two modes (which one goes first alternates too), each
   * measurement after its own warm-up; a row holds the medians over the rounds, and the ratio
   * (batched over one-at-a-time) is the median of the rounds' ratios, as DESIGN.md asks of
   * comparisons on these shared machines. Prints the table and returns the rows.
   */
  public static List<Row> run(Path model, List<Path> images, int[] clients, double seconds, double warmup, int rounds) {
    List<byte[]> bodies = new ArrayList<>();
    for (Path f : images) {
      try {
        bodies.add(Files.readAllBytes(f));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + f + ": " + e.getMessage(), e);
      }
    }
    Map<String, ModelServer.Options> modes = new LinkedHashMap<>();
    modes.put("batched", ModelServer.Options.defaults());
    modes.put("one-at-a-time", ModelServer.Options.defaults().withBatching(Batcher.Options.defaults().withMaxBatch(1)
        .withMaxWait(Duration.ZERO)));
    System.out.printf(Locale.ROOT, "POST /predict of %s, %d images, %d rounds of %.0f s per mode and client count, "
        + "%d processors; medians over the rounds%n", model.getFileName(), bodies.size(), rounds, seconds,
        Runtime.getRuntime().availableProcessors());
    System.out.printf(Locale.ROOT, "%-14s %8s %10s %9s %9s %11s %22s%n", "mode", "clients", "req/s", "p50 ms", "p99 ms",
        "mean batch", "batched/one (min-max)");
    List<ModelServer> servers = new ArrayList<>();
    List<Row> rows = new ArrayList<>();
    try {
      for (ModelServer.Options o : modes.values()) {
        servers.add(ModelServer.start(new ImageModel(model), o, "127.0.0.1", 0));
      }
      List<String> names = new ArrayList<>(modes.keySet());
      // the JVM's first seconds (JIT of server, client and decoder) would otherwise go to the first measurement
      int most = Arrays.stream(clients).max().orElse(1);
      for (ModelServer server : servers) {
        load(URI.create("http://127.0.0.1:" + server.port() + "/predict"), bodies, most, warmup);
      }
      for (int c : clients) {
        List<List<Row>> measured = List.of(new ArrayList<>(), new ArrayList<>());
        for (int r = 0; r < rounds; r++) {
          for (int k = 0; k < 2; k++) {
            int m = (r % 2 == 0) ? k : 1 - k;
            measured.get(m).add(measure(servers.get(m), names.get(m), bodies, c, seconds, warmup));
          }
        }
        double[] ratios = new double[rounds];
        for (int r = 0; r < rounds; r++) {
          ratios[r] = measured.get(0).get(r).requestsPerSecond() / measured.get(1).get(r).requestsPerSecond();
        }
        Arrays.sort(ratios);
        for (int m = 0; m < 2; m++) {
          List<Row> ms = measured.get(m);
          Row row = new Row(names.get(m), c, median(ms, Row::requestsPerSecond), median(ms, Row::p50Ms),
              median(ms, Row::p99Ms), ms.stream().mapToLong(Row::requests).sum(),
              ms.stream().mapToLong(Row::errors).sum(), median(ms, Row::meanBatch), m == 0 ? ratios[rounds / 2] : 1,
              m == 0 ? ratios[0] : 1, m == 0 ? ratios[rounds - 1] : 1);
          rows.add(row);
          System.out.printf(Locale.ROOT, "%-14s %8d %10.1f %9.2f %9.2f %11.1f %22s%s%n", row.mode(), c,
              row.requestsPerSecond(), row.p50Ms(), row.p99Ms(), row.meanBatch(), m == 0 ? String.format(Locale.ROOT,
                  "%.2fx (%.2f-%.2f)", row.ratio(), row.ratioMin(), row.ratioMax()) : "",
              row.errors() > 0 ? "  (" + row.errors() + " errors)" : "");
        }
      }
    } finally {
      servers.forEach(ModelServer::close);
    }
    return rows;
  }

  /** One warmed-up measurement of {@code server}, with the mean batch size it ran meanwhile. */
  private static Row measure(ModelServer server, String mode, List<byte[]> bodies, int clients, double seconds,
      double warmup) {
    URI uri = URI.create("http://127.0.0.1:" + server.port() + "/predict");
    load(uri, bodies, clients, warmup);
    long[] before = batchStats(server);
    Row r = load(uri, bodies, clients, seconds);
    long[] after = batchStats(server);
    double meanBatch = (after[1] - before[1]) / (double) Math.max(1, after[0] - before[0]);
    return new Row(mode, clients, r.requestsPerSecond(), r.p50Ms(), r.p99Ms(), r.requests(), r.errors(), meanBatch,
        1, 1, 1);
  }

  private static double median(List<Row> rows, java.util.function.ToDoubleFunction<Row> f) {
    double[] v = rows.stream().mapToDouble(f).sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  /** {@code clients} threads sending images for {@code seconds}; latencies of the 200 answers. */
  static Row load(URI uri, List<byte[]> bodies, int clients, double seconds) {
    HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(Math.max(2, clients))).build();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    long end = System.nanoTime() + (long) (seconds * 1e9);
    AtomicInteger sent = new AtomicInteger();
    AtomicInteger errors = new AtomicInteger();
    List<Future<List<Long>>> futures = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int t = 0; t < clients; t++) {
      int offset = t;
      futures.add(pool.submit(() -> {
        List<Long> lat = new ArrayList<>();
        int i = offset;
        while (System.nanoTime() < end && sent.incrementAndGet() <= MAX_REQUESTS) {
          byte[] body = bodies.get(i++ % bodies.size());
          long s = System.nanoTime();
          HttpResponse<Void> r = http.send(HttpRequest.newBuilder(uri).header("Content-Type", "image/png")
              .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.discarding());
          if (r.statusCode() == 200) {
            lat.add(System.nanoTime() - s);
          } else {
            errors.incrementAndGet();
          }
        }
        return lat;
      }));
    }
    List<Long> all = new ArrayList<>();
    try {
      for (Future<List<Long>> f : futures) {
        all.addAll(f.get());
      }
    } catch (Exception e) {
      throw new IllegalStateException("a client failed: " + e.getMessage(), e);
    } finally {
      pool.shutdownNow();
      ((ExecutorService) http.executor().orElseThrow()).shutdownNow();
    }
    double elapsed = (System.nanoTime() - t0) / 1e9;
    long[] sorted = all.stream().mapToLong(Long::longValue).sorted().toArray();
    return new Row("", clients, sorted.length / elapsed, percentile(sorted, 0.50) / 1e6, percentile(sorted, 0.99) / 1e6,
        sorted.length, errors.get(), 0, 1, 1, 1);
  }

  /** The nearest-rank percentile of sorted values (NaN when empty). */
  static double percentile(long[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  private static long[] batchStats(ModelServer server) {
    try {
      String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
          + server.port() + "/health")).build(), HttpResponse.BodyHandlers.ofString()).body();
      var h = Json.MAPPER.readTree(body);
      return new long[] {h.get("batches").asLong(), h.get("items").asLong()};
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The rows as the JSON object {@code --json} prints. */
  public static Map<String, Object> json(List<Row> rows) {
    Map<String, Object> m = new LinkedHashMap<>();
    List<Object> out = new ArrayList<>();
    for (Row r : rows) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("mode", r.mode());
      o.put("clients", r.clients());
      o.put("requests_per_second", r.requestsPerSecond());
      o.put("p50_ms", r.p50Ms());
      o.put("p99_ms", r.p99Ms());
      o.put("requests", r.requests());
      o.put("errors", r.errors());
      o.put("mean_batch", r.meanBatch());
      o.put("requests_per_second_vs_one_at_a_time", r.ratio());
      out.add(o);
    }
    m.put("rows", out);
    m.put("clients", Arrays.stream(rows.stream().mapToInt(Row::clients).distinct().toArray()).boxed().toList());
    return m;
  }
}
