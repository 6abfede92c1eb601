package dev.fastj.learner;

import dev.fastj.data.DataLoaders;
import dev.fastj.nn.Loss;
import dev.fastj.spi.GraphValue;
import dev.fastj.spi.InputRecipe;
import dev.fastj.spi.TrainableModel;
import dev.fastj.vision.InferenceTransforms;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a Learner's export ({@link ExportFile}) and decodes predictions of a loaded one: the
 * model goes through {@link TrainableModel#exportOnnx} to a temporary file, then into the zip.
 */
final class Exporter {

  private final TrainableModel model;
  private final DataLoaders dls;
  private final Loss loss;

  Exporter(TrainableModel model, DataLoaders dls, Loss loss) {
    this.model = model;
    this.dls = dls;
    this.loss = loss;
  }

  void export(Path file) {
    Activation activation = Activation.of(loss);
    long[] shape = dls.inputShape();
    Map<String, String> input = new LinkedHashMap<>();
    InputRecipe recipe = dls.inputRecipe();
    if (recipe != null) {
      input.put(ExportFile.INPUT_KIND, recipe.kind());
      recipe.toMetadata().forEach((k, v) -> input.put(ExportFile.INPUT_PREFIX + k, v));
    } else {
      try {
        input.putAll(InferenceTransforms.from(dls).toMetadata());
      } catch (IllegalArgumentException e) {
        // the model still exports; only predicting from files in another process is impossible
        input.put(ExportFile.INPUT_UNAVAILABLE, e.getMessage());
      }
    }
    if (PointPredictions.of(dls) != null) {
      input.put(PointPredictions.TARGET_KEY, PointPredictions.POINTS);
    }
    ExportFile.Info info = new ExportFile.Info(List.copyOf(dls.vocab()), shape, activation, loss.describe(),
        dls.outputCount(), input, null, dls.inputSpecs());
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("fastj.vocab", String.join("\n", info.vocab()));
    metadata.put("fastj.activation", activation.name());
    metadata.put("fastj.loss", info.loss());
    input.forEach((k, v) -> {
      if (!k.equals(ExportFile.INPUT_UNAVAILABLE)) {
        metadata.put(k, v);
      }
    });
    Path tmp = tempOnnx();
    try {
      Map<String, GraphValue> cuts = model.exportOnnxWithCuts(tmp, metadata);
      // child 0 followed by another child: a body and its head, as a vision learner builds them
      GraphValue body = cuts.containsKey("1") ? cuts.get("0") : null;
      ExportFile.write(file, tmp, info.withBody(body));
    } finally {
      delete(tmp);
    }
  }

  /** The label of a loaded model's activated output row, from the exported vocab. */
  static String decode(ExportFile.Info info, float[] probs) {
    List<String> vocab = info.vocab();
    if (vocab.isEmpty() || vocab.size() != probs.length) {
      StringBuilder sb = new StringBuilder("[");
      for (int i = 0; i < probs.length; i++) {
        sb.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.4f", probs[i]));
      }
      return sb.append(']').toString();
    }
    if (info.activation() == Activation.SIGMOID) {
      List<String> tags = new ArrayList<>();
      for (int i = 0; i < probs.length; i++) {
        if (probs[i] > 0.5f) {
          tags.add(vocab.get(i));
        }
      }
      return String.join(";", tags);
    }
    return vocab.get(Activation.argmax(probs));
  }

  /**
   * The threshold of a multi-label export: the {@code thresh} its loss names
   * ({@code BCEWithLogitsLossFlat(thresh=0.2)}), NaN for other models.
   */
  static double threshold(ExportFile.Info info) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("^BCEWithLogitsLossFlat\\(thresh=([0-9.eE+-]+)\\)")
        .matcher(info.loss());
    return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
  }

  static Path tempOnnx() {
    try {
      return Files.createTempFile("fastj-export", ".onnx");
    } catch (IOException e) {
      throw new UncheckedIOException("could not create a temporary file: " + e.getMessage(), e);
    }
  }

  static void delete(Path tmp) {
    try {
      Files.deleteIfExists(tmp);
    } catch (IOException e) {
      tmp.toFile().deleteOnExit();
    }
  }
}
