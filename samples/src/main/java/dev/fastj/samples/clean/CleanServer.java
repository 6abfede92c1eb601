package dev.fastj.samples.clean;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.fastj.samples.web.HttpError;
import dev.fastj.samples.web.Json;
import dev.fastj.samples.web.WebServer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * {@code ./fastj clean}: the page at {@code /} and its JSON API over a {@link Cleaner}.
 * <ul>
 *   <li>{@code GET /api/classes}: the model's classes, {@code ["Bag", "Sneaker", ...]};
 *   <li>{@code GET /api/status}: {@code {"state": "computing"|"ready"|"failed", "done", "total"}}, the
 *       progress of the losses;
 *   <li>{@code GET /api/items?label=L&split=train|valid}: {@code [{"id", "path", "label", "predicted",
 *       "loss"}]}, highest loss first (an unreadable image first, with an {@code "error"});
 *   <li>{@code GET /api/image?id=ID}: the image file;
 *   <li>{@code POST /api/apply} with {@code [{"id", "action": "keep|delete|move", "label"}]}: what
 *       was done for each ({@code "result"}: kept, unchanged, moved, deleted, already done;
 *       {@code "from"}, {@code "to"});
 *   <li>{@code POST /api/undo}: the files the last apply's undo restored.
 * </ul>
 */
public final class CleanServer implements AutoCloseable {

  private static final long MAX_BODY = 4L * 1024 * 1024;

  private final Cleaner cleaner;
  private final WebServer web = new WebServer("clean");

  private CleanServer(Cleaner cleaner) {
    this.cleaner = cleaner;
    web.resource("/", "dev/fastj/samples/clean/clean.html", "text/html; charset=utf-8")
        .resource("/clean.js", "dev/fastj/samples/clean/clean.js", "text/javascript; charset=utf-8")
        .resource("/fastj.css", "dev/fastj/samples/web/fastj.css", "text/css; charset=utf-8")
        .route("GET", "/api/classes", (req, resp, cb) -> WebServer.json(resp, cb, 200, cleaner.classes()))
        .route("GET", "/api/status", (req, resp, cb) -> WebServer.json(resp, cb, 200, cleaner.status()))
        .route("GET", "/api/items", this::items)
        .route("GET", "/api/image", this::image)
        .route("POST", "/api/apply", this::apply)
        .route("POST", "/api/undo", (req, resp, cb) -> answer(req, resp, cb, cleaner::undo));
  }

  /** Serves {@code cleaner} on {@code host:port} (0: a free port); the server owns it. */
  public static CleanServer start(Cleaner cleaner, String host, int port) {
    CleanServer s = new CleanServer(cleaner);
    try {
      s.web.start(host, port);
    } catch (RuntimeException e) {
      cleaner.close();
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

  private void items(Request req, Response resp, Callback cb) {
    Fields q = Request.extractQueryParameters(req);
    String label = q.getValue("label");
    String split = q.getValue("split") == null ? "train" : q.getValue("split");
    if (label == null) {
      web.error(req, resp, cb, 400, "give the class: /api/items?label=L&split=train|valid (GET /api/classes lists them)");
      return;
    }
    answer(req, resp, cb, () -> cleaner.items(label, split));
  }

  private void image(Request req, Response resp, Callback cb) throws IOException {
    String id = Request.extractQueryParameters(req).getValue("id");
    Cleaner.Item item = id == null ? null : cleaner.item(id);
    if (item == null) {
      web.error(req, resp, cb, 404, "no image with id '" + id + "'; GET /api/items lists them");
      return;
    }
    Path file = Path.of(item.path());
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    String ext = name.substring(name.lastIndexOf('.') + 1);
    resp.getHeaders().put(HttpHeader.CONTENT_TYPE, "image/" + (ext.equals("jpg") ? "jpeg" : ext));
    resp.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
    resp.write(true, ByteBuffer.wrap(Files.readAllBytes(file)), cb);
  }

  private void apply(Request req, Response resp, Callback cb) {
    WebServer.body(req, MAX_BODY, "body (the choices of one apply)").whenComplete((bytes, e) -> {
      if (e != null) {
        web.fail(req, resp, cb, e);
        return;
      }
      List<Cleaner.Choice> choices;
      try {
        choices = Json.MAPPER.readValue(bytes, new TypeReference<List<Cleaner.Choice>>() {});
      } catch (IOException bad) {
        String why = bad instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage()
            : bad.getMessage();
        web.error(req, resp, cb, 400, "the body is not a JSON list of choices [{\"id\", \"action\": "
            + "\"keep|delete|move\", \"label\"}]: " + why);
        return;
      } catch (RuntimeException bad) {
        web.fail(req, resp, cb, bad);
        return;
      }
      answer(req, resp, cb, () -> cleaner.apply(choices));
    });
  }

  /** Answers with the value of {@code work}: a refused argument as 400, losses not ready as 503. */
  private void answer(Request req, Response resp, Callback cb, Supplier<Object> work) {
    try {
      WebServer.json(resp, cb, 200, work.get());
    } catch (IllegalArgumentException e) {
      web.fail(req, resp, cb, new HttpError(400, e.getMessage()));
    } catch (IllegalStateException e) {
      web.fail(req, resp, cb, cleaner.ready() ? new HttpError(409, e.getMessage())
          : new HttpError(503, e.getMessage(), Map.of("Retry-After", "1")));
    } catch (RuntimeException e) {
      web.fail(req, resp, cb, e);
    }
  }

  /** Stops the server and frees the model. */
  @Override
  public void close() {
    web.close();
    cleaner.close();
  }

  /** Stops the same way on SIGTERM or Ctrl-C. */
  public void closeOnShutdown() {
    Runtime.getRuntime().addShutdownHook(new Thread(this::close, "clean-shutdown"));
  }
}
