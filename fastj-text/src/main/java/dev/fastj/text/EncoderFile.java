package dev.fastj.text;

import dev.fastj.data.TensorData;
import dev.fastj.internal.AtomicFiles;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The file {@link TextLearner#saveEncoder} writes ({@code <path>/models/<name>.enc}): the magic
 * {@code FASTJENC}, a version (1), the vocabulary the encoder was trained with (its count, then
 * each token as modified UTF-8), then the weights (their count, then for each its name relative
 * to the encoder such as {@code rnns.0.weight_hh}, its rank, dims and float32 values), big-endian.
 *
 * @param vocab the tokens, in index order
 * @param weights the encoder's weights by relative name
 */
record EncoderFile(List<String> vocab, Map<String, TensorData> weights) {

  private static final String MAGIC = "FASTJENC";
  private static final int VERSION = 1;

  EncoderFile {
    vocab = List.copyOf(vocab);
    weights = new LinkedHashMap<>(weights);
  }

  /** Writes the file atomically (a temporary file, then a rename). */
  void write(Path file) {
    AtomicFiles.write(file, os -> {
      DataOutputStream out = new DataOutputStream(new BufferedOutputStream(os, 1 << 16));
      out.writeBytes(MAGIC);
      out.writeInt(VERSION);
      out.writeInt(vocab.size());
      for (String t : vocab) {
        out.writeUTF(t);
      }
      writeWeights(out, weights);
      out.flush();
    });
  }

  /** Reads a file written by {@link #write}. */
  static EncoderFile read(Path file) {
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
      byte[] magic = in.readNBytes(MAGIC.length());
      if (!MAGIC.equals(new String(magic, java.nio.charset.StandardCharsets.US_ASCII))) {
        throw new IllegalArgumentException(file + " is not an encoder written by saveEncoder (no " + MAGIC + " header)");
      }
      int version = in.readInt();
      if (version != VERSION) {
        throw new IllegalArgumentException(file + " is an encoder file of version " + version + "; this fastj reads "
            + "version " + VERSION);
      }
      int n = in.readInt();
      List<String> vocab = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        vocab.add(in.readUTF());
      }
      Map<String, TensorData> weights = readWeights(in);
      return new EncoderFile(vocab, weights);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("no encoder " + file + "; write it with saveEncoder(name) on the language "
          + "model's learner (same path)", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the encoder " + file + ": " + e.getMessage(), e);
    }
  }

  /** Writes {@code weights} as this format does: their count, then each name, rank, dims and float32 values. */
  static void writeWeights(DataOutputStream out, Map<String, TensorData> weights) throws IOException {
    out.writeInt(weights.size());
    for (Map.Entry<String, TensorData> w : weights.entrySet()) {
      out.writeUTF(w.getKey());
      long[] shape = w.getValue().shape();
      out.writeInt(shape.length);
      for (long d : shape) {
        out.writeLong(d);
      }
      for (float f : w.getValue().toFloatArray()) {
        out.writeFloat(f);
      }
    }
  }

  /** Reads what {@link #writeWeights} wrote. */
  static Map<String, TensorData> readWeights(DataInputStream in) throws IOException {
    int count = in.readInt();
    Map<String, TensorData> weights = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      String name = in.readUTF();
      long[] shape = new long[in.readInt()];
      long numel = 1;
      for (int d = 0; d < shape.length; d++) {
        shape[d] = in.readLong();
        numel *= shape[d];
      }
      float[] v = new float[Math.toIntExact(numel)];
      for (int k = 0; k < v.length; k++) {
        v[k] = in.readFloat();
      }
      weights.put(name, TensorData.ofFloats(v, shape));
    }
    return weights;
  }
}
