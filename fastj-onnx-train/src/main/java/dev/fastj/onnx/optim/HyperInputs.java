package dev.fastj.onnx.optim;

import dev.fastj.onnx.graph.DataType;
import dev.fastj.onnx.graph.GraphBuilder;
import dev.fastj.spi.Hyper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Helpers shared by the optimizer graphs: declaring and feeding per-parameter inputs. */
final class HyperInputs {

  /** Prefix of every hyper-parameter input name. */
  static final String PREFIX = "hyper.";

  private HyperInputs() {}

  /**
   * Declares the float input {@code hyper.<kind>} of shape [n] and splits it into n values of
   * shape [1] with one Split node (one node rather than n Gathers).
   */
  static List<String> perParam(GraphBuilder b, String kind, int n) {
    String in = b.input(PREFIX + kind, DataType.FLOAT, n);
    if (n == 1) {
      return List.of(in);
    }
    return b.op("Split", List.of(in), Map.of("axis", 0L, "num_outputs", (long) n), n);
  }

  /** Declares a shared float input {@code hyper.<kind>} of shape [1]. */
  static String shared(GraphBuilder b, String kind) {
    return b.input(PREFIX + kind, DataType.FLOAT, 1);
  }

  /** Each parameter's value of a per-group setting. */
  static float[] expand(double[] perGroup, int[] groupOfParam, String what) {
    float[] out = new float[groupOfParam.length];
    for (int i = 0; i < out.length; i++) {
      int g = groupOfParam[i];
      if (g < 0 || g >= perGroup.length) {
        throw new IllegalArgumentException("parameter " + i + " is in group " + g + " but the hyper-parameters have "
            + perGroup.length + " values of " + what + "; give one value per group (setParamGroups)");
      }
      out[i] = (float) perGroup[g];
    }
    return out;
  }

  /** lr, mom and wd expanded to one value per parameter. */
  static Map<String, float[]> basic(Hyper h, int[] groupOfParam) {
    return new java.util.LinkedHashMap<>(Map.of(
        PREFIX + "lr", expand(h.lr(), groupOfParam, "lr"),
        PREFIX + "mom", expand(h.mom(), groupOfParam, "mom"),
        PREFIX + "wd", expand(h.wd(), groupOfParam, "wd")));
  }

  /** The three basic per-parameter inputs, declared. */
  static Map<String, List<String>> declareBasic(GraphBuilder b, int n) {
    Map<String, List<String>> m = new java.util.LinkedHashMap<>();
    for (String k : List.of("lr", "mom", "wd")) {
      m.put(k, new ArrayList<>(perParam(b, k, n)));
    }
    return m;
  }
}
