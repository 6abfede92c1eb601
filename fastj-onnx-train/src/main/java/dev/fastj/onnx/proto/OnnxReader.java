package dev.fastj.onnx.proto;

import dev.fastj.onnx.graph.Attribute;
import dev.fastj.onnx.graph.DataType;
import dev.fastj.onnx.graph.Graph;
import dev.fastj.onnx.graph.Model;
import dev.fastj.onnx.graph.Node;
import dev.fastj.onnx.graph.Tensor;
import dev.fastj.onnx.graph.ValueInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes a standard ONNX file ({@code ModelProto}) into a {@link Model}, without a protobuf
 * library: models written by fastj, by PyTorch's {@code torch.onnx.export}, or by any tool
 * that writes ONNX. Initializers may use {@code raw_data} or the typed fields; the domain
 * {@code ai.onnx} is read as the default domain "". Tensors stored as external data, sparse
 * tensors, string tensors and model-local functions are refused with a clear message. A
 * malformed or truncated file gives an {@link OnnxFormatException} naming the file and the
 * byte offset.
 *
 * <pre>{@code
 * Model resnet = OpsetUpgrade.to18(OnnxReader.read(Path.of("resnet.onnx")));
 * }</pre>
 */
public final class OnnxReader {

  private static final int MAX_DEPTH = 64;

  private final String source;

  private OnnxReader(String source) {
    this.source = source;
  }

  /** Reads the ONNX model in {@code file}. */
  public static Model read(Path file) {
    String src = file.toString();
    byte[] bytes;
    try {
      long size = Files.size(file);
      if (size > Integer.MAX_VALUE - 8) {
        throw new OnnxFormatException(src, -1, "file has " + size
            + " bytes, over protobuf's 2 GiB limit; models with external data are not supported");
      }
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the ONNX model " + src + ": " + e.getMessage(), e);
    }
    return read(bytes, src);
  }

  /** Decodes ONNX bytes held in memory. */
  public static Model read(byte[] bytes) {
    return read(bytes, "ONNX bytes (" + bytes.length + " bytes)");
  }

  /** Decodes ONNX bytes; {@code source} names them in error messages (a file name, say). */
  public static Model read(byte[] bytes, String source) {
    OnnxReader r = new OnnxReader(source);
    ProtoInput in = new ProtoInput(bytes, source);
    if (bytes.length == 0) {
      throw new OnnxFormatException(source, 0, "empty input: not an ONNX model");
    }
    try {
      return r.model(in);
    } catch (OnnxFormatException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new OnnxFormatException(source, in.tagPosition(), "invalid ONNX content: " + e.getMessage(), e);
    } catch (StackOverflowError e) {
      throw new OnnxFormatException(source, -1, "messages nested too deeply (corrupted file?)");
    }
  }

  private OnnxFormatException unsupported(ProtoInput in, String what) {
    return in.error(what + " is not supported by fastj's ONNX reader");
  }

  private static void expect(ProtoInput in, int tag, int wireType, String message) {
    if ((tag & 7) != wireType) {
      throw in.error("field " + (tag >>> 3) + " of " + message + " has wire type " + (tag & 7) + ", expected "
          + wireType + " (not an ONNX protobuf, or corrupted)");
    }
  }

  private static String domain(String d) {
    return "ai.onnx".equals(d) ? "" : d;
  }

