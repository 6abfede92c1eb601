/** An application of fastj on the module path, as docs/getting-started.md shows it. */
module fastj.check {
  requires dev.fastj.onnx.train;
  requires dev.fastj.text;
  requires dev.fastj.tabular;
  requires dev.fastj.datasets;

  uses dev.fastj.spi.InputRecipe.Reader;
}
