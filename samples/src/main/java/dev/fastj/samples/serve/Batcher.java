package dev.fastj.samples.serve;

import static com.google.common.base.Preconditions.checkArgument;

import dev.fastj.samples.web.HttpError;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Gathers concurrent requests into batches for one model: a bounded queue and one worker thread
 * that takes the oldest request, waits at most {@code maxWait} for more (up to {@code maxBatch}),
 * predicts them in one call and completes each request's future. Under load the queue fills while
 * a batch runs, so the next batch is larger and throughput grows. The worker waits only for
 * requests it knows are coming (submitted with {@link #submit(CompletionStage)} while their input
 * is still being read and decoded), so a lone request is predicted at once. A full queue refuses
 * at once with a 503 and {@code Retry-After}.
 *
 * @param <I> a prepared input (a decoded image, say)
 * @param <O> its answer
 */
public final class Batcher<I, O> implements AutoCloseable {

  /** Options with their defaults: batches of up to 32, a 2 ms wait, 256 requests queued. */
  public record Options(int maxBatch, Duration maxWait, int queueSize) {

    /** Checks the values, naming the flag that sets each. */
    public Options {
      checkArgument(maxBatch >= 1, "--max-batch must be at least 1, got %s", maxBatch);
      checkArgument(!maxWait.isNegative(), "--max-wait-ms must be 0 or more, got %s", maxWait.toMillis());
      checkArgument(queueSize >= 1, "--queue must be at least 1, got %s", queueSize);
    }

    public static Options defaults() {
      return new Options(32, Duration.ofMillis(2), 256);
    }

    public Options withMaxBatch(int n) {
      return new Options(n, maxWait, queueSize);
    }

    public Options withMaxWait(Duration d) {
      return new Options(maxBatch, d, queueSize);
    }

    public Options withQueueSize(int n) {
      return new Options(maxBatch, maxWait, n);
    }
  }

  private record Job<I, O>(I input, CompletableFuture<O> result) {}

  private final Function<List<I>, List<O>> predict;
  private final Options options;
  private final BlockingQueue<Job<I, O>> queue;
  private final Thread worker;
  private final AtomicLong batches = new AtomicLong();
  private final AtomicLong items = new AtomicLong();
  private final AtomicLong largest = new AtomicLong();
  /** Requests whose input is still being prepared: the worker waits for them (up to maxWait). */
  private final AtomicInteger expected = new AtomicInteger();
  private volatile boolean closed;

  /** Starts the worker; {@code predict} answers a batch with one output per input, in order. */
  public Batcher(Function<List<I>, List<O>> predict, Options options, String name) {
    this.predict = predict;
    this.options = options;
    this.queue = new ArrayBlockingQueue<>(options.queueSize());
    this.worker = new Thread(this::work, name + "-batcher");
    worker.setDaemon(true);
    worker.start();
  }

  /**
   * Queues {@code input}; the future completes with its answer, or fails with the batch's error.
   *
   * @throws HttpError 503 with {@code Retry-After} when the queue is full or the server stops
   */
  public CompletableFuture<O> submit(I input) {
    if (closed) {
      throw new HttpError(503, "the server is shutting down; retry on another instance", Map.of("Retry-After", "5"));
    }
    Job<I, O> job = new Job<>(input, new CompletableFuture<>());
    if (!queue.offer(job)) {
      throw new HttpError(503, "the server is busy: " + options.queueSize() + " requests are waiting (--queue); "
          + "retry in a second", Map.of("Retry-After", "1"));
    }
    return job.result();
  }

  /**
   * Queues the input once {@code input} completes (the body read and decoded on the request's
   * thread); meanwhile the worker knows it is coming and waits for it to join the batch.
   * A failed input fails the answer with the same error.
   */
  public CompletableFuture<O> submit(CompletionStage<I> input) {
    if (closed) {
      return CompletableFuture.failedFuture(new HttpError(503, "the server is shutting down; retry on another instance",
          Map.of("Retry-After", "5")));
    }
    expected.incrementAndGet();
    return input.toCompletableFuture().handle((in, e) -> {
      // no longer expected before it is queued: a worker that looks in between runs without it
      // rather than waiting for a request that is already here
      expected.decrementAndGet();
      if (e != null) {
        throw e instanceof CompletionException c ? c : new CompletionException(e);
      }
      return submit(in);
    }).thenCompose(f -> f);
  }

  /** Requests queued now. */
  public int queued() {
    return queue.size();
  }

  /** Batches run, items predicted and the largest batch so far. */
  public Map<String, Long> stats() {
    Map<String, Long> m = new LinkedHashMap<>();
    m.put("batches", batches.get());
    m.put("items", items.get());
    m.put("largest_batch", largest.get());
    return m;
  }

  public Options options() {
    return options;
  }

  private void work() {
    List<Job<I, O>> batch = new ArrayList<>();
    while (!closed || !queue.isEmpty()) {
      try {
        Job<I, O> first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        long deadline = System.nanoTime() + options.maxWait().toNanos();
        while (batch.size() < options.maxBatch()) {
          queue.drainTo(batch, options.maxBatch() - batch.size());
          long left = deadline - System.nanoTime();
          if (batch.size() >= options.maxBatch() || left <= 0 || expected.get() == 0) {
            break;
          }
          Job<I, O> next = queue.poll(left, TimeUnit.NANOSECONDS);
          if (next == null) {
            break;
          }
          batch.add(next);
        }
        run(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } finally {
        batch.clear();
      }
    }
  }

  private void run(List<Job<I, O>> batch) {
    List<I> inputs = new ArrayList<>(batch.size());
    for (Job<I, O> j : batch) {
      inputs.add(j.input());
    }
    List<O> out;
    try {
      out = predict.apply(inputs);
      if (out.size() != batch.size()) {
        throw new IllegalStateException("a batch of " + batch.size() + " gave " + out.size() + " answers");
      }
    } catch (RuntimeException e) {
      count(batch.size());
      for (Job<I, O> j : batch) {
        j.result().completeExceptionally(e);
      }
      return;
    }
    // counted before the answers go out, so that whoever has an answer sees its batch in stats()
    count(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      batch.get(i).result().complete(out.get(i));
    }
  }

  private void count(int size) {
    batches.incrementAndGet();
    items.addAndGet(size);
    largest.accumulateAndGet(size, Math::max);
  }

  /** Refuses new requests, answers the queued ones, then stops the worker. */
  @Override
  public void close() {
    closed = true;
    try {
      worker.join(60_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
