package dev.fastj.onnx.graph;

import java.util.Arrays;

/**
 * A node attribute: its name, ONNX attribute type and value. Values are stored as
 * {@code Long} (INT), {@code Float} (FLOAT), {@code String} (STRING), {@code long[]} (INTS),
 * {@code float[]} (FLOATS), {@code String[]} (STRINGS), {@link Tensor} (TENSOR),
 * {@link Graph} (GRAPH), {@code Tensor[]} (TENSORS) or {@code Graph[]} (GRAPHS).
 */
public record Attribute(String name, Type type, Object value) {

  /** AttributeProto.AttributeType codes. */
  public enum Type {
    FLOAT(1),
    INT(2),
    STRING(3),
    TENSOR(4),
    GRAPH(5),
    FLOATS(6),
    INTS(7),
    STRINGS(8),
    TENSORS(9),
    GRAPHS(10);

    private final int code;

    Type(int code) {
      this.code = code;
    }

    public int code() {
      return code;
    }

    public static Type fromCode(int code) {
      for (Type t : values()) {
        if (t.code == code) {
          return t;
        }
      }
      throw new IllegalArgumentException("unsupported ONNX attribute type " + code);
    }
  }

  /**
   * An attribute from a plain Java value: Integer/Long, Float/Double, String, int[]/long[],
   * float[]/double[], String[], Tensor or Graph.
   */
  public static Attribute of(String name, Object value) {
    if (value instanceof Long || value instanceof Integer || value instanceof Short) {
      return new Attribute(name, Type.INT, ((Number) value).longValue());
    }
    if (value instanceof Boolean b) {
      return new Attribute(name, Type.INT, b ? 1L : 0L);
    }
    if (value instanceof Float || value instanceof Double) {
      return new Attribute(name, Type.FLOAT, ((Number) value).floatValue());
    }
    if (value instanceof String s) {
      return new Attribute(name, Type.STRING, s);
    }
    if (value instanceof long[] a) {
      return new Attribute(name, Type.INTS, a.clone());
    }
    if (value instanceof int[] a) {
      return new Attribute(name, Type.INTS, Arrays.stream(a).asLongStream().toArray());
    }
    if (value instanceof float[] a) {
      return new Attribute(name, Type.FLOATS, a.clone());
    }
    if (value instanceof double[] a) {
      float[] f = new float[a.length];
      for (int i = 0; i < a.length; i++) {
        f[i] = (float) a[i];
      }
      return new Attribute(name, Type.FLOATS, f);
    }
    if (value instanceof String[] a) {
      return new Attribute(name, Type.STRINGS, a.clone());
    }
    if (value instanceof Tensor t) {
      return new Attribute(name, Type.TENSOR, t);
    }
    if (value instanceof Graph g) {
      return new Attribute(name, Type.GRAPH, g);
    }
    if (value instanceof Tensor[] a) {
      return new Attribute(name, Type.TENSORS, a.clone());
    }
    if (value instanceof Graph[] a) {
      return new Attribute(name, Type.GRAPHS, a.clone());
    }
    throw new IllegalArgumentException("attribute " + name + " has unsupported value type "
        + (value == null ? "null" : value.getClass().getSimpleName()));
  }

  public long asLong() {
    return (Long) value;
  }

  public float asFloat() {
    return (Float) value;
  }

  public String asString() {
    return (String) value;
  }

  public long[] asLongs() {
    return ((long[]) value).clone();
  }

  public float[] asFloats() {
    return ((float[]) value).clone();
  }

  public Tensor asTensor() {
    return (Tensor) value;
  }

  public Graph asGraph() {
    return (Graph) value;
  }

  @Override
  public String toString() {
    Object v = value;
    if (v instanceof long[] a) {
      return name + "=" + Arrays.toString(a);
    }
    if (v instanceof float[] a) {
      return name + "=" + Arrays.toString(a);
    }
    if (v instanceof Object[] a) {
      return name + "=" + Arrays.toString(a);
    }
    return name + "=" + v;
  }
}
