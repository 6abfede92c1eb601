/**
 * The train-step benchmark: {@link dev.fastj.onnx.bench.TrainStepBench} ({@code ./fastj bench}),
 * with a PyTorch baseline where torch is installed and an operator profile ({@code --profile}).
 */
package dev.fastj.onnx.bench;
