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
}
