package dev.fastj.samples.cli;

import java.util.Arrays;
import java.util.Locale;

/**
 * The {@code ./fastj} command line: {@code quickstart}, {@code train}, {@code predict},
 * {@code lr-find}, {@code export-onnx}, {@code bench}, {@code bench-loader}, {@code bench-memory},
 * {@code bench-augment}. Usage errors print one line and exit 2;
 * any other failure prints its message (and the cause's) and exits 1.
 */
public final class Main {

  static final String USAGE = """
      usage: ./fastj COMMAND [OPTIONS]

        quickstart [--out DIR] [--epochs N] [--lr X] [--bs N] [--json]
            trains an image classifier on the bundled Fashion-MNIST subset, prints fastai's epoch
            table, writes show_batch, lr_find, losses, confusion-matrix and top-losses PNGs and the
            exported model into DIR (default ./quickstart-out), and predicts a few test images
        train --data DIR [--valid-pct P | --grandparent] [--arch NAME] [--size N] [--bs N]
              [--epochs N] [--lr X] [--grey]
              [--pretrained FILE [--cut auto|VALUE] [--pretrained-features N]] --out MODEL [--json]
            trains on a folder of images, one sub-folder per class (or train/ and valid/ folders
            of class folders with --grandparent); arch: xresnet-small (default), resnet18, resnet34;
            --pretrained: a body to fine-tune (fine_tune), a .fastj export of another image
            classifier or an .onnx model: one cut before its pooling, or a whole classifier (a
            torchvision resnet18, say) with --cut auto (cut before its last global pooling) or
            --cut VALUE (at the value or node of that name); features read from the file unless
            given. Batches are normalised with the export's statistics or ImageNet's for .onnx
            (without --pretrained: the data's)
        predict MODEL FILE... [--json]
            predicts the class of each image with an exported model
        lr-find --data DIR [--valid-pct P | --grandparent] [--arch NAME] [--size N] [--bs N]
                [--grey] [--pretrained FILE [--cut auto|VALUE] [--pretrained-features N]]
                [--plot PNG] [--json]
            fastai's learning-rate finder; prints the valley, slide, minimum and steep suggestions
        export-onnx MODEL OUT.onnx
            writes the standard inference ONNX model of an export, for any ONNX Runtime
        bench [--json] [--steps N] [--fp16] [--cuda]
            train-step throughput of a small ResNet at 32 and 64 px and of an MLP, against
            PyTorch where python3 with torch is installed

        bench-loader [WORKERS] [IMAGES]
            data loader throughput: decode, Resize, aug_transforms and Normalize at 28, 64, 128 px
        bench-memory [--steps N] [--json] [--no-inference]
            resident memory (/proc/self/status, Linux) over N train steps of a small CNN (default
            10,000; goal: under 5% growth) and of an exported model loaded for inference in a child
            JVM, against its file size (goal: under 3x)
        bench-augment [--seconds S] [--threads N] [--json]
            batch augmentation (flip, rotate, zoom; bilinear, reflection) of 64 images at 28, 64
            and 128 px: in Java (Augment, loader pool) against AffineGrid + GridSample in ONNX
            Runtime, both on N threads (default 2)

      With --json the last line printed is one JSON object with the results.
      """;

  private Main() {}

  public static void main(String[] argv) {
    System.setProperty("java.awt.headless", "true");
    Locale.setDefault(Locale.ROOT);
    int code = run(argv);
    if (code != 0) {
      System.exit(code);
    }
  }

  /** Runs one command; returns the process exit code. */
  static int run(String[] argv) {
    try {
      return dispatch(argv);
    } catch (Exception e) {
      System.err.println("fastj " + argv[0] + " failed: " + e);
      return 1;
    }
  }

  private static int dispatch(String[] argv) throws Exception {
    if (argv.length == 0 || argv[0].equals("help") || argv[0].equals("--help") || argv[0].equals("-h")) {
      System.out.print(USAGE);
      return argv.length == 0 ? 2 : 0;
    }
    String[] rest = Arrays.copyOfRange(argv, 1, argv.length);
    try {
      switch (argv[0]) {
        case "quickstart" -> QuickstartCommand.run(rest);
        case "train" -> TrainCommand.run(rest);
        case "predict" -> PredictCommand.run(rest);
        case "lr-find" -> LrFindCommand.run(rest);
        case "export-onnx" -> ExportOnnxCommand.run(rest);
        case "bench" -> BenchCommand.run(rest);
        case "bench-loader" -> dev.fastj.samples.bench.LoaderBench.main(rest);
        case "bench-memory" -> dev.fastj.samples.bench.MemoryBench.main(rest);
        case "bench-augment" -> dev.fastj.onnx.bench.AugmentBench.main(rest);
        default -> throw new CliException("unknown command '" + argv[0] + "'; run ./fastj help for the commands");
      }
      return 0;
    } catch (CliException e) {
      System.err.println("fastj: " + e.getMessage());
      return 2;
    } catch (RuntimeException e) {
      System.err.println("fastj " + argv[0] + " failed: " + e.getMessage());
      Throwable c = e.getCause();
      while (c != null && c != c.getCause()) {
        System.err.println("  caused by: " + c);
        c = c.getCause();
      }
      if (System.getenv("FASTJ_DEBUG") != null) {
        e.printStackTrace();
      }
      return 1;
    }
  }
}
