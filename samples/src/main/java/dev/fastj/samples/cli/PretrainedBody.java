package dev.fastj.samples.cli;

import dev.fastj.learner.ExportedBody;
import dev.fastj.onnx.graph.BodyCut;
import dev.fastj.onnx.graph.Graph;
import dev.fastj.onnx.graph.Model;
import dev.fastj.onnx.graph.ShapeInference;
import dev.fastj.onnx.graph.ShapeRules;
import dev.fastj.onnx.graph.ValueInfo;
import dev.fastj.onnx.proto.OnnxFormatException;
import dev.fastj.onnx.proto.OnnxReader;
import dev.fastj.onnx.proto.OpsetUpgrade;
import dev.fastj.vision.Arch;
import dev.fastj.vision.InferenceTransforms;
import dev.fastj.vision.Normalize;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code --pretrained FILE [--cut auto|VALUE] [--pretrained-features N]}: the body to fine-tune and
 * the statistics its weights were trained with, which its batches are normalised with (fastai's
 * {@code vision_learner} adds {@code Normalize.from_stats(*model_meta[arch]['stats'])} for a
 * pretrained model). A fastj export brings its own statistics; a standard ONNX file, a PyTorch
 * model as torchvision's, gets ImageNet's ({@code imagenet_stats}).
 */
final class PretrainedBody {

  /** The options this reads (a picocli mixin of train and lr-find). */
  static final class Options {

    @Option(names = "--pretrained", paramLabel = "FILE", description = "a body to fine-tune (fine_tune): a .fastj "
        + "export of another image classifier or an .onnx model")
    Path pretrained;

    @Option(names = "--cut", paramLabel = "auto|VALUE", description = "where the .onnx body ends: before the "
        + "last global pooling (auto, the default for a whole classifier) or at the value or node of that name")
    String cut;

    @Option(names = "--pretrained-features", paramLabel = "N", description = "the features of the .onnx body "
        + "(default: read from the file)")
    Integer pretrainedFeatures;

    /** The names of the options given besides --pretrained. */
    List<String> given() {
      List<String> g = new ArrayList<>();
      if (cut != null) {
        g.add("cut");
      }
      if (pretrainedFeatures != null) {
        g.add("pretrained-features");
      }
      return g;
    }
  }

  /** ImageNet's statistics averaged over the channels: for an ONNX body that takes grey images. */
  static final float GREY_MEAN = (Normalize.IMAGENET_MEAN[0] + Normalize.IMAGENET_MEAN[1] + Normalize.IMAGENET_MEAN[2]) / 3;
  static final float GREY_STD = (Normalize.IMAGENET_STD[0] + Normalize.IMAGENET_STD[1] + Normalize.IMAGENET_STD[2]) / 3;

  private PretrainedBody() {}

  /** The body of --pretrained (an export or an ONNX file, told apart by their first bytes) and its statistics. */
  static ImageData.Setup load(Options a, boolean grey) {
    Path file = a.pretrained;
    if (!Files.isRegularFile(file)) {
      throw new CliException("--pretrained " + file + " is not a file; give an .onnx model or a .fastj export");
    }
    return isZip(file) ? fromExport(file, a, grey) : fromOnnx(file, a, grey);
  }

  private static ImageData.Setup fromExport(Path file, Options a, boolean grey) {
    if (!a.given().isEmpty()) {
      throw new CliException("--" + a.given().get(0) + " is for .onnx models; " + file
          + " is a fastj export, which records where its body ends and its features");
    }
    Arch arch = Arch.fromExport(file);
    InferenceTransforms t;
    try {
      t = ExportedBody.transforms(file);
    } catch (IllegalArgumentException e) {
      System.out.println("normalizing with the statistics of the data: " + e.getMessage());
      return new ImageData.Setup(arch, Normalize.fromData());
    }
    if (t.grey() != grey) {
      throw new CliException("--pretrained " + file + " was trained on " + (t.grey() ? "grey images; add --grey"
          : "RGB images; leave out --grey"));
    }
    if (t.mean() == null) {
      System.out.println("not normalizing: " + file.getFileName() + " was trained without Normalize");
      return new ImageData.Setup(arch, null);
    }
    Normalize norm = Normalize.of(t.mean(), t.std());
    System.out.println("normalizing with the statistics " + file.getFileName() + " was trained with: "
        + norm.describe());
    return new ImageData.Setup(arch, norm);
  }

