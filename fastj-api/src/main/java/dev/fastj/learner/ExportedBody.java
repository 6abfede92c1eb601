package dev.fastj.learner;

import static com.google.common.base.Preconditions.checkArgument;

import dev.fastj.spi.GraphValue;
import dev.fastj.vision.InferenceTransforms;
import dev.fastj.internal.AtomicFiles;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the body of an exported vision learner ({@link Learner#export}) ends in its
 * {@code model.onnx}: what {@code Arch.fromExport} needs to reuse that body, with its trained
 * weights, under a new head (transfer learning from a fastj model).
 *
 * <pre>{@code
 * ExportedBody body = ExportedBody.extract(Path.of("shapes.fastj"), Path.of("shapes.onnx"));
 * Module m = OnnxGraph.of(body.onnxFile(), body.output());   // the body alone
 * }</pre>
 *
 * @param onnxFile where the export's inference ONNX model was written
 * @param output the name of the value in it where the body ends
 * @param features the channels of that value (fastai's {@code num_features_model})
 * @param inputShape the shape of one input item the model was trained on (channels, height, width)
 */
public record ExportedBody(Path onnxFile, String output, int features, long[] inputShape) {

  /** Checks and copies the values. */
  public ExportedBody {
    checkArgument(onnxFile != null && output != null && !output.isEmpty(), "an exported body needs a file and an output");
    checkArgument(features > 0, "an exported body needs a positive number of features, got %s", features);
    inputShape = inputShape.clone();
  }

  @Override
  public long[] inputShape() {
    return inputShape.clone();
  }

  /** The channels of the images the body was trained on. */
  public int inChannels() {
    return (int) inputShape[0];
  }

  /**
   * The input pipeline an export records: grey or RGB, the validation resize and the
   * {@code Normalize} statistics its model was trained with. Fine-tuning its body should feed it
   * the same statistics, as fastai normalizes a pretrained model's data with the statistics of its
   * training ({@code Normalize.of(t.mean(), t.std())} when {@code t.mean()} is not null). The model
   * itself is not read into memory.
   *
   * <pre>{@code
   * InferenceTransforms t = ExportedBody.transforms(Path.of("shapes.fastj"));
   * BatchTransform norm = t.mean() == null ? null : Normalize.of(t.mean(), t.std());
   * }</pre>
   *
   * @throws IllegalArgumentException when the file is not a fastj export, or the export could not
   *     describe its input (the message gives the reason it recorded)
   */
  public static InferenceTransforms transforms(Path exportFile) {
    ExportFile.Info info = ExportFile.read(exportFile, null);
    String unavailable = info.input().get(ExportFile.INPUT_UNAVAILABLE);
    checkArgument(unavailable == null, "%s records no input transforms: %s", exportFile, unavailable);
    return InferenceTransforms.fromMetadata(info.input());
  }

  /**
   * Reads an export, writes its {@code model.onnx} atomically to {@code onnxFile} and returns where
   * its body ends.
   *
   * @throws IllegalArgumentException when the file is not a fastj export, or was written by a fastj
   *     that did not record the body (export the learner again), or its model is not a body with a
   *     head over images
   */
  public static ExportedBody extract(Path exportFile, Path onnxFile) {
    Path tmp = Exporter.tempOnnx();
    try {
      ExportFile.Info info = ExportFile.read(exportFile, tmp);
      GraphValue body = info.body();
      checkArgument(body != null, "%s records no body: it was exported by an older fastj or from a model that is not "
          + "Sequential(body, head); export it again from a VisionLearner with learn.export", exportFile);
      long[] shape = body.shape();
      checkArgument(shape != null && shape.length == 4 && shape[1] > 0, "the body of %s ends at %s, which is not an "
          + "image feature map (batch, channels, height, width); Arch.fromExport needs a VisionLearner's export",
          exportFile, body);
      checkArgument(info.inputShape().length == 3, "%s was trained on inputs of shape %s, not images "
          + "(channels, height, width); Arch.fromExport needs a VisionLearner's export", exportFile,
          java.util.Arrays.toString(info.inputShape()));
      AtomicFiles.write(onnxFile, os -> Files.copy(tmp, os));
      return new ExportedBody(onnxFile, body.name(), (int) shape[1], info.inputShape());
    } finally {
      Exporter.delete(tmp);
    }
  }
}