  private Model model(ProtoInput in) {
    long ir = -1;
    String producer = "";
    String producerVersion = "";
    Graph graph = null;
    Map<String, Long> opsets = new LinkedHashMap<>();
    Map<String, String> metadata = new LinkedHashMap<>();
    while (in.hasMore()) {
      int tag = in.readTag();
      switch (tag >>> 3) {
        case OnnxFields.MODEL_IR_VERSION -> {
          expect(in, tag, ProtoOutput.VARINT, "ModelProto");
          ir = in.readRawVarint();
        }
        case OnnxFields.MODEL_PRODUCER_NAME -> {
          expect(in, tag, ProtoOutput.LEN, "ModelProto");
          producer = in.readString();
        }
        case OnnxFields.MODEL_PRODUCER_VERSION -> {
          expect(in, tag, ProtoOutput.LEN, "ModelProto");
          producerVersion = in.readString();
        }
        case OnnxFields.MODEL_GRAPH -> {
          expect(in, tag, ProtoOutput.LEN, "ModelProto");
          graph = graph(in.readMessage(), 0);
        }
        case OnnxFields.MODEL_OPSET_IMPORT -> {
          expect(in, tag, ProtoOutput.LEN, "ModelProto");
          ProtoInput o = in.readMessage();
          String d = "";
          long v = -1;
          while (o.hasMore()) {
            int t = o.readTag();
            if (t >>> 3 == OnnxFields.OPSET_DOMAIN) {
              expect(o, t, ProtoOutput.LEN, "OperatorSetIdProto");
              d = o.readString();
            } else if (t >>> 3 == OnnxFields.OPSET_VERSION) {
              expect(o, t, ProtoOutput.VARINT, "OperatorSetIdProto");
              v = o.readRawVarint();
            } else {
              o.skip(t & 7);
            }
          }
          if (v < 0) {
            throw in.error("opset_import for domain '" + d + "' has no version");
          }
          opsets.put(domain(d), v);
        }
        case OnnxFields.MODEL_METADATA_PROPS -> {
          expect(in, tag, ProtoOutput.LEN, "ModelProto");
          String[] kv = entry(in.readMessage());
          metadata.put(kv[0], kv[1]);
        }
        case OnnxFields.MODEL_FUNCTIONS -> throw unsupported(in, "a model-local function (FunctionProto)");
        default -> in.skip(tag & 7);
      }
    }
    if (graph == null) {
      throw new OnnxFormatException(source, in.position(), "the model has no graph (truncated or not an ONNX file)");
    }
    if (opsets.isEmpty()) {
      throw new OnnxFormatException(source, in.position(),
          "the model has no opset_import (truncated or not an ONNX file)");
    }
    if (ir < 0) {
      throw new OnnxFormatException(source, in.position(), "the model has no ir_version (not an ONNX file?)");
    }
    return new Model(graph, opsets, ir, producer, producerVersion, metadata);
  }

  private String[] entry(ProtoInput in) {
    String k = "";
    String v = "";
    while (in.hasMore()) {
      int t = in.readTag();
      if (t >>> 3 == OnnxFields.ENTRY_KEY) {
        expect(in, t, ProtoOutput.LEN, "StringStringEntryProto");
        k = in.readString();
      } else if (t >>> 3 == OnnxFields.ENTRY_VALUE) {
        expect(in, t, ProtoOutput.LEN, "StringStringEntryProto");
        v = in.readString();
      } else {
        in.skip(t & 7);
      }
    }
    return new String[] {k, v};
  }

  private Graph graph(ProtoInput in, int depth) {
    if (depth > MAX_DEPTH) {
      throw in.error("subgraphs nested more than " + MAX_DEPTH + " deep (corrupted file?)");
    }
    List<Node> nodes = new ArrayList<>();
    String name = "";
    Map<String, Tensor> initializers = new LinkedHashMap<>();
    List<ValueInfo> inputs = new ArrayList<>();
    List<ValueInfo> outputs = new ArrayList<>();
    List<ValueInfo> valueInfo = new ArrayList<>();
    while (in.hasMore()) {
      int tag = in.readTag();
      int field = tag >>> 3;
      switch (field) {
        case OnnxFields.GRAPH_NODE -> {
          expect(in, tag, ProtoOutput.LEN, "GraphProto");
          nodes.add(node(in.readMessage(), nodes.size(), depth));
        }
        case OnnxFields.GRAPH_NAME -> {
          expect(in, tag, ProtoOutput.LEN, "GraphProto");
          name = in.readString();
        }
        case OnnxFields.GRAPH_INITIALIZER -> {
          expect(in, tag, ProtoOutput.LEN, "GraphProto");
          int at = in.position();
          NamedTensor t = tensor(in.readMessage());
          if (t.name().isEmpty()) {
            throw in.errorAt(at, "initializer " + initializers.size() + " has no name");
          }
          if (initializers.put(t.name(), t.tensor()) != null) {
            throw in.errorAt(at, "initializer '" + t.name() + "' appears twice");
          }
        }
        case OnnxFields.GRAPH_SPARSE_INITIALIZER -> throw unsupported(in, "a sparse initializer");
        case OnnxFields.GRAPH_INPUT, OnnxFields.GRAPH_OUTPUT, OnnxFields.GRAPH_VALUE_INFO -> {
          expect(in, tag, ProtoOutput.LEN, "GraphProto");
          int at = in.position();
          ValueInfo v = valueInfo(in.readMessage());
          if (field == OnnxFields.GRAPH_VALUE_INFO) {
            if (v != null) {
              valueInfo.add(v);
            }
          } else if (v == null) {
            throw in.errorAt(at, "a graph " + (field == OnnxFields.GRAPH_INPUT ? "input" : "output")
                + " is a sequence, map or optional value; fastj reads tensor inputs and outputs only");
          } else {
            (field == OnnxFields.GRAPH_INPUT ? inputs : outputs).add(v);
          }
        }
        default -> in.skip(tag & 7);
      }
    }
    return new Graph(name, inputs, outputs, nodes, initializers, valueInfo);
  }

