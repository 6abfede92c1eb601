package dev.fastj.samples.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fastj.samples.web.HttpError;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The batching queue: batches grow with load, the wait is bounded, a full queue refuses, close drains. */
class BatcherTest {

  /** Doubles its inputs; the first call blocks until released, so that the queue fills meanwhile. */
  static final class Gate {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final List<Integer> sizes = new java.util.concurrent.CopyOnWriteArrayList<>();

    List<Integer> predict(List<Integer> in) {
      sizes.add(in.size());
      entered.countDown();
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return in.stream().map(i -> 2 * i).toList();
    }
  }

  @Test
  void requestsQueuedWhileABatchRuns_formTheNextBatch_upToMaxBatch() throws Exception {
    Gate gate = new Gate();
    try (Batcher<Integer, Integer> b = new Batcher<>(gate::predict, Batcher.Options.defaults().withMaxBatch(4), "t")) {
      CompletableFuture<Integer> first = b.submit(0);
      assertThat(gate.entered.await(5, TimeUnit.SECONDS)).isTrue();
      List<CompletableFuture<Integer>> more = new ArrayList<>();
      for (int i = 1; i <= 6; i++) {
        more.add(b.submit(i));
      }
      gate.release.countDown();
      assertThat(first.get(5, TimeUnit.SECONDS)).isZero();
      for (int i = 0; i < more.size(); i++) {
        assertThat(more.get(i).get(5, TimeUnit.SECONDS)).isEqualTo(2 * (i + 1));
      }
      assertThat(gate.sizes).containsExactly(1, 4, 2);
      assertThat(b.stats()).containsEntry("batches", 3L).containsEntry("items", 7L).containsEntry("largest_batch", 4L);
    }
  }

  @Test
  void aLoneRequest_isPredictedAtOnce_butARequestStillBeingPrepared_isWaitedFor() throws Exception {
    List<Integer> sizes = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (Batcher<Integer, Integer> b = new Batcher<>(in -> {
      sizes.add(in.size());
      return in;
    }, Batcher.Options.defaults().withMaxWait(Duration.ofMillis(2000)), "t")) {
      long t0 = System.nanoTime();
      assertThat(b.submit(5).get(5, TimeUnit.SECONDS)).isEqualTo(5);
      assertThat((System.nanoTime() - t0) / 1e6).as("nothing else is coming: no wait").isLessThan(1000.0);
      CompletableFuture<Integer> decoding = new CompletableFuture<>();
      CompletableFuture<Integer> later = b.submit(decoding);
      CompletableFuture<Integer> now = b.submit(CompletableFuture.completedFuture(1));
      Thread.sleep(100);
      assertThat(now).as("waits for the request being decoded").isNotDone();
      decoding.complete(2);
      assertThat(now.get(5, TimeUnit.SECONDS)).isEqualTo(1);
      assertThat(later.get(5, TimeUnit.SECONDS)).isEqualTo(2);
      assertThat(sizes).containsExactly(1, 2);
    }
  }

  @Test
  void theWaitForOthers_isBoundedByMaxWait() throws Exception {
    try (Batcher<Integer, Integer> b = new Batcher<>(in -> in, Batcher.Options.defaults()
        .withMaxWait(Duration.ofMillis(150)), "t")) {
      CompletableFuture<Integer> never = new CompletableFuture<>();
      b.submit(never);
      long t0 = System.nanoTime();
      assertThat(b.submit(7).get(5, TimeUnit.SECONDS)).isEqualTo(7);
      assertThat((System.nanoTime() - t0) / 1e6).isBetween(140.0, 3000.0);
      never.completeExceptionally(new IllegalStateException("decoding failed"));
    }
  }

  @Test
  void aFailedInput_failsItsAnswerWithTheSameError() {
    try (Batcher<Integer, Integer> b = new Batcher<>(in -> in, Batcher.Options.defaults(), "t")) {
      CompletableFuture<Integer> f = b.submit(CompletableFuture.failedFuture(new HttpError(415, "not an image")));
      assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(HttpError.class)
          .hasMessageContaining("not an image");
    }
  }

  @Test
  void aFullQueue_refusesWith503AndRetryAfter() throws Exception {
    Gate gate = new Gate();
    try (Batcher<Integer, Integer> b = new Batcher<>(gate::predict, Batcher.Options.defaults().withQueueSize(2), "t")) {
      b.submit(0);
      assertThat(gate.entered.await(5, TimeUnit.SECONDS)).isTrue();
      b.submit(1);
      b.submit(2);
      assertThatThrownBy(() -> b.submit(3)).isInstanceOfSatisfying(HttpError.class, e -> {
        assertThat(e.status()).isEqualTo(503);
        assertThat(e.headers()).containsEntry("Retry-After", "1");
        assertThat(e.getMessage()).contains("2 requests are waiting (--queue)");
      });
      gate.release.countDown();
    }
  }

  @Test
  void aFailingBatch_failsEachOfItsRequests_andTheNextBatchRuns() throws Exception {
    List<Integer> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (Batcher<Integer, Integer> b = new Batcher<>(in -> {
      calls.add(in.get(0));
      if (in.contains(-1)) {
        throw new IllegalStateException("model failed");
      }
      return in;
    }, Batcher.Options.defaults(), "t")) {
      CompletableFuture<Integer> bad = b.submit(-1);
      assertThatThrownBy(() -> bad.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
          .hasMessageContaining("model failed");
      assertThat(b.submit(3).get(5, TimeUnit.SECONDS)).isEqualTo(3);
    }
  }

  @Test
  void close_answersWhatIsQueued_thenRefuses() throws Exception {
    Gate gate = new Gate();
    Batcher<Integer, Integer> b = new Batcher<>(gate::predict, Batcher.Options.defaults(), "t");
    CompletableFuture<Integer> first = b.submit(1);
    assertThat(gate.entered.await(5, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<Integer> queued = b.submit(2);
    Thread closer = new Thread(b::close);
    closer.start();
    HttpError refused = null;
    for (long until = System.nanoTime() + 10_000_000_000L; refused == null && System.nanoTime() < until; ) {
      try {
        b.submit(3);
        Thread.sleep(5);
      } catch (HttpError e) {
        refused = e;
      }
    }
    assertThat(refused).isNotNull();
    assertThat(refused.getMessage()).contains("shutting down");
    gate.release.countDown();
    closer.join(5000);
    assertThat(first.get()).isEqualTo(2);
    assertThat(queued.get()).isEqualTo(4);
  }

  @Test
  void options_refuseValuesOutOfRangeNamingTheFlag() {
    assertThatThrownBy(() -> Batcher.Options.defaults().withMaxBatch(0)).hasMessageContaining("--max-batch");
    assertThatThrownBy(() -> Batcher.Options.defaults().withQueueSize(0)).hasMessageContaining("--queue");
    assertThatThrownBy(() -> Batcher.Options.defaults().withMaxWait(Duration.ofMillis(-1)))
        .hasMessageContaining("--max-wait-ms");
  }
}
