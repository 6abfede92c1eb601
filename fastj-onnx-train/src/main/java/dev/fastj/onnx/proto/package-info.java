/**
 * ONNX files without a protobuf library: {@link dev.fastj.onnx.proto.OnnxWriter} encodes a
 * {@link dev.fastj.onnx.graph.Model} as a standard {@code .onnx} ModelProto,
 * {@link dev.fastj.onnx.proto.OnnxReader} decodes any standard file (PyTorch exports included)
 * and {@link dev.fastj.onnx.proto.OpsetUpgrade} brings an imported model to opset 18.
 */
package dev.fastj.onnx.proto;
