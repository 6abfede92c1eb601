/**
 * Compiling fastj models to ONNX graphs. Entry points: {@link dev.fastj.onnx.compile.ModelCompiler}
 * (a {@link dev.fastj.spi.ModelSpec} to the train-step, eval, predict and inference graphs),
 * {@link dev.fastj.onnx.compile.GraphEmitter} (the {@link dev.fastj.nn.Emitter} layers and losses
 * emit into, including {@code inlineOnnx} of imported files) and
 * {@link dev.fastj.onnx.compile.StepGraph} (a compiled graph with its input and output names).
 * Initial weights are drawn by {@link dev.fastj.onnx.compile.InitialValues}.
 */
package dev.fastj.onnx.compile;
