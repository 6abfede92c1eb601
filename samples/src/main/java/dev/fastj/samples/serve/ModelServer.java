package dev.fastj.samples.serve;

import dev.fastj.learner.Prediction;
import dev.fastj.samples.web.HttpError;
import dev.fastj.samples.web.WebServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.MultiPart;
import org.eclipse.jetty.http.MultiPartConfig;
import org.eclipse.jetty.http.MultiPartFormData;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code ./fastj serve}: a page at {@code /}, {@code POST /predict} and {@code GET /health} for a
 * {@link ServedModel}, with concurrent requests gathered by a {@link Batcher}.
 *
 * <pre>{@code
 * try (ModelServer s = ModelServer.start(new ImageModel(Path.of("fashion.fastj")), Options.defaults(), "localhost", 8080)) {
 *   s.join();
 * }
 * }</pre>
 */
public final class ModelServer implements AutoCloseable {

  /** What the server takes besides the model: the batching and the upload limit (10 MB). */
  public record Options(Batcher.Options batching, long maxUploadBytes) {

    public Options {
      if (maxUploadBytes < 1) {
        throw new IllegalArgumentException("--max-upload-mb must be positive, got " + maxUploadBytes + " bytes");
      }
    }

    public static Options defaults() {
      return new Options(Batcher.Options.defaults(), 10L * 1024 * 1024);
    }

    public Options withBatching(Batcher.Options b) {
      return new Options(b, maxUploadBytes);
    }

    public Options withMaxUploadBytes(long n) {
      return new Options(batching, n);
    }
  }

  private static final String UPLOAD_FLAG = "--max-upload-mb";

  private final ServedModel<Object> model;
  private final Batcher<Object, Prediction> batcher;
  private final Options options;
  private final WebServer web = new WebServer("serve");
  private final Path multipartTemp;

  @SuppressWarnings("unchecked")
  private ModelServer(ServedModel<?> model, Options options) throws IOException {
    this.model = (ServedModel<Object>) model;
    this.options = options;
    this.batcher = new Batcher<>(this.model::predict, options.batching(), "serve");
    this.multipartTemp = Files.createTempDirectory("fastj-serve");
    web.resource("/", "dev/fastj/samples/serve/" + model.page(), "text/html; charset=utf-8")
        .resource("/fastj.css", "dev/fastj/samples/web/fastj.css", "text/css; charset=utf-8")
        .resource("/result.js", "dev/fastj/samples/serve/result.js", "text/javascript; charset=utf-8")
        .resource("/" + model.kind() + ".js", "dev/fastj/samples/serve/" + model.kind() + ".js",
            "text/javascript; charset=utf-8")
        .route("GET", "/health", this::health)
        .route("POST", "/predict", this::predict);
  }

  /** Starts serving {@code model} on {@code host:port} (0: a free port). The server owns the model. */
  public static ModelServer start(ServedModel<?> model, Options options, String host, int port) {
    ModelServer s;
    try {
      s = new ModelServer(model, options);
    } catch (IOException e) {
      model.close();
      throw new UncheckedIOException("cannot create a temporary folder for uploads: " + e.getMessage(), e);
    }
    try {
      s.web.start(host, port);
    } catch (RuntimeException e) {
      s.batcher.close();
      model.close();
      throw e;
    }
    return s;
  }

  public int port() {
    return web.port();
  }

  public String address() {
    return web.address();
  }

  public void join() throws InterruptedException {
    web.join();
  }

  private void health(Request request, Response response, Callback callback) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("status", "ok");
    m.put("kind", model.kind());
    m.putAll(model.describe());
    m.put("classes", model.classes());
    m.put("queued", batcher.queued());
    m.putAll(batcher.stats());
    WebServer.json(response, callback, 200, m);
  }

  private void predict(Request request, Response response, Callback callback) {
    batcher.submit(upload(request).thenApply(model::prepare))
        .whenComplete((p, e) -> {
          if (e != null) {
            web.fail(request, response, callback, e);
          } else {
            WebServer.json(response, callback, 200, model.answer(p));
          }
        });
  }

  /** The raw body, or the field {@code file} of a multipart form. */
  private CompletableFuture<Upload> upload(Request request) {
    String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
    long limit = options.maxUploadBytes();
    if (type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
      if (request.getLength() > limit + 64 * 1024) {
        return CompletableFuture.failedFuture(new HttpError(413, "the upload of " + request.getLength()
            + " bytes is larger than the limit of " + limit + " bytes; send a smaller file or start the server with a "
            + "larger " + UPLOAD_FLAG));
      }
      MultiPartConfig config = new MultiPartConfig.Builder().location(multipartTemp).maxParts(8)
          .maxPartSize(limit).maxSize(limit + 64 * 1024).maxMemoryPartSize(limit).build();
      return MultiPartFormData.from(request, request, type, config)
          .handle((parts, e) -> {
            if (e != null) {
              Throwable c = e instanceof CompletionException && e.getCause() != null
                  ? e.getCause() : e;
              throw new HttpError(c.getMessage() != null && c.getMessage().toLowerCase(Locale.ROOT).contains("max")
                  ? 413 : 400, "cannot read the multipart form: " + c.getMessage() + "; send the image in the field "
                  + "'file' of at most " + limit + " bytes (" + UPLOAD_FLAG + ")");
            }
            try (parts) {
              MultiPart.Part file = parts.getFirst("file");
              if (file == null) {
                throw new HttpError(400, "the multipart form has no field 'file'; send the image as 'file'");
              }
              ByteBuffer content = Content.Source.asByteBuffer(file.getContentSource());
              byte[] bytes = new byte[content.remaining()];
              content.get(bytes);
              return new Upload(file.getHeaders().get(HttpHeader.CONTENT_TYPE), bytes, file.getFileName());
            } catch (IOException io) {
              throw new HttpError(400, "cannot read the field 'file': " + io.getMessage());
            }
          });
    }
    return WebServer.body(request, limit, UPLOAD_FLAG).thenApply(b -> new Upload(type, b, null));
  }

  /** Stops gracefully: requests in flight (and queued) are answered, new ones refused; then frees the model. */
  @Override
  public void close() {
    web.close();
    batcher.close();
    model.close();
    try (var files = Files.walk(multipartTemp)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // a temporary folder left behind is harmless
    }
  }

  /** Stops on SIGTERM or Ctrl-C the same way. */
  public void closeOnShutdown() {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.err.println("serve: stopping; answering the requests in flight");
      close();
    }, "serve-shutdown"));
  }
}
