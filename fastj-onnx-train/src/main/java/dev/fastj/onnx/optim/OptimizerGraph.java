package dev.fastj.onnx.optim;

import dev.fastj.optim.OptimizerSpec;
import dev.fastj.onnx.graph.GraphBuilder;
import dev.fastj.spi.Hyper;
import java.util.List;
import java.util.Map;

/**
 * An optimizer written as ONNX nodes inside the train-step graph: for each trained parameter,
 * the new value and the new optimizer state are computed from the gradient in the same run as
 * the forward and backward passes.
 *
 * <p>Every value a schedule changes is a graph input, so no schedule rebuilds a graph: the
 * inputs are float vectors named {@code hyper.<kind>} with one entry per trained parameter (in
 * the order the parameters were given to {@link #declareInputs}), and {@link #feed} computes
 * them from the per-group values of a {@link Hyper} (SGD feeds lr, mom and wd as they are; Adam
 * feeds values derived from them and the step count). Keeping one entry per parameter rather
 * than per group means that regrouping parameters ({@code setParamGroups}) needs no new graph
 * either.
 */
public interface OptimizerGraph {

  /** Names of the state tensors kept per parameter, PyTorch's ({@code exp_avg}, ...). */
  List<String> stateKinds();

  /**
   * Declares the hyper-parameter inputs for {@code nParams} trained parameters and splits them
   * into per-parameter scalars; returns them for {@link #update}.
   */
  HyperValues declareInputs(GraphBuilder b, int nParams);

  /**
   * Emits the update of one parameter.
   *
   * @param index the parameter's position among the trained ones (its hyper-parameter entry)
   * @param param graph value holding the parameter
   * @param grad graph value holding its gradient
   * @param state graph values of its state, by kind
   * @param decay false for parameters that get no weight decay (norm and bias, by default)
   * @return the new parameter under key {@code ""} and the new state by kind
   */
  Map<String, String> update(GraphBuilder b, HyperValues h, int index, String param, String grad,
      Map<String, String> state, boolean decay);

  /**
   * The values of the hyper-parameter inputs for one step: each input name to its float values.
   *
   * @param groupOfParam the group of each trained parameter, in declaration order
   */
  Map<String, float[]> feed(Hyper hyper, int[] groupOfParam);

  /** The optimizer graph for {@code spec}. */
  static OptimizerGraph of(OptimizerSpec spec) {
    if (spec instanceof OptimizerSpec.Adam a) {
      return new AdamGraph(a);
    }
    if (spec instanceof OptimizerSpec.Sgd s) {
      return new SgdGraph(s);
    }
    throw new IllegalArgumentException("no optimizer graph for " + spec);
  }
}
