package dev.fastj.onnx.proto;

import dev.fastj.onnx.graph.Attribute;
import dev.fastj.onnx.graph.DataType;
import dev.fastj.onnx.graph.Graph;
import dev.fastj.onnx.graph.Model;
import dev.fastj.onnx.graph.Node;
import dev.fastj.onnx.graph.Tensor;
import dev.fastj.onnx.graph.ValueInfo;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * Encodes a {@link Model} as an ONNX protobuf ({@code ModelProto}) without a protobuf library.
 * Tensors are written with {@code raw_data}; shapes keep symbolic dimensions as
 * {@code dim_param}.
 *
 * <pre>{@code
 * byte[] onnx = OnnxWriter.toBytes(model);          // for OrtEnvironment.createSession(onnx)
 * OnnxWriter.write(model, Path.of("model.onnx"));  // atomic: never leaves half a file
 * }</pre>
 */
public final class OnnxWriter {

  private OnnxWriter() {
  }

  /** The model's ONNX bytes. */
  public static byte[] toBytes(Model model) {
    return encodeModel(model).toBytes();
  }

  /**
   * Writes the model to {@code file} atomically: the bytes go to a temporary file in the same
   * folder, which then replaces {@code file}. When writing fails (a full disk, say), the
   * temporary file is removed, an existing {@code file} is left as it was, and an
   * {@link UncheckedIOException} names the file.
   */
  public static void write(Model model, Path file) {
    ProtoOutput encoded = encodeModel(model);
    Path abs = file.toAbsolutePath();
    Path dir = abs.getParent();
    Path tmp = null;
    try {
      // Not Files.createTempFile: its owner-only permissions would end up on the model file.
      tmp = dir.resolve("." + abs.getFileName() + "." + Long.toHexString(System.nanoTime()) + ".tmp");
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
        encoded.writeTo(out);
        out.flush();
        ch.force(true);
      }
      try {
        Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
      }
      tmp = null;
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the ONNX model to " + abs + " (" + encoded.size()
          + " bytes): " + e.getMessage() + "; check free disk space and permissions", e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // the original failure is the one to report
        }
      }
    }
  }

  private static ProtoOutput encodeModel(Model model) {
    ProtoOutput m = new ProtoOutput();
    m.varint(OnnxFields.MODEL_IR_VERSION, model.irVersion());
    if (model.producerName() != null && !model.producerName().isEmpty()) {
      m.string(OnnxFields.MODEL_PRODUCER_NAME, model.producerName());
    }
    if (model.producerVersion() != null && !model.producerVersion().isEmpty()) {
      m.string(OnnxFields.MODEL_PRODUCER_VERSION, model.producerVersion());
    }
    m.message(OnnxFields.MODEL_GRAPH, encodeGraph(model.graph()));
    for (Map.Entry<String, Long> e : model.opsets().entrySet()) {
      ProtoOutput o = new ProtoOutput();
      if (!e.getKey().isEmpty()) {
        o.string(OnnxFields.OPSET_DOMAIN, e.getKey());
      }
      o.varint(OnnxFields.OPSET_VERSION, e.getValue());
      m.message(OnnxFields.MODEL_OPSET_IMPORT, o);
    }
    for (Map.Entry<String, String> e : model.metadata().entrySet()) {
      ProtoOutput kv = new ProtoOutput();
      kv.string(OnnxFields.ENTRY_KEY, e.getKey());
      kv.string(OnnxFields.ENTRY_VALUE, e.getValue());
      m.message(OnnxFields.MODEL_METADATA_PROPS, kv);
    }
    return m;
  }

  private static ProtoOutput encodeGraph(Graph g) {
    ProtoOutput out = new ProtoOutput();
    for (Node n : g.nodes()) {
      out.message(OnnxFields.GRAPH_NODE, encodeNode(n));
    }
    if (g.name() != null) {
      out.string(OnnxFields.GRAPH_NAME, g.name());
    }
    for (Map.Entry<String, Tensor> e : g.initializers().entrySet()) {
      out.message(OnnxFields.GRAPH_INITIALIZER, encodeTensor(e.getKey(), e.getValue()));
    }
    for (ValueInfo v : g.inputs()) {
      out.message(OnnxFields.GRAPH_INPUT, encodeValueInfo(v));
    }
    for (ValueInfo v : g.outputs()) {
      out.message(OnnxFields.GRAPH_OUTPUT, encodeValueInfo(v));
    }
    for (ValueInfo v : g.valueInfo()) {
      out.message(OnnxFields.GRAPH_VALUE_INFO, encodeValueInfo(v));
    }
    return out;
  }

  private static ProtoOutput encodeNode(Node n) {
    ProtoOutput out = new ProtoOutput();
    for (String in : n.inputs()) {
      out.string(OnnxFields.NODE_INPUT, in);
    }
    for (String o : n.outputs()) {
      out.string(OnnxFields.NODE_OUTPUT, o);
    }
    if (n.name() != null && !n.name().isEmpty()) {
      out.string(OnnxFields.NODE_NAME, n.name());
    }
    out.string(OnnxFields.NODE_OP_TYPE, n.opType());
    for (Attribute a : n.attributes().values()) {
      out.message(OnnxFields.NODE_ATTRIBUTE, encodeAttribute(a));
    }
    if (!n.domain().isEmpty()) {
      out.string(OnnxFields.NODE_DOMAIN, n.domain());
    }
    return out;
  }

  private static ProtoOutput encodeAttribute(Attribute a) {
    ProtoOutput out = new ProtoOutput();
    out.string(OnnxFields.ATTR_NAME, a.name());
    switch (a.type()) {
      case FLOAT -> out.float32(OnnxFields.ATTR_F, a.asFloat());
      case INT -> out.varint(OnnxFields.ATTR_I, a.asLong());
      case STRING -> out.string(OnnxFields.ATTR_S, a.asString());
      case TENSOR -> out.message(OnnxFields.ATTR_T, encodeTensor(null, a.asTensor()));
      case GRAPH -> out.message(OnnxFields.ATTR_G, encodeGraph(a.asGraph()));
      case FLOATS -> {
        for (float f : (float[]) a.value()) {
          out.float32(OnnxFields.ATTR_FLOATS, f);
        }
      }
      case INTS -> {
        for (long i : (long[]) a.value()) {
          out.varint(OnnxFields.ATTR_INTS, i);
        }
      }
      case STRINGS -> {
        for (String s : (String[]) a.value()) {
          out.string(OnnxFields.ATTR_STRINGS, s);
        }
      }
      case TENSORS -> {
        for (Tensor t : (Tensor[]) a.value()) {
          out.message(OnnxFields.ATTR_TENSORS, encodeTensor(null, t));
        }
      }
      case GRAPHS -> {
        for (Graph g : (Graph[]) a.value()) {
          out.message(OnnxFields.ATTR_GRAPHS, encodeGraph(g));
        }
      }
      default -> throw new IllegalArgumentException("cannot encode attribute " + a.name() + " of type " + a.type());
    }
    out.varint(OnnxFields.ATTR_TYPE, a.type().code());
    return out;
  }

  private static ProtoOutput encodeTensor(String name, Tensor t) {
    if (t.type() == DataType.STRING) {
      throw new IllegalArgumentException("tensor " + name + " holds strings, which fastj cannot encode");
    }
    ProtoOutput out = new ProtoOutput();
    for (long d : t.dims()) {
      out.varint(OnnxFields.TENSOR_DIMS, d);
    }
    out.varint(OnnxFields.TENSOR_DATA_TYPE, t.type().code());
    if (name != null) {
      out.string(OnnxFields.TENSOR_NAME, name);
    }
    out.bytes(OnnxFields.TENSOR_RAW_DATA, t.raw());
    return out;
  }

  private static ProtoOutput encodeValueInfo(ValueInfo v) {
    ProtoOutput out = new ProtoOutput();
    out.string(OnnxFields.VALUE_INFO_NAME, v.name());
    if (v.type() == null && v.dims() == null) {
      return out;
    }
    ProtoOutput tensorType = new ProtoOutput();
    if (v.type() != null) {
      tensorType.varint(OnnxFields.TENSOR_TYPE_ELEM_TYPE, v.type().code());
    }
    if (v.dims() != null) {
      ProtoOutput shape = new ProtoOutput();
      long[] dims = v.dims();
      String[] names = v.dimNames();
      for (int i = 0; i < dims.length; i++) {
        ProtoOutput dim = new ProtoOutput();
        if (dims[i] >= 0) {
          dim.varint(OnnxFields.DIM_VALUE, dims[i]);
        } else if (names != null && names[i] != null) {
          dim.string(OnnxFields.DIM_PARAM, names[i]);
        }
        shape.message(OnnxFields.SHAPE_DIM, dim);
      }
      tensorType.message(OnnxFields.TENSOR_TYPE_SHAPE, shape);
    }
    ProtoOutput type = new ProtoOutput();
    type.message(OnnxFields.TYPE_TENSOR_TYPE, tensorType);
    out.message(OnnxFields.VALUE_INFO_TYPE, type);
    return out;
  }
}
