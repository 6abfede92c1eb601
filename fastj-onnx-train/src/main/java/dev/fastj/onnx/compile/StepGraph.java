package dev.fastj.onnx.compile;

import dev.fastj.onnx.graph.Graph;
import java.util.List;
import java.util.Map;

/**
 * A compiled graph with the names a runner needs to feed and read it.
 *
 * @param graph the graph
 * @param stateInputs names of the state tensors it reads (parameters, buffers, optimizer state),
 *     which are also the keys the runner keeps them under
 * @param stateOutputs state key to the graph output holding its value after the step (empty
 *     outside the train step)
 * @param lossOutput graph output of the mean loss, or null (predict graph)
 * @param rawOutput graph output of the model's raw output
 * @param trained indices (in the parameter list) of the parameters this step updates, in the
 *     order of the optimizer's per-parameter inputs
 * @param hyperInputs names of the hyper-parameter inputs (empty outside the train step)
 */
public record StepGraph(Graph graph, List<String> stateInputs, Map<String, String> stateOutputs,
    String lossOutput, String rawOutput, int[] trained, List<String> hyperInputs) {

  /** Name of the graph input holding the batch's (single) model input. */
  public static final String INPUT = "input";

  /** Name of the graph input holding the batch's target. */
  public static final String TARGET = "target";

  public StepGraph {
    stateInputs = List.copyOf(stateInputs);
    stateOutputs = Map.copyOf(stateOutputs);
    trained = trained.clone();
    hyperInputs = List.copyOf(hyperInputs);
  }

  @Override
  public int[] trained() {
    return trained.clone();
  }
}
