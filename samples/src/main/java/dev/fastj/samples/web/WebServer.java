package dev.fastj.samples.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server of {@code ./fastj serve} and {@code ./fastj clean}, on Jetty 12's core handlers
 * (no servlets): routes by method and exact path, pages and scripts from the jar, JSON answers,
 * errors as {@code {"error": "..."}} with one log line each, and a graceful stop (requests in
 * flight finish, new ones are refused) on {@link #close()} or SIGTERM.
 *
 * <p>A route answers asynchronously: it completes the Jetty {@link Callback} when its answer is
 * written, so a request waiting for a prediction batch holds no thread.
 */
public final class WebServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);

  /**
   * How much of a refused upload is read and thrown away before the 413 is written: closing a
   * connection with unread bytes makes the kernel reset it, and the client may then lose the
   * answer while it is still sending (nginx's lingering close does the same).
   */
  private static final long DRAIN_BYTES = 256L * 1024 * 1024;

  /** How long a stop waits for requests in flight. */
  private static final long STOP_TIMEOUT_MS = 30_000;

  /** One route: answers the request, completing {@code callback} when done (or failing it). */
  @FunctionalInterface
  public interface Route {
    void handle(Request request, Response response, Callback callback) throws Exception;
  }

  private final String name;
  private final Map<String, Route> routes = new LinkedHashMap<>();
  private Server server;

  /** A server whose log lines start with {@code name} ("serve", "clean"). */
  public WebServer(String name) {
    this.name = name;
  }

  /** Answers {@code method path} (an exact path) with {@code route}. */
  public WebServer route(String method, String path, Route route) {
    routes.put(method + " " + path, route);
    return this;
  }

  /** Answers {@code GET path} with a resource of the jar ({@code dev/fastj/samples/...}). */
  public WebServer resource(String path, String resource, String contentType) {
    byte[] bytes = readResource(resource);
    return route("GET", path, (req, resp, cb) -> {
      resp.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
      resp.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
      resp.write(true, ByteBuffer.wrap(bytes), cb);
    });
  }

  /** Starts listening on {@code host:port} (port 0: any free port); returns the port. */
  public int start(String host, int port) {
    QueuedThreadPool pool = new QueuedThreadPool(64, 4);
    pool.setName(name + "-http");
    server = new Server(pool);
    ServerConnector connector = new ServerConnector(server);
    connector.setHost(host);
    connector.setPort(port);
    server.addConnector(connector);
    server.setHandler(new GracefulHandler(new Router()));
    server.setStopTimeout(STOP_TIMEOUT_MS);
    server.setStopAtShutdown(false);
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on " + host + ":" + port + ": " + e.getMessage()
          + "; choose another --port or --host", e);
    } catch (Exception e) {
      throw new IllegalStateException("the server did not start: " + e.getMessage(), e);
    }
    return connector.getLocalPort();
  }

  /** The port listened on. */
  public int port() {
    return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
  }

  /** Waits until the server has stopped. */
  public void join() throws InterruptedException {
    server.join();
  }

  /** Stops gracefully: no new connections, requests in flight finish (up to 30 s). */
  @Override
  public void close() {
    if (server == null) {
      return;
    }
    try {
      server.stop();
    } catch (Exception e) {
      LOG.warn("{}: stopping the server: {}", name, e.toString());
    }
  }

  /** Writes {@code body} as JSON with {@code status}. */
  public static void json(Response response, Callback callback, int status, Object body) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
    response.write(true, ByteBuffer.wrap(Json.write(body).getBytes(StandardCharsets.UTF_8)), callback);
  }

  /** Writes {@code {"error": message}} with {@code status} and logs one line naming the request. */
  public void error(Request request, Response response, Callback callback, int status, String message) {
    LOG.warn("{}: {} {} from {}: {} {}", name, request.getMethod(), request.getHttpURI().getPath(),
        Request.getRemoteAddr(request), status, message);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", message);
    json(response, callback, status, body);
  }

  /** Writes the failure of a route: an {@link HttpError} as itself, anything else as a 500 with its message. */
  public void fail(Request request, Response response, Callback callback, Throwable t) {
    Throwable e = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    if (e instanceof HttpError h) {
      h.headers().forEach((k, v) -> response.getHeaders().put(k, v));
      if (h.status() == HttpStatus.PAYLOAD_TOO_LARGE_413) {
        drain(request, DRAIN_BYTES, () -> error(request, response, callback, h.status(), h.getMessage()));
      } else {
        error(request, response, callback, h.status(), h.getMessage());
      }
    } else {
      LOG.error("{}: {} {} failed", name, request.getMethod(), request.getHttpURI().getPath(), e);
      error(request, response, callback, HttpStatus.INTERNAL_SERVER_ERROR_500, "the server failed: " + e.getMessage());
    }
  }

  /**
   * The request body, at most {@code limit} bytes: a larger body (by its Content-Length, or
   * while reading one without) fails with a 413 naming the limit and the flag that sets it
   * ({@link #fail} then reads and drops the rest before answering).
   */
  public static CompletableFuture<byte[]> body(Request request, long limit, String flag) {
    CompletableFuture<byte[]> out = new CompletableFuture<>();
    long length = request.getLength();
    if (length > limit) {
      out.completeExceptionally(tooLarge(length, limit, flag));
      return out;
    }
    ByteArrayOutputStream buf = new ByteArrayOutputStream(length > 0 ? (int) length : 8192);
    readChunks(request, new ChunkSink() {
      private long seen;

      @Override
      public boolean take(ByteBuffer bytes, boolean last) {
        seen += bytes.remaining();
        if (seen > limit) {
          out.completeExceptionally(tooLarge(-1, limit, flag));
          return false;
        }
        byte[] b = new byte[bytes.remaining()];
        bytes.get(b);
        buf.writeBytes(b);
        if (last) {
          out.complete(buf.toByteArray());
        }
        return true;
      }

      @Override
      public void failed(Throwable t) {
        out.completeExceptionally(t);
      }
    });
    return out;
  }

  /** Reads and drops the rest of the request body (at most {@code max} bytes), then runs {@code then}. */
  static void drain(Request request, long max, Runnable then) {
    readChunks(request, new ChunkSink() {
      private long seen;

      @Override
      public boolean take(ByteBuffer bytes, boolean last) {
        seen += bytes.remaining();
        if (last || seen > max) {
          then.run();
          return false;
        }
        return true;
      }

      @Override
      public void failed(Throwable t) {
        then.run();
      }
    });
  }

  /** What {@link #readChunks} hands each chunk of a body to. */
  private interface ChunkSink {
    /** Takes the bytes of one chunk; false stops reading. */
    boolean take(ByteBuffer bytes, boolean last);

    void failed(Throwable t);
  }

  /** Reads the body chunk by chunk as it arrives (a demand callback while none is there), one reader at a time. */
  private static void readChunks(Request request, ChunkSink sink) {
    new Runnable() {
      @Override
      public void run() {
        while (true) {
          Content.Chunk chunk = request.read();
          if (chunk == null) {
            request.demand(this);
            return;
          }
          if (Content.Chunk.isFailure(chunk)) {
            sink.failed(chunk.getFailure());
            return;
          }
          boolean last = chunk.isLast();
          boolean more = sink.take(chunk.getByteBuffer(), last);
          chunk.release();
          if (!more || last) {
            return;
          }
        }
      }
    }.run();
  }

  static HttpError tooLarge(long length, long limit, String flag) {
    return new HttpError(HttpStatus.PAYLOAD_TOO_LARGE_413, "the upload " + (length >= 0 ? "of " + length + " bytes " : "")
        + "is larger than the limit of " + limit + " bytes; send a smaller file or start the server with a larger "
        + flag);
  }

  private static byte[] readResource(String resource) {
    try (InputStream in = WebServer.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("resource " + resource + " is not in the jar; rebuild with mvn package");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read resource " + resource + ": " + e.getMessage(), e);
    }
  }

  /** Finds the route of a request; 404 or 405 as JSON otherwise. */
  private final class Router extends Handler.Abstract {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      String path = request.getHttpURI().getPath();
      Route route = routes.get(request.getMethod() + " " + path);
      if (route == null) {
        boolean otherMethod = routes.keySet().stream().anyMatch(k -> k.endsWith(" " + path));
        if (otherMethod) {
          error(request, response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, request.getMethod() + " is not "
              + "allowed on " + path + "; use " + String.join(" or ", routes.keySet().stream()
                  .filter(k -> k.endsWith(" " + path)).map(k -> k.substring(0, k.indexOf(' '))).toList()));
        } else {
          error(request, response, callback, HttpStatus.NOT_FOUND_404, "no page or API at " + path
              + "; the routes are " + String.join(", ", routes.keySet()));
        }
        return true;
      }
      try {
        route.handle(request, response, callback);
      } catch (Exception e) {
        fail(request, response, callback, e);
      }
      return true;
    }
  }

  /** The address a started server is reached at, for messages. */
  public String address() {
    ServerConnector c = (ServerConnector) server.getConnectors()[0];
    String host = c.getHost() == null || c.getHost().equals("0.0.0.0") ? "localhost" : c.getHost();
    return "http://" + host + ":" + c.getLocalPort() + "/";
  }
}
