package dev.fastj.onnx.optim;

import java.util.List;
import java.util.Map;

/**
 * The per-parameter hyper-parameter values inside a train-step graph: for each input kind
 * ({@code lr}, {@code mom}, {@code wd}, ...) the graph value holding parameter {@code i}'s entry,
 * shaped [1], and the scalar inputs shared by all parameters.
 *
 * @param perParam input kind to the list of per-parameter values
 * @param shared shared scalar inputs by kind (Adam's second-moment bias correction)
 */
public record HyperValues(Map<String, List<String>> perParam, Map<String, String> shared) {

  /** The value of {@code kind} for parameter {@code index}. */
  public String of(String kind, int index) {
    return perParam.get(kind).get(index);
  }

  /** A shared scalar input. */
  public String shared(String kind) {
    return shared.get(kind);
  }
}
