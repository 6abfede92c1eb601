package dev.fastj.spark;

import dev.fastj.learner.Prediction;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/** The prediction structs of the transformers, and their types. */
final class PredictionRows {

  private PredictionRows() {}

  /** {@code label} string, {@code index} int, {@code probability} double, {@code probabilities} class to double. */
  static StructType classificationType() {
    return new StructType()
        .add("label", DataTypes.StringType, true)
        .add("index", DataTypes.IntegerType, false)
        .add("probability", DataTypes.DoubleType, false)
        .add("probabilities", DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType, false), false);
  }

  /** A classifier's prediction as a {@link #classificationType()} row. */
  static Row classification(Prediction p) {
    List<String> classes = p.classes();
    float[] probs = p.probabilities();
    Map<String, Double> byClass = new LinkedHashMap<>();
    for (int i = 0; i < probs.length; i++) {
      byClass.put(classes.get(i), (double) probs[i]);
    }
    return RowFactory.create(p.label(), p.index(), (double) probs[p.index()], CollectionConverters.asScala(byClass));
  }

  /** One double field per target, named as the targets. */
  static StructType regressionType(List<String> names) {
    StructType t = new StructType();
    for (String n : names) {
      t = t.add(n, DataTypes.DoubleType, false);
    }
    return t;
  }

  /** A regression's values as a {@link #regressionType} row. */
  static Row regression(Prediction p) {
    float[] v = p.probabilities();
    Object[] values = new Object[v.length];
    for (int i = 0; i < v.length; i++) {
      values[i] = (double) v[i];
    }
    return RowFactory.create(values);
  }
}
