package dev.fastj.learner;

import static com.google.common.base.Preconditions.checkArgument;

import dev.fastj.data.InputSpec;
import dev.fastj.spi.GraphValue;
import dev.fastj.spi.InputRecipe;
import dev.fastj.internal.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * An exported Learner ({@code learn.export}): one zip file with two entries.
 * <ul>
 *   <li>{@code model.onnx}: the standard inference ONNX model (weights as constants, raw
 *       outputs), runnable by any ONNX Runtime;
 *   <li>{@code fastj.properties}: {@code format=fastj-export}, {@code version=1},
 *       {@code inputShape} (comma-separated, without the batch dimension), {@code activation}
 *       ({@code SOFTMAX}, {@code SIGMOID} or {@code IDENTITY}), {@code loss} (a multi-label model's
 *       {@code BCEWithLogitsLossFlat(thresh=t)} carries the threshold predict uses), {@code outputCount},
 *       {@code vocab.size} and {@code vocab.<i>} (class names), and how to turn an image file into
 *       an input: the {@code fastj.vision.*} keys of {@link dev.fastj.vision.InferenceTransforms}
 *       (grey, resize, size, method, normalization), or {@code fastj.input.unavailable} with the
 *       reason the data pipeline could not be described; since fastj writes them (still version 1:
 *       the keys are optional, older files just lack them), {@code body.output}, the name of the
 *       value in {@code model.onnx} where the model's first child (a vision learner's body) ends,
 *       and {@code body.shape}, its dims (comma-separated, -1 for the batch), which
 *       {@code Arch.fromExport} cuts the graph at.
 * </ul>
 */
final class ExportFile {

  static final String ONNX_ENTRY = "model.onnx";
  static final String META_ENTRY = "fastj.properties";
  /** Why files cannot be turned into inputs by a loaded model (the data could not be described). */
  static final String INPUT_UNAVAILABLE = "fastj.input.unavailable";
  /** Prefix of the keys of an {@link InputRecipe}: {@code fastj.input.kind} and its own keys. */
  static final String INPUT_PREFIX = "fastj.input.";
  /** The kind of the {@link InputRecipe} that prepares the inputs, when the loaders had one. */
  static final String INPUT_KIND = INPUT_PREFIX + "kind";
  private static final String VISION_PREFIX = "fastj.vision.";
  /** The value of model.onnx where the body (child 0 of the model) ends; absent before fastj wrote it. */
  static final String BODY_OUTPUT = "body.output";
  /** That value's dims, comma-separated, -1 for the batch. */
  static final String BODY_SHAPE = "body.shape";

  /** What the export records besides the graph. */
  record Info(List<String> vocab, long[] inputShape, Activation activation, String loss, int outputCount,
      Map<String, String> input, GraphValue body, List<InputSpec> inputs) {

    /** The info with where the body ends (null: unknown). */
    Info withBody(GraphValue b) {
      return new Info(vocab, inputShape, activation, loss, outputCount, input, b, inputs);
    }

    /** The recipe's own metadata (without the prefix), or null when the export has no recipe. */
    Map<String, String> recipeMetadata() {
      if (!input.containsKey(INPUT_KIND)) {
        return null;
      }
      Map<String, String> m = new LinkedHashMap<>();
      input.forEach((k, v) -> {
        if (k.startsWith(INPUT_PREFIX) && !k.equals(INPUT_KIND)) {
          m.put(k.substring(INPUT_PREFIX.length()), v);
        }
      });
      return m;
    }
  }

  private ExportFile() {}

  static void write(Path file, Path onnx, Info info) {
    Properties p = new Properties();
    p.setProperty("format", "fastj-export");
    p.setProperty("version", "1");
    p.setProperty("inputShape", join(info.inputShape()));
    p.setProperty("activation", info.activation().name());
    p.setProperty("loss", info.loss());
    p.setProperty("outputCount", Integer.toString(info.outputCount()));
    p.setProperty("vocab.size", Integer.toString(info.vocab().size()));
    for (int i = 0; i < info.vocab().size(); i++) {
      p.setProperty("vocab." + i, info.vocab().get(i));
    }
    info.input().forEach(p::setProperty);
    List<InputSpec> inputs = info.inputs();
    if (inputs.size() > 1) {
      p.setProperty("inputs.size", Integer.toString(inputs.size()));
      for (int i = 0; i < inputs.size(); i++) {
        p.setProperty("inputs." + i + ".name", inputs.get(i).name());
        p.setProperty("inputs." + i + ".shape", join(inputs.get(i).shape()));
        p.setProperty("inputs." + i + ".dtype", inputs.get(i).dtype().name());
      }
    }
    if (info.body() != null) {
      p.setProperty(BODY_OUTPUT, info.body().name());
      if (info.body().shape() != null) {
        p.setProperty(BODY_SHAPE, join(info.body().shape()));
      }
    }
    AtomicFiles.write(file, os -> {
      ZipOutputStream zip = new ZipOutputStream(os);
      zip.putNextEntry(entry(META_ENTRY));
      zip.write(propertiesText(p).getBytes(StandardCharsets.ISO_8859_1));
      zip.closeEntry();
      zip.putNextEntry(entry(ONNX_ENTRY));
      Files.copy(onnx, zip);
      zip.closeEntry();
      zip.finish();
    });
  }

