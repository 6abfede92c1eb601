package dev.fastj.samples.web;

import java.util.Map;

/**
 * A request the server refuses, with the HTTP status to answer and a message that says what was
 * wrong and what to do; {@link WebServer#fail} writes it as {@code {"error": message}}.
 */
public final class HttpError extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final transient Map<String, String> headers;

  /** A refusal with {@code status} (4xx or 503) and {@code message}. */
  public HttpError(int status, String message) {
    this(status, message, Map.of());
  }

  /** A refusal that also sets response headers ({@code Retry-After}, say). */
  public HttpError(int status, String message, Map<String, String> headers) {
    super(message);
    this.status = status;
    this.headers = Map.copyOf(headers);
  }

  public int status() {
    return status;
  }

  /** Headers the answer carries. */
  public Map<String, String> headers() {
    return headers;
  }
}
