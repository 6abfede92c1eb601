/**
 * Benchmarks: the train step, {@link dev.fastj.onnx.bench.TrainStepBench} ({@code ./fastj bench}),
 * with a PyTorch baseline where torch is installed and an operator profile ({@code --profile});
 * and where batch augmentation runs, {@link dev.fastj.onnx.bench.AugmentBench}
 * ({@code ./fastj bench-augment}: Java {@code Augment} against AffineGrid + GridSample in ONNX Runtime).
 */
package dev.fastj.onnx.bench;