  /** An entry with a fixed time (1980-01-01), so that the same model exports to the same bytes. */
  private static ZipEntry entry(String name) {
    ZipEntry e = new ZipEntry(name);
    e.setTime(315532800000L);
    return e;
  }

  /** The properties with sorted keys and no date comment, so that equal exports are equal files. */
  private static String propertiesText(Properties p) throws IOException {
    StringBuilder sb = new StringBuilder("# fastj exported learner\n");
    for (String k : new TreeMap<>(toMap(p)).keySet()) {
      Properties one = new Properties();
      one.setProperty(k, p.getProperty(k));
      // store(OutputStream) escapes every character beyond ASCII (a unicode escape); store(Writer) wrote them raw and
      // the ISO-8859-1 bytes of the entry then made each one beyond Latin-1 a '?' (U+FFFD in a text vocab)
      java.io.ByteArrayOutputStream w = new java.io.ByteArrayOutputStream();
      one.store(w, null);
      new String(w.toByteArray(), StandardCharsets.ISO_8859_1).lines().filter(l -> !l.startsWith("#"))
          .forEach(l -> sb.append(l).append('\n'));
    }
    return sb.toString();
  }

  /** Reads the info and extracts the ONNX model to {@code onnxOut} (null: only the info). */
  static Info read(Path file, Path onnxOut) {
    Properties p = null;
    boolean onnx = false;
    try (InputStream in = Files.newInputStream(file); ZipInputStream zip = new ZipInputStream(in)) {
      ZipEntry e;
      while ((e = zip.getNextEntry()) != null) {
        if (e.getName().equals(META_ENTRY)) {
          p = new Properties();
          p.load(new StringReader(new String(zip.readAllBytes(), StandardCharsets.ISO_8859_1)));
        } else if (e.getName().equals(ONNX_ENTRY)) {
          if (onnxOut != null) {
            Files.copy(zip, onnxOut, StandardCopyOption.REPLACE_EXISTING);
          }
          onnx = true;
        }
      }
    } catch (java.nio.file.NoSuchFileException e) {
      throw new IllegalArgumentException("no exported model at " + file + "; write one with learn.export(path)", e);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read exported model " + file + ": " + e.getMessage(), e);
    }
    checkArgument(p != null && onnx && "fastj-export".equals(p.getProperty("format")),
        "%s is not a fastj export (a zip with %s and %s)", file, META_ENTRY, ONNX_ENTRY);
    checkArgument("1".equals(p.getProperty("version")), "%s is export version %s; this fastj reads version 1", file,
        p.getProperty("version"));
    List<String> vocab = new ArrayList<>();
    int n = Integer.parseInt(p.getProperty("vocab.size", "0"));
    for (int i = 0; i < n; i++) {
      vocab.add(p.getProperty("vocab." + i));
    }
    long[] shape = Arrays.stream(p.getProperty("inputShape").split(",")).mapToLong(Long::parseLong).toArray();
    Map<String, String> input = new LinkedHashMap<>();
    for (String k : new TreeMap<>(toMap(p)).keySet()) {
      if (k.startsWith(VISION_PREFIX) || k.startsWith(INPUT_PREFIX)) {
        input.put(k, p.getProperty(k));
      }
    }
    GraphValue body = null;
    if (p.getProperty(BODY_OUTPUT) != null) {
      String dims = p.getProperty(BODY_SHAPE);
      body = new GraphValue(p.getProperty(BODY_OUTPUT),
          dims == null ? null : Arrays.stream(dims.split(",")).mapToLong(Long::parseLong).toArray());
    }
    List<InputSpec> inputs = new ArrayList<>();
    int nInputs = Integer.parseInt(p.getProperty("inputs.size", "1"));
    if (nInputs == 1) {
      inputs.add(InputSpec.of(shape));
    }
    for (int i = 0; nInputs > 1 && i < nInputs; i++) {
      inputs.add(new InputSpec(p.getProperty("inputs." + i + ".name"),
          Arrays.stream(p.getProperty("inputs." + i + ".shape").split(",")).mapToLong(Long::parseLong).toArray(),
          dev.fastj.data.TensorData.DType.valueOf(p.getProperty("inputs." + i + ".dtype"))));
    }
    return new Info(List.copyOf(vocab), shape, Activation.valueOf(p.getProperty("activation")),
        p.getProperty("loss", ""), Integer.parseInt(p.getProperty("outputCount", "0")), input, body, List.copyOf(inputs));
  }

  private static Map<String, String> toMap(Properties p) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String k : p.stringPropertyNames()) {
      m.put(k, p.getProperty(k));
    }
    return m;
  }

  private static String join(long[] v) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < v.length; i++) {
      sb.append(i == 0 ? "" : ",").append(v[i]);
    }
    return sb.toString();
  }
}
