package dev.fastj.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fastj.learner.ExportedBody;
import dev.fastj.learner.Prediction;
import dev.fastj.onnx.graph.Attribute;
import dev.fastj.onnx.graph.DataType;
import dev.fastj.onnx.graph.Graph;
import dev.fastj.onnx.graph.GraphBuilder;
import dev.fastj.onnx.graph.Model;
import dev.fastj.onnx.graph.Node;
import dev.fastj.onnx.graph.Tensor;
import dev.fastj.onnx.proto.OnnxWriter;
import dev.fastj.samples.web.Json;
import dev.fastj.vision.InferenceTransforms;
import dev.fastj.vision.Normalize;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CliTest {

  @Test
  void json_escapesAndWritesNumbersAsBefore() {
    assertThat(Json.write(Map.of("a", List.of(1, 2.5, "q\"\n")))).isEqualTo("{\"a\":[1,2.5,\"q\\\"\\n\"]}");
    assertThat(Json.write(List.of(Double.NaN, Double.POSITIVE_INFINITY, 3.0, -0.5, 1e20))).isEqualTo("[null,null,3,-0.5,1.0E20]");
    // a float is written as the double it widens to, as the hand-written writer did
    assertThat(Json.write(List.of(0.1f, 2f, Float.NaN))).isEqualTo("[0.10000000149011612,2,null]");
    assertThat(Json.write(new float[] {0.25f, 1f})).isEqualTo("[0.25,1]");
    assertThat(Json.write(Map.of("file", Path.of("a", "b.png")))).isEqualTo("{\"file\":\"a/b.png\"}");
  }

  @Test
  void predictionJson_keepsItsKeysAndNumbers() {
    Prediction p = new Prediction("b", 1, new float[] {0.25f, 0.75f}, List.of("a", "b"));
    assertThat(Json.write(Results.prediction(Path.of("x.png"), p))).isEqualTo(
        "{\"file\":\"x.png\",\"label\":\"b\",\"index\":1,\"probability\":0.75,\"probabilities\":{\"a\":0.25,\"b\":0.75}}");
  }

  @Test
  void unknownCommand_exitsWithUsageError() {
    String err = captureErr(() -> assertThat(Main.run(new String[] {"fly"})).isEqualTo(2));
    assertThat(err).contains("unknown command 'fly'").contains("./fastj help");
  }

  @Test
  void noCommand_printsTheCommandsAndExits2() {
    String out = capture(() -> assertThat(Main.run(new String[0])).isEqualTo(2));
    assertThat(out).contains("usage: ./fastj COMMAND").contains("train").contains("predict");
  }

  @Test
  void unknownOption_namesItSuggestsTheNearOneAndShowsTheUsage() {
    String err = captureErr(() -> assertThat(Main.run(new String[] {"train", "--epoch", "3"})).isEqualTo(2));
    assertThat(err).contains("fastj train: Unknown option").contains("'--epoch'").contains("--epochs").contains("Usage: fastj train");
  }

  @Test
  void wrongValueType_namesTheOptionAndTheValue() {
    String err = captureErr(() -> assertThat(Main.run(new String[] {"train", "--epochs", "three"})).isEqualTo(2));
    assertThat(err).contains("--epochs").contains("'three'").contains("Usage: fastj train");
    err = captureErr(() -> assertThat(Main.run(new String[] {"predict", "m.fastj"})).isEqualTo(2));
    assertThat(err).contains("FILE");
  }

  @Test
  void aCommandsOwnRefusal_exits2WithItsMessage(@TempDir Path dir) {
    String err = captureErr(() -> assertThat(Main.run(new String[] {"train", "--data", dir.toString()})).isEqualTo(2));
    assertThat(err).contains("fastj: train: --out MODEL is required").contains("./fastj train --help");
    err = captureErr(() -> assertThat(Main.run(new String[] {"predict", dir.resolve("none.fastj").toString(),
        "a.png"})).isEqualTo(2));
    assertThat(err).contains("no model file at");
  }

  @Test
  void help_listsEveryCommandWithEveryOption() {
    String out = capture(() -> assertThat(Main.run(new String[] {"help"})).isZero());
    CommandLine root = Main.commandLine();
    assertThat(root.getSubcommands()).containsKeys("quickstart", "quickstart-text", "train", "predict", "lr-find", "export-onnx", "bench",
        "bench-loader", "bench-memory", "bench-augment");
    for (CommandLine sub : root.getSubcommands().values()) {
      assertThat(out).contains("  " + sub.getCommandName() + " ");
      for (CommandLine.Model.OptionSpec o : sub.getCommandSpec().options()) {
        assertThat(out).as("%s %s", sub.getCommandName(), o.longestName()).contains(o.longestName());
      }
    }
    assertThat(capture(() -> assertThat(Main.run(new String[] {"--help"})).isZero())).isEqualTo(out);
  }

  @Test
  void helpOfOneCommand_explainsEachOptionWithItsDefault() {
    String out = capture(() -> assertThat(Main.run(new String[] {"train", "--help"})).isZero());
    assertThat(out).contains("Usage: fastj train").contains("--valid-pct=P").contains("--size=N")
        .contains("image size in pixels (default: the images' own size").contains("--pretrained=FILE");
    assertThat(capture(() -> assertThat(Main.run(new String[] {"help", "train"})).isZero())).isEqualTo(out);
    String bench = capture(() -> assertThat(Main.run(new String[] {"bench", "--help"})).isZero());
    assertThat(bench).contains("Usage: fastj bench").contains("--pairs=N").contains("pairs per case (default: 3)")
        .contains("--cases=A,B").contains("median of the pairwise ratios").contains("--threads=N");
  }

  /** The command object picocli filled from {@code argv}. */
  private static Object parsed(String... argv) {
    return Main.commandLine().parseArgs(argv).subcommand().commandSpec().userObject();
  }

  @Test
  void everyOptionOfBefore_parsesToItsTypedValue() {
    LrFindCommand lr = (LrFindCommand) parsed("lr-find", "--data", "d", "--valid-pct", "0.3", "--arch", "resnet18",
        "--size", "32", "--bs", "8", "--seed", "1", "--grey", "--plot", "p.png", "--json", "--pretrained", "f.onnx",
        "--cut", "auto", "--pretrained-features", "5");
    assertThat(lr.data.data).isEqualTo(Path.of("d"));
    assertThat(lr.data.validPct).isEqualTo(0.3);
    assertThat(lr.data.arch).isEqualTo("resnet18");
    assertThat(lr.data.size).isEqualTo(32);
    assertThat(lr.data.bs).isEqualTo(8);
    assertThat(lr.data.seed).isEqualTo(1);
    assertThat(lr.data.grey).isTrue();
    assertThat(lr.plot).isEqualTo(Path.of("p.png"));
    assertThat(lr.json).isTrue();
    assertThat(lr.pretrainedBody.pretrained).isEqualTo(Path.of("f.onnx"));
    assertThat(lr.pretrainedBody.cut).isEqualTo("auto");
    assertThat(lr.pretrainedBody.pretrainedFeatures).isEqualTo(5);

    TrainCommand train = (TrainCommand) parsed("train", "--data", "d", "--grandparent", "--epochs", "4", "--lr", "1e-2",
        "--out", "m.fastj");
    assertThat(train.data.grandparent).isTrue();
    assertThat(train.epochs).isEqualTo(4);
    assertThat(train.lr).isEqualTo(1e-2);
    assertThat(train.out).isEqualTo(Path.of("m.fastj"));
    TrainCommand defaults = (TrainCommand) parsed("train");
    // size and batch size come from the folder when not given (ImageData.plan)
    assertThat(defaults.data.size).isNull();
    assertThat(defaults.data.bs).isNull();
    assertThat(defaults.data.flip).isFalse();
    assertThat(defaults.data.seed).isEqualTo(42);
    assertThat(defaults.epochs).isEqualTo(3);
    assertThat(defaults.lr).isNull();
    assertThat(defaults.data.validPct).isNull();
    assertThat(defaults.data.arch).isNull();

    QuickstartCommand q = (QuickstartCommand) parsed("quickstart", "--out", "o", "--epochs", "2", "--lr", "0.01",
        "--bs", "32", "--json");
    assertThat(List.of(q.out, q.epochs, q.lr, q.bs, q.json)).containsExactly(Path.of("o"), 2, 0.01, 32, true);
    QuickstartCommand qd = (QuickstartCommand) parsed("quickstart");
    assertThat(List.of(qd.out, qd.epochs, qd.bs)).containsExactly(Path.of("quickstart-out"), 7, 64);

    PredictCommand p = (PredictCommand) parsed("predict", "m.fastj", "a.png", "b.png", "--json");
    assertThat(p.model).isEqualTo(Path.of("m.fastj"));
    assertThat(p.files).containsExactly(Path.of("a.png"), Path.of("b.png"));
    ExportOnnxCommand e = (ExportOnnxCommand) parsed("export-onnx", "m.fastj", "m.onnx");
    assertThat(List.of(e.model, e.onnx)).containsExactly(Path.of("m.fastj"), Path.of("m.onnx"));

    // the benchmarks get the arguments their own mains parse
    assertThat(((BenchCommand) parsed("bench", "--json", "--pairs", "4", "--cases", "mlp,infer_1", "--steps", "5",
        "--seconds", "2", "--threads", "1", "--fp16", "--cuda", "--deterministic", "--no-torch", "--profile", "--versus", "a.jar:lib/*")).args())
        .containsExactly("--json", "--pairs", "4", "--cases", "mlp,infer_1", "--steps", "5", "--seconds", "2.0",
            "--threads", "1", "--fp16", "--cuda", "--deterministic", "--no-torch", "--profile", "--versus", "a.jar:lib/*");
    assertThat(((BenchCommand) parsed("bench")).args()).isEmpty();
    assertThat(((BenchCommand.Memory) parsed("bench-memory", "--steps", "30", "--json", "--no-inference")).args())
        .containsExactly("--steps", "30", "--json", "--no-inference");
    assertThat(((BenchCommand.Augment) parsed("bench-augment", "--seconds", "1", "--threads", "2", "--json")).args())
        .containsExactly("--seconds", "1.0", "--threads", "2", "--json");
    BenchCommand.Loader l = (BenchCommand.Loader) parsed("bench-loader", "3", "100");
    assertThat(List.of(l.workers, l.images)).containsExactly(3, 100);
    BenchCommand.Loader ld = (BenchCommand.Loader) parsed("bench-loader");
    assertThat(List.of(ld.workers, ld.images)).containsExactly(2, 640);
  }

  @Test
  void serveAndCleanOptions_andTheirRefusals() {
    ServeCommand s = (ServeCommand) parsed("serve", "m.fastj", "--port", "0", "--host", "0.0.0.0", "--max-batch", "8",
        "--max-wait-ms", "5", "--queue", "16", "--max-upload-mb", "1.5");
    assertThat(List.of(s.port, s.host, s.maxBatch, s.maxWaitMs, s.queue)).containsExactly(0, "0.0.0.0", 8, 5, 16);
    var o = ServeCommand.options(s.maxBatch, s.maxWaitMs, s.queue, s.maxUploadMb);
    assertThat(o.maxUploadBytes()).isEqualTo((long) (1.5 * 1024 * 1024));
    assertThat(o.batching().maxBatch()).isEqualTo(8);
    ServeCommand sd = (ServeCommand) parsed("serve", "m.fastj");
    assertThat(List.of(sd.port, sd.host, sd.maxBatch, sd.maxWaitMs, sd.queue, sd.maxUploadMb))
        .containsExactly(8080, "localhost", 32, 2, 256, 10.0);
    String err = captureErr(() -> assertThat(Main.run(new String[] {"serve", "m.fastj", "--max-batch", "0"}))
        .isEqualTo(2));
    assertThat(err).contains("no model file at m.fastj");
    assertThatThrownBy(() -> ServeCommand.options(0, 2, 256, 10)).hasMessageContaining("--max-batch must be at least 1");
    assertThatThrownBy(() -> ServeCommand.options(32, 2, 256, 0)).hasMessageContaining("--max-upload-mb must be positive");
    err = captureErr(() -> assertThat(Main.run(new String[] {"clean", "--data", "d"})).isEqualTo(2));
    assertThat(err).contains("give --data DIR and --model MODEL (or --undo DIR)");
    err = captureErr(() -> assertThat(Main.run(new String[] {"clean", "--undo", "d", "--model", "m"})).isEqualTo(2));
    assertThat(err).contains("leave out --data and --model");
  }

  @Test
  void options_takeTheEqualsForm(@TempDir Path dir) {
    String err = captureErr(() -> assertThat(Main.run(new String[] {"train", "--data=" + dir, "--size=4",
        "--out=" + dir.resolve("m.fastj")})).isEqualTo(2));
    assertThat(err).contains("--size must be at least 8 pixels, got 4");
  }

  @Test
  void trainPredictExport_onAFolderOfImages(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("data");
    writeStripes(data, 100, 7);
    Path model = dir.resolve("m.fastj");
    String trainOut = capture(() -> assertThat(Main.run(new String[] {"train", "--data", data.toString(), "--size", "16",
        "--grey", "--epochs", "6", "--bs", "16", "--lr", "1e-2", "--out", model.toString(), "--json"})).isZero());
    String last = lastLine(trainOut);
    assertThat(last).startsWith("{\"epochs\":[").contains("\"accuracy\":").contains("\"error_rate\":");
    double acc = Double.parseDouble(last.replaceAll(".*\"accuracy\":([0-9.eE-]+).*", "$1"));
    assertThat(acc).as("horizontal against vertical stripes: %s", trainOut).isGreaterThanOrEqualTo(0.9);

    Path img = Files.list(data.resolve("vertical")).findFirst().orElseThrow();
    String predOut = capture(() -> assertThat(Main.run(new String[] {"predict", model.toString(), img.toString(), "--json"})).isZero());
    assertThat(lastLine(predOut)).startsWith("{\"predictions\":[{\"file\":").contains("\"label\":\"vertical\"");

    Path onnx = dir.resolve("m.onnx");
    assertThat(Main.run(new String[] {"export-onnx", model.toString(), onnx.toString()})).isZero();
    assertThat(Files.size(onnx)).isGreaterThan(1000);
  }

  @Test
  void train_seedFixesTheWholeRun_andAnotherSeedGivesAnotherOne(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("data");
    writeStripes(data, 40, 3);
    java.util.function.IntFunction<String> losses = seed -> {
      String out = capture(() -> assertThat(Main.run(new String[] {"train", "--data", data.toString(), "--size", "16",
          "--grey", "--epochs", "1", "--bs", "16", "--lr", "1e-2", "--seed", String.valueOf(seed),
          "--out", dir.resolve("m" + seed + ".fastj").toString(), "--json"})).isZero());
      // the epoch's train and valid losses: the weights, the order and the split all follow the seed
      return lastLine(out).replaceAll(".*\"train_loss\":([0-9.eE-]+).*\"valid_loss\":([0-9.eE-]+).*", "$1 $2");
    };
    String first = losses.apply(7);
    assertThat(losses.apply(7)).isEqualTo(first);
    assertThat(losses.apply(8)).isNotEqualTo(first);
  }

  @Test
  void train_finetunesTheBodyOfAnExport(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("data");
    writeStripes(data, 40, 3);
    Path first = dir.resolve("first.fastj");
    assertThat(Main.run(new String[] {"train", "--data", data.toString(), "--size", "16", "--grey", "--epochs", "1",
        "--bs", "16", "--out", first.toString()})).isZero();
    // other images: statistics computed from them would differ from the export's
    Path other = dir.resolve("other");
    writeStripes(other, 20, 9);
    Path second = dir.resolve("second.fastj");
    String out = capture(() -> assertThat(Main.run(new String[] {"train", "--data", other.toString(), "--size", "16",
        "--grey", "--epochs", "1", "--bs", "16", "--pretrained", first.toString(), "--out", second.toString(),
        "--json"})).isZero());
    assertThat(out).contains("training export:first.fastj")
        .contains("normalizing with the statistics first.fastj was trained with");
    // fine_tune: one frozen epoch, then --epochs unfrozen ones (the recorder keeps the last fit)
    assertThat(lastLine(out)).startsWith("{\"epochs\":[").contains("\"accuracy\":");
    InferenceTransforms was = ExportedBody.transforms(first);
    InferenceTransforms now = ExportedBody.transforms(second);
    assertThat(was.mean()).hasSize(1);
    assertThat(now.mean()).containsExactly(was.mean());
    assertThat(now.std()).containsExactly(was.std());

    // told apart by content: the export is a zip, its plain ONNX model is not
    Path onnx = dir.resolve("whole.onnx");
    assertThat(Main.run(new String[] {"export-onnx", first.toString(), onnx.toString()})).isZero();
    assertThat(PretrainedBody.isZip(onnx)).isFalse();
    assertThat(PretrainedBody.isZip(first)).isTrue();
    // a whole classifier is cut before its pooling without being asked, where the export's body ended
    String body = ExportedBody.extract(first, dir.resolve("body.onnx")).output();
    // without --grey: the body takes one channel, so the images are read grey
    out = capture(() -> assertThat(Main.run(new String[] {"train", "--data", data.toString(), "--size", "16",
        "--epochs", "1", "--bs", "16", "--pretrained", onnx.toString(), "--out",
        dir.resolve("third.fastj").toString()})).isZero());
    assertThat(out).contains("whole.onnx is a whole classifier").contains("its body ends at '" + body + "'");
    assertThat(ExportedBody.transforms(dir.resolve("third.fastj")).grey()).isTrue();

    // the export was trained on grey images: asking for colour is refused with what to do
    String err = captureErr(() -> assertThat(Main.run(new String[] {"train", "--data", data.toString(), "--size", "16",
        "--rgb", "--epochs", "1", "--pretrained", first.toString(), "--out", dir.resolve("x.fastj").toString()}))
        .isEqualTo(2));
    assertThat(err).contains("was trained on grey images; drop --rgb");
    err = captureErr(() -> assertThat(Main.run(new String[] {"train", "--data", data.toString(), "--grey",
        "--pretrained", first.toString(), "--cut", "auto", "--out", dir.resolve("x.fastj").toString()})).isEqualTo(2));
    assertThat(err).contains("--cut is for .onnx models");
    err = captureErr(() -> assertThat(Main.run(new String[] {"train", "--data", data.toString(), "--grey",
        "--pretrained", first.toString(), "--arch", "resnet18", "--out", dir.resolve("x.fastj").toString()}))
        .isEqualTo(2));
    assertThat(err).contains("--arch resnet18 and --pretrained both name the body");
  }

  @Test
  void train_cutsAWholeOnnxClassifierWithCutAutoAndNormalizesWithImagenetStats(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("data");
    writeStripes(data, 30, 5);
    Path onnx = dir.resolve("tiny.onnx");
    OnnxWriter.write(Model.of(tinyClassifier()), onnx);
    String[] common = {"train", "--data", data.toString(), "--size", "16", "--epochs", "1", "--bs", "16",
        "--pretrained", onnx.toString()};

    String said = capture(() -> assertThat(Main.run(concat(common, "--out", dir.resolve("a.fastj").toString())))
        .isZero());
    assertThat(said).contains("tiny.onnx is a whole classifier (output logits [-1, 10])")
        .contains("its body ends at 'features_out' [-1, 8, 8, 8], the input of GlobalAveragePool");

    Path model = dir.resolve("cut.fastj");
    String out = capture(() -> assertThat(Main.run(concat(common, "--cut", "auto", "--out", model.toString())))
        .isZero());
    assertThat(out).contains("--cut auto: the body of tiny.onnx ends at 'features_out' [-1, 8, 8, 8]")
        .contains("normalizing with ImageNet's statistics").contains("training onnx:tiny.onnx");
    InferenceTransforms t = ExportedBody.transforms(model);
    assertThat(t.mean()).containsExactly(Normalize.IMAGENET_MEAN);
    assertThat(t.std()).containsExactly(Normalize.IMAGENET_STD);

    String err = captureErr(() -> assertThat(Main.run(concat(common, "--cut", "layer4", "--out", model.toString())))
        .isEqualTo(2));
    assertThat(err).contains("no value or node named 'layer4'").contains("'features_out'").contains("--cut auto");
    err = captureErr(() -> assertThat(Main.run(concat(common, "--cut", "logits", "--out", model.toString())))
        .isEqualTo(2));
    assertThat(err).contains("logits").contains("not a feature map");
    err = captureErr(() -> assertThat(Main.run(concat(common, "--cut", "auto", "--grey", "--out", model.toString())))
        .isEqualTo(2));
    assertThat(err).contains("takes 3-channel images but --grey makes them 1-channel; drop --grey");
  }

  /**
   * A classifier as torch.onnx.export writes a torchvision model: Conv, Relu, Conv stride 2, Relu
   * (node "features"), then GlobalAveragePool, Flatten and Gemm to 10 logits; seeded weights.
   */
  private static Graph tinyClassifier() {
    Random rnd = new Random(1);
    GraphBuilder b = new GraphBuilder("tiny");
    String x = b.input("input", DataType.FLOAT, -1, 3, 16, 16);
    String w1 = b.initializer("conv1.weight", Tensor.ofFloats(gaussian(rnd, 8 * 3 * 9, 0.3), 8, 3, 3, 3));
    String w2 = b.initializer("conv2.weight", Tensor.ofFloats(gaussian(rnd, 8 * 8 * 9, 0.15), 8, 8, 3, 3));
    String fc = b.initializer("fc.weight", Tensor.ofFloats(gaussian(rnd, 10 * 8, 0.3), 10, 8));
    String fcb = b.initializer("fc.bias", Tensor.ofFloats(new float[10], 10));
    String h = b.op("Relu", b.op("Conv", List.of(x, w1), Map.of("pads", new long[] {1, 1, 1, 1})));
    h = b.op("Conv", List.of(h, w2), Map.of("pads", new long[] {1, 1, 1, 1}, "strides", new long[] {2, 2}));
    String features = b.addNode(new Node("features", "Relu", "", List.of(h), List.of("features_out"), Map.of()))
        .output(0);
    String flat = b.op("Flatten", b.op("GlobalAveragePool", features));
    b.addNode(new Node("fc", "Gemm", "", List.of(flat, fc, fcb), List.of("logits"), Map.of("transB",
        Attribute.of("transB", 1L))));
    b.output("logits", DataType.FLOAT, -1, 10);
    return b.build();
  }

  private static float[] gaussian(Random rnd, int n, double scale) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (rnd.nextGaussian() * scale);
    }
    return v;
  }

  private static String[] concat(String[] a, String... more) {
    String[] r = Arrays.copyOf(a, a.length + more.length);
    System.arraycopy(more, 0, r, a.length, more.length);
    return r;
  }

  /** Two classes of 24x24 grey images: noisy horizontal or vertical stripes of random phase. */
  static void writeStripes(Path root, int perClass, long seed) throws Exception {
    Random rnd = new Random(seed);
    for (String cls : List.of("horizontal", "vertical")) {
      Path d = Files.createDirectories(root.resolve(cls));
      for (int i = 0; i < perClass; i++) {
        BufferedImage im = new BufferedImage(24, 24, BufferedImage.TYPE_BYTE_GRAY);
        int phase = rnd.nextInt(6);
        for (int y = 0; y < 24; y++) {
          for (int x = 0; x < 24; x++) {
            int t = cls.equals("horizontal") ? y : x;
            int v = ((t + phase) / 3) % 2 == 0 ? 200 : 40;
            v = Math.max(0, Math.min(255, v + (int) (rnd.nextGaussian() * 20)));
            im.getRaster().setSample(x, y, 0, v);
          }
        }
        ImageIO.write(im, "png", d.resolve(i + ".png").toFile());
      }
    }
  }

  static String lastLine(String s) {
    String[] lines = s.strip().split("\n");
    return lines[lines.length - 1];
  }

  static String captureErr(Runnable r) {
    PrintStream old = System.err;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      r.run();
    } finally {
      System.setErr(old);
    }
    return buf.toString(StandardCharsets.UTF_8);
  }

  static String capture(Runnable r) {
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      r.run();
    } finally {
      System.setOut(old);
    }
    return buf.toString(StandardCharsets.UTF_8);
  }
}