  private Node node(ProtoInput in, int index, int depth) {
    List<String> inputs = new ArrayList<>();
    List<String> outputs = new ArrayList<>();
    String name = "";
    String opType = null;
    String domain = "";
    Map<String, Attribute> attrs = new LinkedHashMap<>();
    while (in.hasMore()) {
      int tag = in.readTag();
      switch (tag >>> 3) {
        case OnnxFields.NODE_INPUT -> {
          expect(in, tag, ProtoOutput.LEN, "NodeProto");
          inputs.add(in.readString());
        }
        case OnnxFields.NODE_OUTPUT -> {
          expect(in, tag, ProtoOutput.LEN, "NodeProto");
          outputs.add(in.readString());
        }
        case OnnxFields.NODE_NAME -> {
          expect(in, tag, ProtoOutput.LEN, "NodeProto");
          name = in.readString();
        }
        case OnnxFields.NODE_OP_TYPE -> {
          expect(in, tag, ProtoOutput.LEN, "NodeProto");
          opType = in.readString();
        }
        case OnnxFields.NODE_DOMAIN -> {
          expect(in, tag, ProtoOutput.LEN, "NodeProto");
          domain = domain(in.readString());
        }
        case OnnxFields.NODE_ATTRIBUTE -> {
          expect(in, tag, ProtoOutput.LEN, "NodeProto");
          int at = in.position();
          Attribute a = attribute(in.readMessage(), depth);
          if (attrs.put(a.name(), a) != null) {
            throw in.errorAt(at, "attribute '" + a.name() + "' appears twice in node " + index + " '" + name + "'");
          }
        }
        default -> in.skip(tag & 7);
      }
    }
    if (opType == null || opType.isEmpty()) {
      throw in.error("node " + index + " '" + name + "' has no op_type");
    }
    return new Node(name, opType, domain, inputs, outputs, attrs);
  }

