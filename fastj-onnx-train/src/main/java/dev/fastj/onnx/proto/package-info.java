/**
 * ONNX files without a protobuf library: {@link dev.fastj.onnx.proto.OnnxWriter} encodes a
 * {@link dev.fastj.onnx.graph.Model} as a standard {@code .onnx} ModelProto.
 */
package dev.fastj.onnx.proto;
