package dev.fastj.learner;

import static com.google.common.base.Preconditions.checkArgument;

import dev.fastj.data.TensorData;
import dev.fastj.internal.AtomicFiles;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import dev.fastj.spi.TrainableModel;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A checkpoint file ({@code learn.save}): weights, buffers and optimizer state by name.
 *
 * <p>Format, version 1. Header and entry fields are big-endian as {@link java.io.DataOutput}
 * writes them; tensor values are little-endian:
 * <pre>
 * bytes  "FASTJCKP"            magic
 * int    1                     version
 * long   step                  optimizer steps taken (Adam's bias correction)
 * int    n                     number of entries
 * n times:
 *   UTF  name                  DataOutput.writeUTF
 *   byte kind                  0 model (parameter or buffer), 1 optimizer state
 *   byte dtype                 TensorData.DType ordinal (0 FLOAT32, 1 INT64, 2 FLOAT64, 3 BOOL)
 *   int  rank, then rank longs  shape
 *   numel * dtype.bytes        values, little-endian
 * </pre>
 */
final class CheckpointFile {

  private static final byte[] MAGIC = "FASTJCKP".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final int VERSION = 1;

  /** What a checkpoint holds. */
  record Contents(Map<String, TensorData> model, Map<String, TensorData> optimizer, long step) {}

  private CheckpointFile() {}

  /** Saves the model's weights, buffers and optimizer state with the step count. */
  static void save(TrainableModel model, Path file, long step) {
    Map<String, TensorData> full = model.stateDict(true);
    Set<String> opt = new HashSet<>(full.keySet());
    opt.removeAll(model.stateDict(false).keySet());
    write(file, full, opt, step);
  }

  /**
   * Loads a checkpoint into the model; with {@code withOpt}, also its optimizer state, returning
   * the saved step count (else -1).
   */
  static long load(TrainableModel model, Path file, boolean withOpt) {
    Contents c = read(file);
    Map<String, TensorData> state = new LinkedHashMap<>(c.model());
    long step = -1;
    if (withOpt && !c.optimizer().isEmpty()) {
      state.putAll(c.optimizer());
      step = c.step();
    } else if (withOpt) {
      System.err.println("Saved file doesn't contain an optimizer state.");
    }
    model.loadStateDict(state);
    return step;
  }

  /**
   * Zeroes every optimizer buffer: the entries of {@code stateDict(true)} that
   * {@code stateDict(false)} lacks (moments and momentum buffers start at zero).
   */
  static void clearOptimizerState(TrainableModel model) {
    Map<String, TensorData> full = model.stateDict(true);
    Set<String> weights = model.stateDict(false).keySet();
    boolean any = false;
    for (Map.Entry<String, TensorData> e : full.entrySet()) {
      if (!weights.contains(e.getKey())) {
        e.setValue(TensorData.zeros(e.getValue().dtype(), e.getValue().shape()));
        any = true;
      }
    }
    if (any) {
      model.loadStateDict(full);
    }
  }

  static void write(Path file, Map<String, TensorData> state, Set<String> optimizerKeys, long step) {
    AtomicFiles.write(file, os -> {
      DataOutputStream out = new DataOutputStream(os);
      out.write(MAGIC);
      out.writeInt(VERSION);
      out.writeLong(step);
      out.writeInt(state.size());
      byte[] chunk = new byte[1 << 16];
      for (Map.Entry<String, TensorData> e : state.entrySet()) {
        TensorData t = e.getValue();
        out.writeUTF(e.getKey());
        out.writeByte(optimizerKeys.contains(e.getKey()) ? 1 : 0);
        out.writeByte(t.dtype().ordinal());
        out.writeInt(t.rank());
        for (long d : t.shape()) {
          out.writeLong(d);
        }
        ByteBuffer src = t.buffer();
        ByteBuffer le = ByteBuffer.allocate(src.remaining()).order(ByteOrder.LITTLE_ENDIAN);
        copyToLittleEndian(t, src, le);
        le.flip();
        while (le.hasRemaining()) {
          int n = Math.min(chunk.length, le.remaining());
          le.get(chunk, 0, n);
          out.write(chunk, 0, n);
        }
      }
      out.flush();
    });
  }

  static Contents read(Path file) {
    try (InputStream is = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      DataInputStream in = new DataInputStream(is);
      byte[] magic = new byte[MAGIC.length];
      in.readFully(magic);
      checkArgument(java.util.Arrays.equals(magic, MAGIC), "%s is not a fastj checkpoint (wrong magic bytes)", file);
      int version = in.readInt();
      checkArgument(version == VERSION, "%s is checkpoint version %s; this fastj reads version %s", file, version,
          VERSION);
      long step = in.readLong();
      int n = in.readInt();
      Map<String, TensorData> model = new LinkedHashMap<>();
      Map<String, TensorData> opt = new LinkedHashMap<>();
      for (int i = 0; i < n; i++) {
        String name = in.readUTF();
        int kind = in.readByte();
        TensorData.DType dtype = TensorData.DType.values()[in.readByte()];
        long[] shape = new long[in.readInt()];
        for (int d = 0; d < shape.length; d++) {
          shape[d] = in.readLong();
        }
        TensorData t = TensorData.zeros(dtype, shape);
        byte[] raw = new byte[Math.toIntExact(t.numel() * dtype.bytes())];
        in.readFully(raw);
        ByteBuffer le = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        copyFromLittleEndian(t, le);
        (kind == 1 ? opt : model).put(name, t);
      }
      return new Contents(model, opt, step);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("no checkpoint at " + file + "; save one first with learn.save(name)", e);
    } catch (EOFException e) {
      throw new IllegalArgumentException("checkpoint " + file + " is truncated; save it again", e);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read checkpoint " + file + ": " + e.getMessage(), e);
    }
  }

  private static void copyToLittleEndian(TensorData t, ByteBuffer src, ByteBuffer dst) {
    switch (t.dtype()) {
      case FLOAT32 -> {
        var f = src.order(ByteOrder.nativeOrder()).asFloatBuffer();
        while (f.hasRemaining()) dst.putFloat(f.get());
      }
      case INT64 -> {
        var l = src.order(ByteOrder.nativeOrder()).asLongBuffer();
        while (l.hasRemaining()) dst.putLong(l.get());
      }
      case FLOAT64 -> {
        var d = src.order(ByteOrder.nativeOrder()).asDoubleBuffer();
        while (d.hasRemaining()) dst.putDouble(d.get());
      }
      case BOOL -> dst.put(src);
    }
  }

  private static void copyFromLittleEndian(TensorData t, ByteBuffer src) {
    ByteBuffer dst = t.buffer();
    switch (t.dtype()) {
      case FLOAT32 -> {
        var f = dst.asFloatBuffer();
        while (src.hasRemaining()) f.put(src.getFloat());
      }
      case INT64 -> {
        var l = dst.asLongBuffer();
        while (src.hasRemaining()) l.put(src.getLong());
      }
      case FLOAT64 -> {
        var d = dst.asDoubleBuffer();
        while (src.hasRemaining()) d.put(src.getDouble());
      }
      case BOOL -> dst.put(src);
    }
  }
}
