/**
 * The graph IR fastj compiles models to: {@link dev.fastj.onnx.graph.Graph},
 * {@link dev.fastj.onnx.graph.Node}, {@link dev.fastj.onnx.graph.Tensor} and
 * {@link dev.fastj.onnx.graph.Model}, built with {@link dev.fastj.onnx.graph.GraphBuilder}.
 *
 * <p>{@link dev.fastj.onnx.graph.ShapeInference} infers static types and shapes (symbolic
 * dims keep their names, such as the batch "N") with the open registry
 * {@link dev.fastj.onnx.graph.ShapeRules}; built-in shape rules live in one class per family
 * registered from {@code BuiltinShapes}.
 *
 * <p>{@link dev.fastj.onnx.graph.BodyCut} finds where the body of a whole image classifier ends
 * (the input of its last global pooling), to reuse it under a new head.
 */
package dev.fastj.onnx.graph;
