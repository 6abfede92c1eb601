package dev.fastj.learner;

import static com.google.common.base.Preconditions.checkArgument;

import dev.fastj.data.Batch;
import dev.fastj.data.TensorData;
import dev.fastj.spi.TrainableModel;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The loss of each item of a batch (fastai's {@code get_preds(with_loss=True)}), when the backend
 * only reports the batch mean. Known losses (cross-entropy over dimension 1, binary
 * cross-entropy with logits, squared and absolute error) are computed here from the outputs and
 * kept only if their mean reproduces the backend's batch loss; otherwise each row is evaluated on
 * its own, which is exact for any loss (evaluation mode makes rows independent).
 */
final class ItemLosses {

  private ItemLosses() {}

  static float[] of(TrainableModel model, Batch batch, TensorData raw, double batchLoss) {
    TensorData target = batch.targets().get(0);
    for (float[] candidate : candidates(raw, target)) {
      double mean = 0;
      for (float v : candidate) {
        mean += v;
      }
      mean /= candidate.length;
      if (Math.abs(mean - batchLoss) <= 1e-4 * Math.max(1, Math.abs(batchLoss))) {
        return candidate;
      }
    }
    int n = batch.size();
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      List<TensorData> in = new ArrayList<>();
      for (TensorData t : batch.inputs()) {
        in.add(row(t, i));
      }
      List<TensorData> tg = new ArrayList<>();
      for (TensorData t : batch.targets()) {
        tg.add(row(t, i));
      }
      out[i] = (float) model.evalStep(new Batch(in, tg, new int[] {batch.itemIndices()[i]})).loss();
    }
    return out;
  }

  /**
   * The loss of each item for a loss known only by the name an export records
   * ({@link dev.fastj.nn.Loss#describe()}): cross-entropy (with label smoothing), binary
   * cross-entropy with logits, squared or absolute error; refuses any other.
   */
  static float[] byName(String loss, TensorData raw, TensorData target) {
    int n = (int) raw.dim(0);
    if (loss.startsWith("CrossEntropyLossFlat(") && !loss.contains("ignore_index")) {
      checkArgument(target.dtype() == TensorData.DType.INT64 && raw.rank() == 2 && target.numel() == n,
          "cross-entropy needs one class index per row of outputs %s, got targets %s",
          java.util.Arrays.toString(raw.shape()), java.util.Arrays.toString(target.shape()));
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("eps=([0-9.eE-]+)").matcher(loss);
      double eps = m.find() ? Double.parseDouble(m.group(1)) : 0;
      return smoothedCrossEntropy(raw.toFloatArray(), target.toLongArray(), n, (int) raw.dim(1), eps);
    }
    List<float[]> elementwise = target.dtype() == TensorData.DType.FLOAT32 && target.numel() == raw.numel()
        ? candidates(raw, target) : List.of();
    int which = loss.startsWith("BCEWithLogitsLossFlat") ? 0 : loss.equals("MSELossFlat") ? 1
        : loss.equals("L1LossFlat") ? 2 : -1;
    if (which >= 0 && elementwise.size() == 3) {
      return elementwise.get(which);
    }
    throw new IllegalArgumentException("cannot compute the loss of each item for loss " + loss + " with targets "
        + java.util.Arrays.toString(target.shape()) + " from a loaded model (known: CrossEntropyLossFlat with or "
        + "without label smoothing, BCEWithLogitsLossFlat, MSELossFlat, L1LossFlat); call getPreds on the trained "
        + "Learner instead");
  }

  /** Cross-entropy of rows of {@code k} logits against the target distribution (1 - eps) one-hot + eps / k. */
  private static float[] smoothedCrossEntropy(float[] x, long[] t, int n, int k, double eps) {
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      int base = i * k;
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < k; c++) {
        max = Math.max(max, x[base + c]);
      }
      double z = 0;
      for (int c = 0; c < k; c++) {
        z += Math.exp(x[base + c] - max);
      }
      double logZ = max + Math.log(z);
      int cls = (int) t[i];
      checkArgument(cls >= 0 && cls < k, "target class %s of item %s is outside the %s outputs", cls, i, k);
      double loss = (1 - eps) * (logZ - x[base + cls]);
      if (eps > 0) {
        double all = 0;
        for (int c = 0; c < k; c++) {
          all += logZ - x[base + c];
        }
        loss += eps / k * all;
      }
      out[i] = (float) loss;
    }
    return out;
  }

  private static List<float[]> candidates(TensorData raw, TensorData target) {
    List<float[]> out = new ArrayList<>();
    int n = (int) raw.dim(0);
    float[] x = raw.toFloatArray();
    if (target.dtype() == TensorData.DType.INT64 && raw.rank() >= 2 && target.dim(0) == n
        && raw.numel() == target.numel() * raw.dim(1)) {
      out.add(crossEntropy(x, target.toLongArray(), n, (int) raw.dim(1)));
    } else if (target.dtype() == TensorData.DType.FLOAT32 && target.numel() == raw.numel() && n > 0) {
      float[] t = target.toFloatArray();
      int per = x.length / n;
      float[] bce = new float[n];
      float[] mse = new float[n];
      float[] mae = new float[n];
      for (int i = 0; i < n; i++) {
        double b = 0;
        double s = 0;
        double a = 0;
        for (int j = i * per; j < (i + 1) * per; j++) {
          double v = x[j];
          b += Math.max(v, 0) - v * t[j] + Math.log1p(Math.exp(-Math.abs(v)));
          s += (v - t[j]) * (v - t[j]);
          a += Math.abs(v - t[j]);
        }
        bce[i] = (float) (b / per);
        mse[i] = (float) (s / per);
        mae[i] = (float) (a / per);
      }
      out.add(bce);
      out.add(mse);
      out.add(mae);
    }
    return out;
  }

  /** Cross-entropy with classes on dimension 1, averaged over the other positions of each item. */
  private static float[] crossEntropy(float[] x, long[] t, int n, int k) {
    int positions = t.length / n;
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      double sum = 0;
      for (int p = 0; p < positions; p++) {
        int base = i * k * positions + p;
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < k; c++) {
          max = Math.max(max, x[base + c * positions]);
        }
        double z = 0;
        for (int c = 0; c < k; c++) {
          z += Math.exp(x[base + c * positions] - max);
        }
        int cls = (int) t[i * positions + p];
        if (cls < 0 || cls >= k) {
          return new float[0];
        }
        sum += max + Math.log(z) - x[base + cls * positions];
      }
      out[i] = (float) (sum / positions);
    }
    return out;
  }

  /** A copy of row {@code i} of {@code t}, keeping a batch dimension of 1. */
  static TensorData row(TensorData t, int i) {
    long[] shape = t.shape();
    long rowBytes = t.numel() / shape[0] * t.dtype().bytes();
    shape[0] = 1;
    TensorData out = TensorData.zeros(t.dtype(), shape);
    ByteBuffer src = t.buffer();
    src.position((int) (i * rowBytes)).limit((int) ((i + 1) * rowBytes));
    out.buffer().put(src);
    return out;
  }

  /** Rows of a float tensor as arrays (flattened per item). */
  static float[][] rows(TensorData t) {
    int n = (int) t.dim(0);
    float[] all = t.toFloatArray();
    int per = n == 0 ? 0 : all.length / n;
    float[][] out = new float[n][];
    for (int i = 0; i < n; i++) {
      out[i] = java.util.Arrays.copyOfRange(all, i * per, (i + 1) * per);
    }
    return out;
  }
}
