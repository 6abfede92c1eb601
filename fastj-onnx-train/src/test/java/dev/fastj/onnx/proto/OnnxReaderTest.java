package dev.fastj.onnx.proto;

import static dev.fastj.onnx.proto.ModelAssert.assertSameModel;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.within;

import dev.fastj.onnx.graph.Attribute;
import dev.fastj.onnx.graph.DataType;
import dev.fastj.onnx.graph.Graph;
import dev.fastj.onnx.graph.GraphBuilder;
import dev.fastj.onnx.graph.Model;
import dev.fastj.onnx.graph.Node;
import dev.fastj.onnx.graph.Tensor;
import dev.fastj.onnx.graph.ValueInfo;
import dev.fastj.onnx.runtime.GraphRunner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxReaderTest {

  @TempDir
  Path dir;

  private static Graph branch(String name, float value) {
    GraphBuilder b = new GraphBuilder(name);
    b.initializer(name + "_c", Tensor.ofFloats(new float[] {value}, 1));
    b.identityAs(name + "_c", name + "_out");
    b.output(name + "_out", DataType.FLOAT, 1);
    return b.build();
  }

  /** A model with one node per attribute kind, initializers of every type and symbolic dims. */
  static Model everything() {
    Map<String, Attribute> attrs = new LinkedHashMap<>();
    for (Attribute a : List.of(
        Attribute.of("f", -1.25f),
        Attribute.of("i", -7L),
        Attribute.of("big", Long.MAX_VALUE),
        Attribute.of("s", "héllo ∑"),
        Attribute.of("t", Tensor.ofLongs(new long[] {1, -2, 3}, 3)),
        Attribute.of("g", branch("sub", 2f)),
        Attribute.of("floats", new float[] {1.5f, Float.NaN, Float.NEGATIVE_INFINITY}),
        Attribute.of("ints", new long[] {0, -1, 1L << 40}),
        Attribute.of("strings", new String[] {"a", "", "ç"}),
        Attribute.of("tensors", new Tensor[] {Tensor.ofFloats(new float[] {1}, 1), Tensor.ofBools(new boolean[] {true})}),
        Attribute.of("graphs", new Graph[] {branch("g0", 0f), branch("g1", 1f)}),
        Attribute.of("empty_ints", new long[0]))) {
      attrs.put(a.name(), a);
    }
    GraphBuilder b = new GraphBuilder("everything");
    b.addInput(new ValueInfo("x", DataType.FLOAT, new long[] {-1, 3, -1, -1}, new String[] {"batch", null, "h", null}));
    b.addInput(new ValueInfo("unknown_rank", DataType.INT64, null, null));
    b.initializer("f32", Tensor.ofFloats(new float[] {1.5f, -0f, Float.MIN_VALUE}, 3));
    b.initializer("f64", Tensor.ofDoubles(new double[] {Math.E, -1e-300}, 2, 1));
    b.initializer("i64", Tensor.ofLongs(new long[] {Long.MIN_VALUE, Long.MAX_VALUE}, 2));
    b.initializer("i32", Tensor.ofInts(new int[] {Integer.MIN_VALUE, 5}, 1, 2));
    b.initializer("bool", Tensor.ofBools(new boolean[] {true, false}, 2));
    b.initializer("i8", Tensor.ofRaw(DataType.INT8, new long[] {2}, new byte[] {-128, 127}));
    b.initializer("u8", Tensor.ofRaw(DataType.UINT8, new long[] {2}, new byte[] {(byte) 255, 0}));
    b.initializer("f16", Tensor.ofRaw(DataType.FLOAT16, new long[] {1}, new byte[] {0x00, 0x3c}));
    b.initializer("scalar", Tensor.scalar(DataType.FLOAT, 4));
    b.initializer("empty", Tensor.ofFloats(new float[0], 0, 3));
    b.addNode(new Node("custom", "Custom", "test.domain", List.of("x", "", "f32"), List.of("y", ""), attrs));
    b.output("y", DataType.FLOAT, -1, 3);
    b.annotate(ValueInfo.of("mid", DataType.DOUBLE, 2, 2));
    Map<String, Long> opsets = new LinkedHashMap<>();
    opsets.put("", 18L);
    opsets.put("test.domain", 1L);
    return new Model(b.build(), opsets, 8, "fastj-test", "9.9", Map.of("k", "v", "ünïcode", "✓"));
  }

  @Test
  void read_writtenModel_isEqualForEveryAttributeKindAndTensorType() {
    Model m = everything();
    byte[] bytes = OnnxWriter.toBytes(m);
    Model back = OnnxReader.read(bytes);
    assertSameModel(back, m);
    assertThat(OnnxWriter.toBytes(back)).isEqualTo(bytes);
  }

  @Test
  void read_fromFile_isEqual() {
    Path f = dir.resolve("everything.onnx");
    OnnxWriter.write(everything(), f);
    assertSameModel(OnnxReader.read(f), everything());
  }

  @Test
  void roundTrip_ifWithSubgraphs_runsOnOrt() {
    GraphBuilder b = new GraphBuilder("cond");
    b.input("c", DataType.BOOL);
    b.addNode(new Node("if", "If", "", List.of("c"), List.of("r"),
        Map.of("then_branch", Attribute.of("then_branch", branch("yes", 1f)),
            "else_branch", Attribute.of("else_branch", branch("no", -1f)))));
    b.output("r", DataType.FLOAT, 1);
    Model m = OnnxReader.read(OnnxWriter.toBytes(Model.of(b.build())));
    assertThat(GraphRunner.run(m, Map.of("c", Tensor.ofBools(new boolean[] {true}))).get("r").toFloats())
        .containsExactly(1f);
    assertThat(GraphRunner.run(m, Map.of("c", Tensor.ofBools(new boolean[] {false}))).get("r").toFloats())
        .containsExactly(-1f);
  }

  /** A ModelProto around one initializer whose TensorProto body is {@code tensor}. */
  private static byte[] modelWithTensor(ProtoOutput tensor) {
    ProtoOutput graph = new ProtoOutput();
    graph.string(OnnxFields.GRAPH_NAME, "typed");
    graph.message(OnnxFields.GRAPH_INITIALIZER, tensor);
    ProtoOutput opset = new ProtoOutput();
    opset.string(OnnxFields.OPSET_DOMAIN, "ai.onnx");
    opset.varint(OnnxFields.OPSET_VERSION, 13);
    ProtoOutput model = new ProtoOutput();
    model.varint(OnnxFields.MODEL_IR_VERSION, 7);
    model.message(OnnxFields.MODEL_GRAPH, graph);
    model.message(OnnxFields.MODEL_OPSET_IMPORT, opset);
    return model.toBytes();
  }

  private static ProtoOutput tensorHeader(String name, DataType type, long... dims) {
    ProtoOutput t = new ProtoOutput();
    for (long d : dims) {
      t.varint(OnnxFields.TENSOR_DIMS, d);
    }
    t.varint(OnnxFields.TENSOR_DATA_TYPE, type.code());
    t.string(OnnxFields.TENSOR_NAME, name);
    return t;
  }

  private static Tensor readSingle(ProtoOutput tensor) {
    Model m = OnnxReader.read(modelWithTensor(tensor));
    assertThat(m.opset()).as("ai.onnx is the default domain").isEqualTo(13);
    return m.graph().initializers().values().iterator().next();
  }

  @Test
  void read_typedFields_unpacked() {
    ProtoOutput t = tensorHeader("w", DataType.FLOAT, 2);
    t.float32(OnnxFields.TENSOR_FLOAT_DATA, 1.5f);
    t.float32(OnnxFields.TENSOR_FLOAT_DATA, -3f);
    assertThat(readSingle(t)).isEqualTo(Tensor.ofFloats(new float[] {1.5f, -3f}, 2));

    t = tensorHeader("d", DataType.DOUBLE, 1);
    t.float64(OnnxFields.TENSOR_DOUBLE_DATA, Math.PI);
    assertThat(readSingle(t)).isEqualTo(Tensor.ofDoubles(new double[] {Math.PI}, 1));

    t = tensorHeader("l", DataType.INT64, 2);
    t.varint(OnnxFields.TENSOR_INT64_DATA, -5);
    t.varint(OnnxFields.TENSOR_INT64_DATA, 1L << 50);
    assertThat(readSingle(t)).isEqualTo(Tensor.ofLongs(new long[] {-5, 1L << 50}, 2));

    t = tensorHeader("i", DataType.INT32, 2);
    t.varint(OnnxFields.TENSOR_INT32_DATA, -7);
    t.varint(OnnxFields.TENSOR_INT32_DATA, 70000);
    assertThat(readSingle(t)).isEqualTo(Tensor.ofInts(new int[] {-7, 70000}, 2));

    t = tensorHeader("b", DataType.BOOL, 3);
    t.varint(OnnxFields.TENSOR_INT32_DATA, 1);
    t.varint(OnnxFields.TENSOR_INT32_DATA, 0);
    t.varint(OnnxFields.TENSOR_INT32_DATA, 1);
    assertThat(readSingle(t)).isEqualTo(Tensor.ofBools(new boolean[] {true, false, true}, 3));

    t = tensorHeader("h", DataType.FLOAT16);
    t.varint(OnnxFields.TENSOR_INT32_DATA, 0xC000);
    assertThat(readSingle(t).toFloats()).containsExactly(-2f);
  }

  @Test
  void read_typedFields_packed() {
    // A packed field is one length-delimited run of the values' encodings.
    byte[] f = Tensor.ofFloats(new float[] {0.25f, 8f, -1f}, 3).raw();
    ProtoOutput t = tensorHeader("w", DataType.FLOAT, 3);
    t.bytes(OnnxFields.TENSOR_FLOAT_DATA, f);
    assertThat(readSingle(t)).isEqualTo(Tensor.ofFloats(new float[] {0.25f, 8f, -1f}, 3));

    byte[] d = Tensor.ofDoubles(new double[] {1e10, -2}, 2).raw();
    t = tensorHeader("d", DataType.DOUBLE, 2);
    t.bytes(OnnxFields.TENSOR_DOUBLE_DATA, d);
    assertThat(readSingle(t)).isEqualTo(Tensor.ofDoubles(new double[] {1e10, -2}, 2));

    // varints 3, -1 (ten bytes), 300
    byte[] v = {3, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff,
        (byte) 0xff, (byte) 0xff, 0x01, (byte) 0xac, 0x02};
    t = tensorHeader("l", DataType.INT64, 3);
    t.bytes(OnnxFields.TENSOR_INT64_DATA, v);
    assertThat(readSingle(t)).isEqualTo(Tensor.ofLongs(new long[] {3, -1, 300}, 3));
  }

  @Test
  void read_wrongValueCount_namesTensor() {
    ProtoOutput t = tensorHeader("w", DataType.FLOAT, 2, 2);
    t.float32(OnnxFields.TENSOR_FLOAT_DATA, 1f);
    assertThatThrownBy(() -> OnnxReader.read(modelWithTensor(t), "bad.onnx"))
        .isInstanceOf(OnnxFormatException.class)
        .hasMessageContaining("bad.onnx")
        .hasMessageContaining("tensor 'w'")
        .hasMessageContaining("needs 16 bytes");
  }

  @Test
  void read_externalData_isRefusedClearly() {
    ProtoOutput t = tensorHeader("big", DataType.FLOAT, 1000);
    ProtoOutput loc = new ProtoOutput();
    loc.string(OnnxFields.ENTRY_KEY, "location");
    loc.string(OnnxFields.ENTRY_VALUE, "weights.bin");
    t.message(OnnxFields.TENSOR_EXTERNAL_DATA, loc);
    t.varint(OnnxFields.TENSOR_DATA_LOCATION, 1);
    assertThatThrownBy(() -> OnnxReader.read(modelWithTensor(t), "ext.onnx"))
        .isInstanceOf(OnnxFormatException.class)
        .hasMessageContaining("ext.onnx")
        .hasMessageContaining("tensor 'big' is stored as external data");
  }

  @Test
  void read_unsupportedElementType_namesIt() {
    ProtoOutput u = new ProtoOutput();
    u.varint(OnnxFields.TENSOR_DIMS, 1);
    u.varint(OnnxFields.TENSOR_DATA_TYPE, 4);
    u.string(OnnxFields.TENSOR_NAME, "u16");
    u.bytes(OnnxFields.TENSOR_RAW_DATA, new byte[2]);
    assertThatThrownBy(() -> OnnxReader.read(modelWithTensor(u)))
        .isInstanceOf(OnnxFormatException.class)
        .hasMessageContaining("tensor 'u16'")
        .hasMessageContaining("element type 4");
  }

  @Test
  void read_everyTruncation_givesFormatExceptionWithOffset() {
    byte[] full = OnnxWriter.toBytes(Model.of(everything().graph()));
    for (int len = 0; len < full.length; len++) {
      byte[] cut = java.util.Arrays.copyOf(full, len);
      Throwable t = catchThrowable(() -> OnnxReader.read(cut, "cut.onnx"));
      assertThat(t).as("prefix of %d of %d bytes", len, full.length).isInstanceOf(OnnxFormatException.class);
      assertThat(t.getMessage()).startsWith("cut.onnx");
    }
  }

  @Test
  void read_truncatedFile_namesFileAndOffset() throws Exception {
    byte[] full = OnnxWriter.toBytes(everything());
    Path f = dir.resolve("half.onnx");
    Files.write(f, java.util.Arrays.copyOf(full, full.length / 2));
    assertThatThrownBy(() -> OnnxReader.read(f))
        .isInstanceOf(OnnxFormatException.class)
        .hasMessageContaining(f.toString())
        .hasMessageMatching(".* at byte \\d+: .*truncated.*")
        .satisfies(e -> assertThat(((OnnxFormatException) e).offset()).isBetween(0L, (long) full.length / 2));
  }

  @Test
  void read_textOrRandomBytes_givesFormatException() {
    assertThatThrownBy(() -> OnnxReader.read("hello, this is not a model\n".getBytes(StandardCharsets.UTF_8), "a.txt"))
        .isInstanceOf(OnnxFormatException.class)
        .hasMessageStartingWith("a.txt at byte ");
    assertThatThrownBy(() -> OnnxReader.read(new byte[0], "empty.onnx"))
        .isInstanceOf(OnnxFormatException.class)
        .hasMessageContaining("empty");
    Random rnd = new Random(42);
    for (int i = 0; i < 200; i++) {
      byte[] junk = new byte[1 + rnd.nextInt(2000)];
      rnd.nextBytes(junk);
      assertThat(catchThrowable(() -> OnnxReader.read(junk))).as("junk %d", i)
          .isInstanceOf(OnnxFormatException.class);
    }
  }

  @Test
  void read_mutatedModel_neverFailsWithAnythingButFormatException() {
    byte[] full = OnnxWriter.toBytes(everything());
    Random rnd = new Random(7);
    int failures = 0;
    for (int i = 0; i < 2000; i++) {
      byte[] m = full.clone();
      int flips = 1 + rnd.nextInt(3);
      for (int k = 0; k < flips; k++) {
        m[rnd.nextInt(m.length)] = (byte) rnd.nextInt(256);
      }
      Throwable t = catchThrowable(() -> OnnxReader.read(m));
      if (t != null) {
        assertThat(t).as("mutation %d", i).isInstanceOf(OnnxFormatException.class);
        failures++;
      }
    }
    assertThat(failures).as("most mutations break the structure").isGreaterThan(100);
  }

  @Test
  void read_nestedGraphs_tooDeep_isRefused() {
    Graph g = branch("leaf", 0f);
    for (int i = 0; i < 70; i++) {
      GraphBuilder b = new GraphBuilder("level" + i);
      b.addNode(new Node("n" + i, "Loop", "", List.of(), List.of("o" + i), Map.of("body", Attribute.of("body", g))));
      g = b.build();
    }
    byte[] bytes = OnnxWriter.toBytes(Model.of(g));
    assertThatThrownBy(() -> OnnxReader.read(bytes))
        .isInstanceOf(OnnxFormatException.class)
        .hasMessageContaining("nested more than 64");
  }

  @Test
  void read_writtenGemm_runsOnOrtWithSameNumbers() {
    GraphBuilder b = new GraphBuilder("mlp");
    String x = b.input("x", DataType.FLOAT, -1, 2);
    b.initializer("w", Tensor.ofFloats(new float[] {1, -1, 2, 0.5f}, 2, 2));
    String y = b.identityAs(b.op("Relu", b.matMul(x, "w")), "y");
    b.output(y, DataType.FLOAT, -1, 2);
    Model back = OnnxReader.read(OnnxWriter.toBytes(Model.of(b.build())));
    Tensor out = GraphRunner.run(back, Map.of("x", Tensor.ofFloats(new float[] {1, 2}, 1, 2))).get("y");
    assertThat(out.toFloats()).containsExactly(new float[] {5f, 0f}, within(1e-6f));
  }

  @Test
  void read_missingFile_namesIt() {
    Path f = dir.resolve("absent.onnx");
    assertThatThrownBy(() -> OnnxReader.read(f))
        .isInstanceOf(java.io.UncheckedIOException.class)
        .hasMessageContaining(f.toString());
  }
}
