/**
 * Optimizers as ONNX subgraphs inside the train step: {@link dev.fastj.onnx.optim.OptimizerGraph}
 * ({@code of(OptimizerSpec)}), {@link dev.fastj.onnx.optim.SgdGraph} (PyTorch's SGD with momentum)
 * and {@link dev.fastj.onnx.optim.AdamGraph} (fastai's Adam/AdamW). Learning rate, momentum or
 * beta1, weight decay and Adam's bias corrections are graph inputs, one entry per parameter.
 */
package dev.fastj.onnx.optim;