  private Attribute attribute(ProtoInput in, int depth) {
    String name = null;
    int type = 0;
    Float f = null;
    Long i = null;
    String s = null;
    Tensor t = null;
    Graph g = null;
    Numbers floats = new Numbers();
    Numbers ints = new Numbers();
    List<String> strings = new ArrayList<>();
    List<Tensor> tensors = new ArrayList<>();
    List<Graph> graphs = new ArrayList<>();
    while (in.hasMore()) {
      int tag = in.readTag();
      int wt = tag & 7;
      switch (tag >>> 3) {
        case OnnxFields.ATTR_NAME -> {
          expect(in, tag, ProtoOutput.LEN, "AttributeProto");
          name = in.readString();
        }
        case OnnxFields.ATTR_TYPE -> {
          expect(in, tag, ProtoOutput.VARINT, "AttributeProto");
          type = (int) in.readRawVarint();
        }
        case OnnxFields.ATTR_F -> {
          expect(in, tag, ProtoOutput.FIXED32, "AttributeProto");
          f = in.readFloat();
        }
        case OnnxFields.ATTR_I -> {
          expect(in, tag, ProtoOutput.VARINT, "AttributeProto");
          i = in.readRawVarint();
        }
        case OnnxFields.ATTR_S -> {
          expect(in, tag, ProtoOutput.LEN, "AttributeProto");
          s = in.readString();
        }
        case OnnxFields.ATTR_T -> {
          expect(in, tag, ProtoOutput.LEN, "AttributeProto");
          t = tensor(in.readMessage()).tensor();
        }
        case OnnxFields.ATTR_G -> {
          expect(in, tag, ProtoOutput.LEN, "AttributeProto");
          g = graph(in.readMessage(), depth + 1);
        }
        case OnnxFields.ATTR_FLOATS -> floats.readFixed32(in, wt);
        case OnnxFields.ATTR_INTS -> ints.readVarints(in, wt);
        case OnnxFields.ATTR_STRINGS -> {
          expect(in, tag, ProtoOutput.LEN, "AttributeProto");
          strings.add(in.readString());
        }
        case OnnxFields.ATTR_TENSORS -> {
          expect(in, tag, ProtoOutput.LEN, "AttributeProto");
          tensors.add(tensor(in.readMessage()).tensor());
        }
        case OnnxFields.ATTR_GRAPHS -> {
          expect(in, tag, ProtoOutput.LEN, "AttributeProto");
          graphs.add(graph(in.readMessage(), depth + 1));
        }
        case OnnxFields.ATTR_SPARSE_TENSOR, OnnxFields.ATTR_SPARSE_TENSORS ->
            throw unsupported(in, "a sparse tensor attribute");
        case OnnxFields.ATTR_TP, OnnxFields.ATTR_TYPE_PROTOS -> throw unsupported(in, "a type-proto attribute");
        case OnnxFields.ATTR_REF_ATTR_NAME -> throw unsupported(in, "an attribute reference (used in functions)");
        default -> in.skip(wt);
      }
    }
    if (name == null || name.isEmpty()) {
      throw in.error("an attribute has no name");
    }
    if (type == 0) {
      // IR version 1 files carry no type: infer it from the field that is set.
      type = f != null ? 1 : i != null ? 2 : s != null ? 3 : t != null ? 4 : g != null ? 5
          : floats.size() > 0 ? 6 : ints.size() > 0 ? 7 : !strings.isEmpty() ? 8
          : !tensors.isEmpty() ? 9 : !graphs.isEmpty() ? 10 : 0;
    }
    Attribute.Type at;
    try {
      at = Attribute.Type.fromCode(type);
    } catch (IllegalArgumentException e) {
      throw in.error("attribute '" + name + "' has type " + type + ", which fastj does not read");
    }
    Object value = switch (at) {
      case FLOAT -> f == null ? 0f : f;
      case INT -> i == null ? 0L : i;
      case STRING -> s == null ? "" : s;
      case TENSOR -> t;
      case GRAPH -> g;
      case FLOATS -> floats.toFloats();
      case INTS -> ints.toLongs();
      case STRINGS -> strings.toArray(String[]::new);
      case TENSORS -> tensors.toArray(Tensor[]::new);
      case GRAPHS -> graphs.toArray(Graph[]::new);
    };
    if (value == null) {
      throw in.error("attribute '" + name + "' of type " + at + " has no value");
    }
    return new Attribute(name, at, value);
  }

  private record NamedTensor(String name, Tensor tensor) {
  }

