/**
 * The layer DSL: immutable descriptions of layers that emit standard ONNX operators through an
 * {@link dev.fastj.nn.Emitter}, which a backend turns into training, evaluation and inference
 * graphs. Mirrors PyTorch's {@code torch.nn} and fastai's layers, with their default
 * initialisation and PyTorch's state-dict names ({@code 0.4.1.conv1.weight}).
 *
 * <p>Entry points: {@link dev.fastj.nn.Sequential}, {@link dev.fastj.nn.Linear},
 * {@link dev.fastj.nn.Conv2d}, {@link dev.fastj.nn.BatchNorm2d}, {@link dev.fastj.nn.BatchNorm1d},
 * {@link dev.fastj.nn.ResBlock}, {@link dev.fastj.nn.ConvLayer}, {@link dev.fastj.nn.Dropout},
 * {@link dev.fastj.nn.AdaptiveConcatPool2d}, {@link dev.fastj.nn.Embedding},
 * {@link dev.fastj.nn.OnnxGraph}. A new layer is one class implementing
 * {@link dev.fastj.nn.Module}.
 */
package dev.fastj.nn;
