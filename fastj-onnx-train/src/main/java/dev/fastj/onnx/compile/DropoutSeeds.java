package dev.fastj.onnx.compile;

import dev.fastj.onnx.graph.Attribute;
import dev.fastj.onnx.graph.Graph;
import dev.fastj.onnx.graph.Node;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Gives every {@code Dropout} node of a train step a {@code seed} attribute drawn from the model's
 * seed, so that training with the same seed draws the same dropout masks run after run.
 *
 * <p>Why: without the attribute ONNX Runtime's Dropout kernel draws from a process-wide generator
 * seeded from the clock, so two trainings with the same seed (same weights, same batches) already
 * differed at their first step (measured: the first loss of a VisionLearner with fastai's head was
 * 2.59, 2.79 and 4.22 in three runs; without Dropout the steps were bit-identical, with 1 or 2
 * threads). With a seed each Dropout kernel owns a generator that advances once per step, so a
 * session draws a fixed sequence of masks.
 *
 * <p>Each node gets its own seed, split off the model seed in graph order; the variant of the step
 * (which parameters it trains, float32 or mixed precision) is mixed in, so that the sessions of
 * {@code freeze} and {@code unfreeze} draw different masks rather than restarting the same
 * sequence. A node that already has a seed (an imported model's) keeps it.
 */
public final class DropoutSeeds {

  private DropoutSeeds() {}

  /**
   * {@code graph} with a seed on each Dropout node that has none.
   *
   * @param modelSeed the model's seed ({@link dev.fastj.spi.ModelSpec#seed()})
   * @param variant a number telling the train-step variants of one model apart
   */
  public static Graph apply(Graph graph, long modelSeed, long variant) {
    SplittableRandom root = new SplittableRandom(modelSeed ^ (variant * 0x9E3779B97F4A7C15L));
    List<Node> nodes = new ArrayList<>(graph.nodes().size());
    boolean changed = false;
    for (Node n : graph.nodes()) {
      if (n.opType().equals("Dropout") && n.domain().isEmpty()) {
        // one draw per Dropout node, used or not, so a node's seed depends only on its position
        long seed = root.nextLong();
        if (n.attr("seed") == null) {
          Map<String, Attribute> attrs = new LinkedHashMap<>(n.attributes());
          attrs.put("seed", Attribute.of("seed", seed));
          n = new Node(n.name(), n.opType(), n.domain(), n.inputs(), n.outputs(), attrs);
          changed = true;
        }
      }
      nodes.add(n);
    }
    return changed ? new Graph(graph.name(), graph.inputs(), graph.outputs(), nodes, graph.initializers(),
        graph.valueInfo()) : graph;
  }
}