  private NamedTensor tensor(ProtoInput in) {
    int start = in.position();
    Numbers dims = new Numbers();
    int dataType = 0;
    String name = "";
    byte[] raw = null;
    Numbers floatData = new Numbers();
    Numbers int32Data = new Numbers();
    Numbers int64Data = new Numbers();
    Numbers doubleData = new Numbers();
    Numbers uint64Data = new Numbers();
    boolean external = false;
    boolean strings = false;
    while (in.hasMore()) {
      int tag = in.readTag();
      int wt = tag & 7;
      switch (tag >>> 3) {
        case OnnxFields.TENSOR_DIMS -> dims.readVarints(in, wt);
        case OnnxFields.TENSOR_DATA_TYPE -> {
          expect(in, tag, ProtoOutput.VARINT, "TensorProto");
          dataType = (int) in.readRawVarint();
        }
        case OnnxFields.TENSOR_NAME -> {
          expect(in, tag, ProtoOutput.LEN, "TensorProto");
          name = in.readString();
        }
        case OnnxFields.TENSOR_RAW_DATA -> {
          expect(in, tag, ProtoOutput.LEN, "TensorProto");
          raw = in.readBytes();
        }
        case OnnxFields.TENSOR_FLOAT_DATA -> floatData.readFixed32(in, wt);
        case OnnxFields.TENSOR_INT32_DATA -> int32Data.readVarints(in, wt);
        case OnnxFields.TENSOR_INT64_DATA -> int64Data.readVarints(in, wt);
        case OnnxFields.TENSOR_DOUBLE_DATA -> doubleData.readFixed64(in, wt);
        case OnnxFields.TENSOR_UINT64_DATA -> uint64Data.readVarints(in, wt);
        case OnnxFields.TENSOR_STRING_DATA -> {
          strings = true;
          in.skip(wt);
        }
        case OnnxFields.TENSOR_SEGMENT -> throw unsupported(in, "a segmented tensor");
        case OnnxFields.TENSOR_EXTERNAL_DATA -> {
          external = true;
          in.skip(wt);
        }
        case OnnxFields.TENSOR_DATA_LOCATION -> {
          expect(in, tag, ProtoOutput.VARINT, "TensorProto");
          external |= in.readRawVarint() == 1;
        }
        default -> in.skip(wt);
      }
    }
    String label = name.isEmpty() ? "a tensor" : "tensor '" + name + "'";
    if (external) {
      throw in.errorAt(start, label + " is stored as external data, which fastj does not read; save the model"
          + " with all tensors inside the file (onnx.save(model, path, save_as_external_data=False))");
    }
    DataType type;
    try {
      type = DataType.fromCode(dataType);
    } catch (IllegalArgumentException e) {
      throw in.errorAt(start, label + ": " + e.getMessage());
    }
    if (type == DataType.STRING || strings) {
      throw in.errorAt(start, label + " holds strings; fastj reads numeric and bool tensors only");
    }
    long[] shape = dims.toLongs();
    long n = 1;
    for (long d : shape) {
      if (d < 0 || (d > 0 && n > Integer.MAX_VALUE / d)) {
        throw in.errorAt(start, label + " has invalid dims " + java.util.Arrays.toString(shape));
      }
      n *= d;
    }
    if (raw == null) {
      raw = switch (type) {
        case FLOAT -> floatData.toRaw(4);
        case DOUBLE -> doubleData.toRaw(8);
        case INT64 -> int64Data.toRaw(8);
        case INT32 -> int32Data.toRaw(4);
        case FLOAT16 -> int32Data.toRaw(2);
        case INT8, UINT8, BOOL -> int32Data.toRaw(1);
        default -> throw in.errorAt(start, label + " has unsupported type " + type);
      };
    }
    if (raw.length != n * type.bytes()) {
      throw in.errorAt(start, label + " of " + type + " " + java.util.Arrays.toString(shape) + " needs "
          + n * type.bytes() + " bytes of data but holds " + raw.length);
    }
    return new NamedTensor(name, Tensor.ofRaw(type, shape, raw));
  }

