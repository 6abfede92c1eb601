package dev.fastj.onnx.graph;

/** ONNX tensor element types that fastj graphs use, with their TensorProto codes. */
public enum DataType {
  FLOAT(1, 4),
  UINT8(2, 1),
  INT8(3, 1),
  INT32(6, 4),
  INT64(7, 8),
  STRING(8, 0),
  BOOL(9, 1),
  FLOAT16(10, 2),
  DOUBLE(11, 8);

  private final int code;
  private final int bytes;

  DataType(int code, int bytes) {
    this.code = code;
    this.bytes = bytes;
  }

  /** The TensorProto.DataType code. */
  public int code() {
    return code;
  }

  /** Bytes per element (0 for STRING). */
  public int bytes() {
    return bytes;
  }

  public boolean isFloating() {
    return this == FLOAT || this == DOUBLE || this == FLOAT16;
  }

  /** The type for a TensorProto code; fails naming the code when fastj does not handle it. */
  public static DataType fromCode(int code) {
    for (DataType t : values()) {
      if (t.code == code) {
        return t;
      }
    }
    throw new IllegalArgumentException("unsupported ONNX tensor element type " + code
        + "; fastj handles float, double, float16, int8, uint8, int32, int64, bool and string");
  }
}
