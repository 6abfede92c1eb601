package dev.fastj.onnx.proto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fastj.onnx.graph.Attribute;
import dev.fastj.onnx.graph.Graph;
import dev.fastj.onnx.graph.Model;
import dev.fastj.onnx.graph.Node;
import dev.fastj.onnx.graph.ValueInfo;
import java.util.List;

/** Deep equality of models for tests: attribute arrays and subgraphs compared by content. */
final class ModelAssert {

  private ModelAssert() {
  }

  static void assertSameModel(Model actual, Model expected) {
    assertThat(actual.opsets()).isEqualTo(expected.opsets());
    assertThat(actual.irVersion()).isEqualTo(expected.irVersion());
    assertThat(actual.producerName()).isEqualTo(expected.producerName());
    assertThat(actual.producerVersion()).isEqualTo(expected.producerVersion());
    assertThat(actual.metadata()).isEqualTo(expected.metadata());
    assertSameGraph(actual.graph(), expected.graph(), "graph");
  }

  static void assertSameGraph(Graph a, Graph e, String where) {
    assertThat(a.name()).as(where + " name").isEqualTo(e.name());
    assertSameValues(a.inputs(), e.inputs(), where + " inputs");
    assertSameValues(a.outputs(), e.outputs(), where + " outputs");
    assertSameValues(a.valueInfo(), e.valueInfo(), where + " value_info");
    assertThat(a.initializers()).as(where + " initializers").isEqualTo(e.initializers());
    assertThat(List.copyOf(a.initializers().keySet())).as(where + " initializer order")
        .isEqualTo(List.copyOf(e.initializers().keySet()));
    assertThat(a.nodes()).as(where + " node count").hasSameSizeAs(e.nodes());
    for (int i = 0; i < a.nodes().size(); i++) {
      Node an = a.nodes().get(i);
      Node en = e.nodes().get(i);
      String w = where + " node " + i + " " + en.describe();
      assertThat(an.name()).as(w).isEqualTo(en.name());
      assertThat(an.opType()).as(w).isEqualTo(en.opType());
      assertThat(an.domain()).as(w).isEqualTo(en.domain());
      assertThat(an.inputs()).as(w).isEqualTo(en.inputs());
      assertThat(an.outputs()).as(w).isEqualTo(en.outputs());
      assertThat(List.copyOf(an.attributes().keySet())).as(w).isEqualTo(List.copyOf(en.attributes().keySet()));
      for (Attribute ea : en.attributes().values()) {
        assertSameAttribute(an.attr(ea.name()), ea, w + " attribute " + ea.name());
      }
    }
  }

  private static void assertSameAttribute(Attribute a, Attribute e, String where) {
    assertThat(a.type()).as(where).isEqualTo(e.type());
    switch (e.type()) {
      case GRAPH -> assertSameGraph(a.asGraph(), e.asGraph(), where);
      case GRAPHS -> {
        Graph[] ag = (Graph[]) a.value();
        Graph[] eg = (Graph[]) e.value();
        assertThat(ag).as(where).hasSameSizeAs(eg);
        for (int i = 0; i < eg.length; i++) {
          assertSameGraph(ag[i], eg[i], where + "[" + i + "]");
        }
      }
      default -> assertThat(a.value()).as(where).isEqualTo(e.value());
    }
  }

  private static void assertSameValues(List<ValueInfo> a, List<ValueInfo> e, String where) {
    assertThat(a).as(where).isEqualTo(e);
    for (int i = 0; i < e.size(); i++) {
      assertThat(a.get(i).dimNames()).as(where + " " + e.get(i) + " dim names").isEqualTo(e.get(i).dimNames());
    }
  }
}
