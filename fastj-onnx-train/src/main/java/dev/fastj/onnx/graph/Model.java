package dev.fastj.onnx.graph;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An ONNX model: a graph, its operator set imports (domain to version; "" is the default
 * domain), the IR version, and metadata (provenance: producer, fastj version, vocab...).
 */
public record Model(Graph graph, Map<String, Long> opsets, long irVersion, String producerName,
    String producerVersion, Map<String, String> metadata) {

  /** The opset fastj emits: every graph it builds uses this version of the default domain. */
  public static final long OPSET = 18;

  /** The IR version matching {@link #OPSET} (ONNX 1.13+). */
  public static final long IR_VERSION = 8;

  public Model {
    opsets = Collections.unmodifiableMap(new LinkedHashMap<>(opsets));
    metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
  }

  /** A model of fastj's pinned opset around {@code graph}. */
  public static Model of(Graph graph) {
    return new Model(graph, Map.of("", OPSET), IR_VERSION, "fastj", "0.1.0", Map.of());
  }

  public Model withMetadata(Map<String, String> md) {
    Map<String, String> m = new LinkedHashMap<>(metadata);
    m.putAll(md);
    return new Model(graph, opsets, irVersion, producerName, producerVersion, m);
  }

  public Model withGraph(Graph g) {
    return new Model(g, opsets, irVersion, producerName, producerVersion, metadata);
  }

  /** The default-domain opset version (0 when absent). */
  public long opset() {
    return opsets.getOrDefault("", 0L);
  }
}
