package dev.fastj.samples.serve;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fastj.learner.Learner;
import dev.fastj.learner.Prediction;
import dev.fastj.spi.InputRecipe;
import dev.fastj.samples.web.HttpError;
import dev.fastj.text.TextRecipe;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An exported text classifier ({@code ./fastj train-text}) behind the server: each request is one
 * text, a {@code text/plain} body (UTF-8; invalid bytes are replaced, as {@code ./fastj predict}
 * reads a {@code .txt}) or a JSON object {@code {"text": "..."}}, predicted in batches through
 * {@link Learner#predictBatch}, so that each text gets what {@code predict} gives it.
 */
public final class TextModel extends LoadedModel<String> {

  private final String name;
  private final TextRecipe recipe;

  /** Serves {@code learner}, a loaded text export named {@code name}; owns the learner. */
  TextModel(Learner learner, String name) {
    super(text(learner, name));
    this.name = name;
    this.recipe = (TextRecipe) learner.inputRecipe();
  }

  private static Learner text(Learner learner, String name) {
    InputRecipe r = learner.inputRecipe();
    if (!(r instanceof TextRecipe)) {
      learner.close();
      throw new IllegalArgumentException(name + " is not a text model (it has no text recipe); export one with "
          + "./fastj train-text");
    }
    return learner;
  }

  @Override
  public String kind() {
    return "text";
  }

  /** The model's name, its vocabulary's size and the tokens it reads of each text (the last ones). */
  @Override
  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("model", name);
    m.put("vocab_size", recipe.vocab().size());
    m.put("max_len", recipe.length());
    return m;
  }

  @Override
  public String prepare(Upload upload) {
    byte[] body = upload.bytes();
    String type = upload.contentType() == null ? "" : upload.contentType().toLowerCase(Locale.ROOT);
    String text;
    if (type.startsWith("application/json")) {
      try {
        JsonNode n = dev.fastj.samples.web.Json.MAPPER.readTree(body);
        if (n == null || !n.isObject() || !n.has("text") || !n.get("text").isTextual()) {
          throw new HttpError(400, "the body is JSON but not an object with a string \"text\"; send "
              + "{\"text\": \"...\"} or the text itself as text/plain");
        }
        text = n.get("text").asText();
      } catch (IOException e) {
        throw new HttpError(400, "the body is not valid JSON: " + e.getMessage().lines().findFirst().orElse("")
            + "; send {\"text\": \"...\"} or the text itself as text/plain");
      }
    } else if (type.isEmpty() || type.startsWith("text/")) {
      text = utf8(body);
    } else {
      throw new HttpError(415, "the body has content type '" + upload.contentType() + "'; send the text as "
          + "text/plain (UTF-8) or {\"text\": \"...\"} as application/json");
    }
    if (text.isBlank()) {
      throw new HttpError(400, upload.describe() + " holds no text; send the text to classify");
    }
    return text;
  }

  private static String utf8(byte[] b) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
    } catch (CharacterCodingException e) {
      return new String(b, StandardCharsets.UTF_8);
    }
  }

  @Override
  public Map<String, Object> answer(Prediction p) {
    return dev.fastj.samples.web.PredictionJson.of(p);
  }

  @Override
  public String page() {
    return "text.html";
  }
}
