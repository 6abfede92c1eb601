/**
 * Running graphs on ONNX Runtime. Entry points: {@link dev.fastj.onnx.runtime.CompiledGraph}
 * (a session kept open for repeated runs with state in ONNX Runtime tensors),
 * {@link dev.fastj.onnx.runtime.GraphRunner} (one run, fastj tensors in and out),
 * {@link dev.fastj.onnx.runtime.SessionConfig} (device, threads, optimization level),
 * {@link dev.fastj.onnx.runtime.Providers} (CUDA when available, else the CPU with one log
 * line) and {@link dev.fastj.onnx.runtime.OrtTensors} (conversions).
 */
package dev.fastj.onnx.runtime;
