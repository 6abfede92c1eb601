package dev.fastj.onnx.proto;

/** Field numbers of the ONNX protobuf messages (onnx/onnx.proto, IR version 8 and later). */
final class OnnxFields {

  private OnnxFields() {
  }

  // ModelProto
  static final int MODEL_IR_VERSION = 1;
  static final int MODEL_PRODUCER_NAME = 2;
  static final int MODEL_PRODUCER_VERSION = 3;
  static final int MODEL_DOMAIN = 4;
  static final int MODEL_MODEL_VERSION = 5;
  static final int MODEL_DOC_STRING = 6;
  static final int MODEL_GRAPH = 7;
  static final int MODEL_OPSET_IMPORT = 8;
  static final int MODEL_METADATA_PROPS = 14;
  static final int MODEL_TRAINING_INFO = 20;
  static final int MODEL_FUNCTIONS = 25;

  // OperatorSetIdProto
  static final int OPSET_DOMAIN = 1;
  static final int OPSET_VERSION = 2;

  // StringStringEntryProto
  static final int ENTRY_KEY = 1;
  static final int ENTRY_VALUE = 2;

  // GraphProto
  static final int GRAPH_NODE = 1;
  static final int GRAPH_NAME = 2;
  static final int GRAPH_INITIALIZER = 5;
  static final int GRAPH_DOC_STRING = 10;
  static final int GRAPH_INPUT = 11;
  static final int GRAPH_OUTPUT = 12;
  static final int GRAPH_VALUE_INFO = 13;
  static final int GRAPH_QUANTIZATION_ANNOTATION = 14;
  static final int GRAPH_SPARSE_INITIALIZER = 15;

  // NodeProto
  static final int NODE_INPUT = 1;
  static final int NODE_OUTPUT = 2;
  static final int NODE_NAME = 3;
  static final int NODE_OP_TYPE = 4;
  static final int NODE_ATTRIBUTE = 5;
  static final int NODE_DOC_STRING = 6;
  static final int NODE_DOMAIN = 7;

  // AttributeProto
  static final int ATTR_NAME = 1;
  static final int ATTR_F = 2;
  static final int ATTR_I = 3;
  static final int ATTR_S = 4;
  static final int ATTR_T = 5;
  static final int ATTR_G = 6;
  static final int ATTR_FLOATS = 7;
  static final int ATTR_INTS = 8;
  static final int ATTR_STRINGS = 9;
  static final int ATTR_TENSORS = 10;
  static final int ATTR_GRAPHS = 11;
  static final int ATTR_DOC_STRING = 13;
  static final int ATTR_TP = 14;
  static final int ATTR_TYPE_PROTOS = 15;
  static final int ATTR_TYPE = 20;
  static final int ATTR_REF_ATTR_NAME = 21;
  static final int ATTR_SPARSE_TENSOR = 22;
  static final int ATTR_SPARSE_TENSORS = 23;

  // TensorProto
  static final int TENSOR_DIMS = 1;
  static final int TENSOR_DATA_TYPE = 2;
  static final int TENSOR_SEGMENT = 3;
  static final int TENSOR_FLOAT_DATA = 4;
  static final int TENSOR_INT32_DATA = 5;
  static final int TENSOR_STRING_DATA = 6;
  static final int TENSOR_INT64_DATA = 7;
  static final int TENSOR_NAME = 8;
  static final int TENSOR_RAW_DATA = 9;
  static final int TENSOR_DOUBLE_DATA = 10;
  static final int TENSOR_UINT64_DATA = 11;
  static final int TENSOR_DOC_STRING = 12;
  static final int TENSOR_EXTERNAL_DATA = 13;
  static final int TENSOR_DATA_LOCATION = 14;

  // ValueInfoProto
  static final int VALUE_INFO_NAME = 1;
  static final int VALUE_INFO_TYPE = 2;
  static final int VALUE_INFO_DOC_STRING = 3;

  // TypeProto
  static final int TYPE_TENSOR_TYPE = 1;
  static final int TYPE_SEQUENCE_TYPE = 4;
  static final int TYPE_MAP_TYPE = 5;
  static final int TYPE_DENOTATION = 6;
  static final int TYPE_SPARSE_TENSOR_TYPE = 8;
  static final int TYPE_OPTIONAL_TYPE = 9;

  // TypeProto.Tensor
  static final int TENSOR_TYPE_ELEM_TYPE = 1;
  static final int TENSOR_TYPE_SHAPE = 2;

  // TensorShapeProto and its Dimension
  static final int SHAPE_DIM = 1;
  static final int DIM_VALUE = 1;
  static final int DIM_PARAM = 2;
  static final int DIM_DENOTATION = 3;
}
