/**
 * Reverse-mode automatic differentiation over fastj graphs.
 *
 * <p>Entry points: {@link dev.fastj.onnx.autodiff.Autodiff#backward} appends the backward of a
 * loss to a {@link dev.fastj.onnx.graph.GraphBuilder}; {@link dev.fastj.onnx.autodiff.GradientRules}
 * is the open registry of per-operator {@link dev.fastj.onnx.autodiff.GradientRule}s
 * ({@code GradientRules.defaults().register("MyOp", rule)}); {@link dev.fastj.onnx.autodiff.RuleSupport}
 * holds small emitters that rules share. Built-in rules live in one class per family
 * (element-wise, math, data movement) registered from {@code BuiltinRules}.
 */
package dev.fastj.onnx.autodiff;
