package dev.fastj.samples.serve;

/**
 * The body of one {@code POST /predict}: the raw body, or the field {@code file} of a multipart
 * form, with its content type (null when the client sent none) and its file name (null for a raw
 * body).
 */
public record Upload(String contentType, byte[] bytes, String fileName) {

  /** A name for messages: the file name, or "the request body". */
  public String describe() {
    return fileName != null ? "'" + fileName + "'" : "the request body";
  }
}
