package dev.fastj.samples.web;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The JSON of the command line and the servers, on Jackson: the one-line objects that
 * {@code --json} prints last and the bodies {@code serve} and {@code clean} answer with.
 * Numbers are written as fastj always wrote them: a float as the double it widens to, a whole
 * number without a fraction ({@code 3}, not {@code 3.0}), NaN and the infinities as null (JSON
 * has no such numbers); a path as its string.
 */
public final class Json {

  /** The shared mapper (thread-safe once configured). */
  public static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new SimpleModule("fastj-numbers")
      .addSerializer(Double.class, new DoubleSerializer())
      .addSerializer(double.class, new DoubleSerializer())
      .addSerializer(Float.class, new FloatSerializer())
      .addSerializer(float.class, new FloatSerializer())
      .addSerializer(float[].class, new FloatArraySerializer())
      .addSerializer(Path.class, new PathSerializer()));

  private Json() {}

  /** {@code value} (maps, lists, strings, numbers, booleans, null, records) as one line of JSON. */
  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write " + value.getClass().getSimpleName() + " as JSON: "
          + e.getOriginalMessage(), e);
    }
  }

  static void number(JsonGenerator g, double d) throws IOException {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      g.writeNull();
    } else if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      g.writeNumber((long) d);
    } else {
      g.writeNumber(d);
    }
  }

  private static final class DoubleSerializer extends JsonSerializer<Double> {
    @Override
    public void serialize(Double v, JsonGenerator g, SerializerProvider p) throws IOException {
      number(g, v);
    }
  }

  private static final class FloatSerializer extends JsonSerializer<Float> {
    @Override
    public void serialize(Float v, JsonGenerator g, SerializerProvider p) throws IOException {
      number(g, v.doubleValue());
    }
  }

  private static final class FloatArraySerializer extends JsonSerializer<float[]> {
    @Override
    public void serialize(float[] v, JsonGenerator g, SerializerProvider p) throws IOException {
      g.writeStartArray();
      for (float f : v) {
        number(g, f);
      }
      g.writeEndArray();
    }
  }

  private static final class PathSerializer extends JsonSerializer<Path> {
    @Override
    public void serialize(Path v, JsonGenerator g, SerializerProvider p) throws IOException {
      g.writeString(v.toString());
    }
  }
}