  private static ImageData.Setup fromOnnx(Path file, Options a, boolean grey) {
    Model model;
    try {
      model = OnnxReader.read(file);
    } catch (OnnxFormatException e) {
      throw new CliException("--pretrained " + file + " is neither a fastj export nor an ONNX model: "
          + e.getMessage());
    }
    if (model.opset() < Model.OPSET) {
      model = OpsetUpgrade.to18(model);
    }
    Graph g = model.graph();
    int channels = inputChannels(g);
    if (channels > 0 && channels != (grey ? 1 : 3)) {
      throw new CliException("--pretrained " + file + " takes " + channels + "-channel images but " + (channels == 1
          ? "the images are read as RGB; add --grey" : channels == 3 ? "--grey makes them 1-channel; leave out --grey"
          : "the images are read as RGB (3 channels) or grey (1, with --grey)"));
    }
    String cut = cut(file, g, a);
    Arch arch;
    if (a.pretrainedFeatures != null) {
      int features = a.pretrainedFeatures;
      if (features < 1) {
        throw new CliException("--pretrained-features must be positive, got " + features);
      }
      arch = Arch.fromOnnx(file, features, cut);
    } else {
      arch = Arch.fromOnnx(file, cut);
    }
    // fastai's imagenet_stats, the statistics torchvision's weights were trained with
    Normalize norm = grey ? Normalize.of(new float[] {GREY_MEAN}, new float[] {GREY_STD}) : Normalize.imagenet();
    System.out.println("normalizing with ImageNet's statistics" + (grey ? " averaged over the channels" : "")
        + " (a PyTorch model's): " + norm.describe());
    return new ImageData.Setup(arch, norm);
  }

  /**
   * The value --cut names (auto: the input of the last global pooling), or, without --cut, null
   * for a file whose output is already a feature map and the automatic cut for a whole classifier,
   * as fastai's {@code create_body} cuts a model before its pooling and head.
   */
  private static String cut(Path file, Graph g, Options a) {
    String cut = a.cut;
    Map<String, ValueInfo> shapes = ShapeInference.infer(g, ShapeRules.defaults());
    if (cut == null) {
      String out = g.outputNames().isEmpty() ? null : g.outputNames().get(0);
      long[] dims = out == null || shapes.get(out) == null ? null : shapes.get(out).dims();
      if (dims == null || dims.length == 4) {
        return null;
      }
      try {
        BodyCut c = BodyCut.find(g);
        System.out.println(file.getFileName() + " is a whole classifier (output " + out + " " + Arrays.toString(dims)
            + "); its body ends at " + where(c) + ", where fastai's create_body cuts (--cut VALUE cuts elsewhere)");
        return c.value();
      } catch (IllegalArgumentException e) {
        throw new CliException("--pretrained " + file + " is a whole classifier: its output " + out + " has shape "
            + Arrays.toString(dims) + ", not a feature map (batch, channels, height, width), and " + e.getMessage()
            + " with --cut VALUE");
      }
    }
    String value;
    if (cut.equals("auto")) {
      try {
        BodyCut c = BodyCut.find(g);
        System.out.println("--cut auto: the body of " + file.getFileName() + " ends at " + where(c));
        value = c.value();
      } catch (IllegalArgumentException e) {
        throw new CliException("--cut auto in " + file + ": " + e.getMessage() + " with --cut VALUE");
      }
    } else {
      try {
        value = BodyCut.resolve(g, cut);
      } catch (IllegalArgumentException e) {
        throw new CliException("--cut " + cut + " in " + file + ": " + e.getMessage() + "; or use --cut auto");
      }
    }
    ValueInfo v = shapes.get(value);
    if (v != null && v.dims() != null && v.dims().length != 4) {
      throw new CliException("--cut " + cut + ": " + value + " in " + file + " has shape " + Arrays.toString(v.dims())
          + ", not a feature map (batch, channels, height, width); cut at the input of the pooling, as --cut auto does");
    }
    return value;
  }

  private static String where(BodyCut c) {
    return "'" + c.value() + "'" + (c.dims() == null ? "" : " " + Arrays.toString(c.dims()))
        + (c.pool() == null ? "" : ", the input of " + c.pool().opType() + " '" + c.pool().name() + "'");
  }

  /** Dim 1 of the first real input (not an initializer), 0 when not known. */
  private static int inputChannels(Graph g) {
    for (ValueInfo v : g.inputs()) {
      if (!g.initializers().containsKey(v.name())) {
        return v.dims() != null && v.dims().length == 4 && v.dims()[1] > 0 ? (int) v.dims()[1] : 0;
      }
    }
    return 0;
  }

  /** True when the file starts like a zip (a fastj export); ONNX files are protobuf and never do. */
  static boolean isZip(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] head = in.readNBytes(4);
      return head.length == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
    } catch (IOException e) {
      throw new UncheckedIOException("could not read --pretrained " + file + ": " + e.getMessage(), e);
    }
  }
}
