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
 * @param lossScaleInput name of the scalar float32 input multiplying the loss before the backward
 *     pass, or null (a step that is not mixed precision)
 * @param gradsFiniteOutput name of the boolean scalar output that is false when a gradient
 *     overflowed (the caller then keeps the old state), or null (a step that is not mixed precision)
 */
public record StepGraph(Graph graph, List<String> stateInputs, Map<String, String> stateOutputs,
    String lossOutput, String rawOutput, int[] trained, List<String> hyperInputs, String lossScaleInput,
    String gradsFiniteOutput) {

  /** Name of the graph input holding the batch's (single) model input. */
  public static final String INPUT = "input";

  /** Name of the graph input holding the batch's target. */
  public static final String TARGET = "target";

  /** Name of a mixed-precision train step's input holding the loss scale (a float32 scalar). */
  public static final String LOSS_SCALE = "loss_scale";

  public StepGraph {
    stateInputs = List.copyOf(stateInputs);
    stateOutputs = Map.copyOf(stateOutputs);
    trained = trained.clone();
    hyperInputs = List.copyOf(hyperInputs);
  }

  /** A float32 step graph (no loss scale, no overflow check). */
  public StepGraph(Graph graph, List<String> stateInputs, Map<String, String> stateOutputs, String lossOutput,
      String rawOutput, int[] trained, List<String> hyperInputs) {
    this(graph, stateInputs, stateOutputs, lossOutput, rawOutput, trained, hyperInputs, null, null);
  }

  /** True for a mixed-precision train step. */
  public boolean mixedPrecision() {
    return lossScaleInput != null;
  }

  @Override
  public int[] trained() {
    return trained.clone();
  }
}
