/** An application that reaches into fastj's internal packages: it must not compile. */
module fastj.check.internal {
  requires dev.fastj.onnx.train;
}