  /** A tensor type, or null for sequence, map and optional types. */
  private ValueInfo valueInfo(ProtoInput in) {
    String name = "";
    ProtoInput tensorType = null;
    boolean typed = false;
    while (in.hasMore()) {
      int tag = in.readTag();
      if (tag >>> 3 == OnnxFields.VALUE_INFO_NAME) {
        expect(in, tag, ProtoOutput.LEN, "ValueInfoProto");
        name = in.readString();
      } else if (tag >>> 3 == OnnxFields.VALUE_INFO_TYPE) {
        expect(in, tag, ProtoOutput.LEN, "ValueInfoProto");
        typed = true;
        ProtoInput type = in.readMessage();
        while (type.hasMore()) {
          int t = type.readTag();
          if (t >>> 3 == OnnxFields.TYPE_TENSOR_TYPE) {
            expect(type, t, ProtoOutput.LEN, "TypeProto");
            tensorType = type.readMessage();
          } else {
            type.skip(t & 7);
          }
        }
      } else {
        in.skip(tag & 7);
      }
    }
    if (name.isEmpty()) {
      throw in.error("a graph input, output or value_info has no name");
    }
    if (!typed) {
      return new ValueInfo(name, null, null, null);
    }
    if (tensorType == null) {
      return null;
    }
    DataType elem = null;
    List<Long> dims = null;
    List<String> dimNames = null;
    while (tensorType.hasMore()) {
      int t = tensorType.readTag();
      if (t >>> 3 == OnnxFields.TENSOR_TYPE_ELEM_TYPE) {
        expect(tensorType, t, ProtoOutput.VARINT, "TypeProto.Tensor");
        int code = (int) tensorType.readRawVarint();
        try {
          elem = code == 0 ? null : DataType.fromCode(code);
        } catch (IllegalArgumentException e) {
          throw tensorType.error("value '" + name + "': " + e.getMessage());
        }
      } else if (t >>> 3 == OnnxFields.TENSOR_TYPE_SHAPE) {
        expect(tensorType, t, ProtoOutput.LEN, "TypeProto.Tensor");
        ProtoInput shape = tensorType.readMessage();
        dims = new ArrayList<>();
        dimNames = new ArrayList<>();
        while (shape.hasMore()) {
          int st = shape.readTag();
          if (st >>> 3 == OnnxFields.SHAPE_DIM) {
            expect(shape, st, ProtoOutput.LEN, "TensorShapeProto");
            ProtoInput dim = shape.readMessage();
            long value = -1;
            String param = null;
            while (dim.hasMore()) {
              int dt = dim.readTag();
              if (dt >>> 3 == OnnxFields.DIM_VALUE) {
                expect(dim, dt, ProtoOutput.VARINT, "TensorShapeProto.Dimension");
                value = dim.readRawVarint();
              } else if (dt >>> 3 == OnnxFields.DIM_PARAM) {
                expect(dim, dt, ProtoOutput.LEN, "TensorShapeProto.Dimension");
                param = dim.readString();
              } else {
                dim.skip(dt & 7);
              }
            }
            dims.add(value);
            dimNames.add(value >= 0 ? null : param);
          } else {
            shape.skip(st & 7);
          }
        }
      } else {
        tensorType.skip(t & 7);
      }
    }
    long[] d = dims == null ? null : dims.stream().mapToLong(Long::longValue).toArray();
    String[] dn = dimNames == null ? null : dimNames.toArray(String[]::new);
    return new ValueInfo(name, elem, d, dn);
  }

  /** A growable list of numbers read from repeated (packed or unpacked) scalar fields. */
  private static final class Numbers {
    private long[] bits = new long[8];
    private int size;

    int size() {
      return size;
    }

    private void add(long v) {
      if (size == bits.length) {
        bits = java.util.Arrays.copyOf(bits, bits.length * 2);
      }
      bits[size++] = v;
    }

    void readVarints(ProtoInput in, int wireType) {
      if (wireType == ProtoOutput.LEN) {
        ProtoInput p = in.readMessage();
        while (p.hasMore()) {
          add(p.readRawVarint());
        }
      } else if (wireType == ProtoOutput.VARINT) {
        add(in.readRawVarint());
      } else {
        throw in.error("a repeated integer field has wire type " + wireType + " (corrupted file?)");
      }
    }

    void readFixed32(ProtoInput in, int wireType) {
      if (wireType == ProtoOutput.LEN) {
        ProtoInput p = in.readMessage();
        while (p.hasMore()) {
          add(p.readFixed32());
        }
      } else if (wireType == ProtoOutput.FIXED32) {
        add(in.readFixed32());
      } else {
        throw in.error("a repeated float field has wire type " + wireType + " (corrupted file?)");
      }
    }

    void readFixed64(ProtoInput in, int wireType) {
      if (wireType == ProtoOutput.LEN) {
        ProtoInput p = in.readMessage();
        while (p.hasMore()) {
          add(p.readFixed64());
        }
      } else if (wireType == ProtoOutput.FIXED64) {
        add(in.readFixed64());
      } else {
        throw in.error("a repeated double field has wire type " + wireType + " (corrupted file?)");
      }
    }

    long[] toLongs() {
      return java.util.Arrays.copyOf(bits, size);
    }

    float[] toFloats() {
      float[] out = new float[size];
      for (int k = 0; k < size; k++) {
        out[k] = Float.intBitsToFloat((int) bits[k]);
      }
      return out;
    }

    /** The low {@code width} bytes of each number, little-endian. */
    byte[] toRaw(int width) {
      byte[] out = new byte[size * width];
      for (int k = 0; k < size; k++) {
        for (int b = 0; b < width; b++) {
          out[k * width + b] = (byte) (bits[k] >>> (8 * b));
        }
      }
      return out;
    }
  }
}
