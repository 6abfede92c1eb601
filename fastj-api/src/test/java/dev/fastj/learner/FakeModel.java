package dev.fastj.learner;

import dev.fastj.data.Batch;
import dev.fastj.data.TensorData;
import dev.fastj.nn.ParamRole;
import dev.fastj.optim.OptimizerSpec;
import dev.fastj.spi.Hyper;
import dev.fastj.spi.ModelSpec;
import dev.fastj.spi.ParamInfo;
import dev.fastj.spi.StepResult;
import dev.fastj.spi.TrainableModel;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A real (tiny) trainable model in plain Java: out = g * (W x + b) + h, with W a weight, b a
 * bias, g and h norm parameters; mean squared error for float targets, cross-entropy for class
 * indices; Adam (fastai's formulation) or SGD with momentum, per parameter group, honouring
 * frozen parameters. Records every Hyper it was given.
 */
final class FakeModel implements TrainableModel {

  /** Under mixed precision, steps whose loss scale is above this "overflow" and are skipped. */
  double overflowAbove = Double.POSITIVE_INFINITY;
  boolean mixed;

  static final String W = "0.weight";
  static final String B = "0.bias";
  static final String G = "1.weight";
  static final String H = "1.bias";

  final int in;
  final int out;
  final boolean classification;
  final OptimizerSpec optimizer;
  final Map<String, float[]> params = new LinkedHashMap<>();
  final Map<String, float[]> opt = new LinkedHashMap<>();
  final List<ParamInfo> infos = new ArrayList<>();
  final List<Hyper> hypers = new ArrayList<>();
  final List<boolean[]> trainableCalls = new ArrayList<>();
  final Deque<Double> scriptedValidLosses = new ArrayDeque<>();
  int[] groups;
  boolean[] trainable;
  long nanAtStep = -1;
  /** When set, a training step reports this loss instead of the real one (after a real update). */
  java.util.function.ToDoubleFunction<Hyper> lossCurve;
  int evalCalls;
  boolean closed;

  FakeModel(ModelSpec spec) {
    long[] shape = spec.inputShape();
    int d = 1;
    for (long s : shape) {
      d *= (int) s;
    }
    in = d;
    classification = spec.loss().targetType() == TensorData.DType.INT64;
    out = spec.loss() instanceof FakeLosses.CrossEntropy ce ? ce.classes : ((FakeLosses.Mse) spec.loss()).outputs;
    optimizer = spec.optimizer();
    Random r = new Random(spec.seed());
    float[] w = new float[out * in];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) (r.nextGaussian() * 0.1);
    }
    float[] g = new float[out];
    java.util.Arrays.fill(g, 1f);
    add(W, w, ParamRole.WEIGHT, out, in);
    add(B, new float[out], ParamRole.BIAS, out);
    add(G, g, ParamRole.NORM_WEIGHT, out);
    add(H, new float[out], ParamRole.NORM_BIAS, out);
    groups = new int[infos.size()];
    trainable = new boolean[infos.size()];
    java.util.Arrays.fill(trainable, true);
  }

  private void add(String name, float[] v, ParamRole role, long... shape) {
    params.put(name, v);
    infos.add(new ParamInfo(name, shape, role));
    if (optimizer instanceof OptimizerSpec.Adam) {
      opt.put("opt." + name + ".grad_avg", new float[v.length]);
      opt.put("opt." + name + ".sqr_avg", new float[v.length]);
    } else {
      opt.put("opt." + name + ".mom_buf", new float[v.length]);
    }
  }

  @Override
  public List<ParamInfo> parameters() {
    return List.copyOf(infos);
  }

  @Override
  public void setParamGroups(int[] groupOfParam) {
    groups = groupOfParam.clone();
  }

  @Override
  public void setTrainable(boolean[] t) {
    trainable = t.clone();
    trainableCalls.add(t.clone());
  }

  /** Outputs and the inner activations z = W x + b for a batch of n rows. */
  double[][] forward(float[] x, int n, double[][] zOut) {
    float[] w = params.get(W);
    float[] b = params.get(B);
    float[] g = params.get(G);
    float[] h = params.get(H);
    double[][] o = new double[n][out];
    for (int r = 0; r < n; r++) {
      for (int j = 0; j < out; j++) {
        double z = b[j];
        for (int i = 0; i < in; i++) {
          z += w[j * in + i] * x[r * in + i];
        }
        if (zOut != null) {
          zOut[r][j] = z;
        }
        o[r][j] = g[j] * z + h[j];
      }
    }
    return o;
  }

  /** Loss and dLoss/dout. */
  double loss(double[][] o, TensorData target, double[][] dOut) {
    int n = o.length;
    double total = 0;
    if (classification) {
      long[] t = target.toLongArray();
      for (int r = 0; r < n; r++) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : o[r]) max = Math.max(max, v);
        double z = 0;
        for (double v : o[r]) z += Math.exp(v - max);
        total += max + Math.log(z) - o[r][(int) t[r]];
        if (dOut != null) {
          for (int j = 0; j < out; j++) {
            dOut[r][j] = (Math.exp(o[r][j] - max) / z - (j == t[r] ? 1 : 0)) / n;
          }
        }
      }
      return total / n;
    }
    float[] t = target.toFloatArray();
    for (int r = 0; r < n; r++) {
      for (int j = 0; j < out; j++) {
        double e = o[r][j] - t[r * out + j];
        total += e * e;
        if (dOut != null) {
          dOut[r][j] = 2 * e / (n * out);
        }
      }
    }
    return total / (n * out);
  }

  @Override
  public void setMixedPrecision(boolean enabled) {
    mixed = enabled;
  }

  @Override
  public boolean mixedPrecision() {
    return mixed;
  }

  @Override
  public StepResult trainStep(Batch batch, Hyper hyper, boolean wantOutput) {
    hypers.add(hyper);
    int maxGroup = java.util.Arrays.stream(groups).max().orElse(0);
    if (hyper.groups() <= maxGroup) {
      throw new IllegalArgumentException("hyper has " + hyper.groups() + " groups, params use " + (maxGroup + 1));
    }
    int n = batch.size();
    float[] x = batch.input().toFloatArray();
    double[][] z = new double[n][out];
    double[][] o = forward(x, n, z);
    double[][] d = new double[n][out];
    double l = loss(o, batch.target(), d);
    if (hyper.step() == nanAtStep) {
      return new StepResult(Double.NaN, null);
    }
    if (mixed && hyper.lossScale() > overflowAbove) {
      // what a float16 step does when the scaled gradients overflow: nothing but the loss
      return new StepResult(l, null, false);
    }
    float[] g = params.get(G);
    Map<String, double[]> grads = new LinkedHashMap<>();
    double[] gw = new double[out * in];
    double[] gb = new double[out];
    double[] gg = new double[out];
    double[] gh = new double[out];
    for (int r = 0; r < n; r++) {
      for (int j = 0; j < out; j++) {
        gh[j] += d[r][j];
        gg[j] += d[r][j] * z[r][j];
        double dz = d[r][j] * g[j];
        gb[j] += dz;
        for (int i = 0; i < in; i++) {
          gw[j * in + i] += dz * x[r * in + i];
        }
      }
    }
    grads.put(W, gw);
    grads.put(B, gb);
    grads.put(G, gg);
    grads.put(H, gh);
    int p = 0;
    for (Map.Entry<String, double[]> e : grads.entrySet()) {
      if (trainable[p]) {
        update(e.getKey(), e.getValue(), hyper, groups[p]);
      }
      p++;
    }
    return new StepResult(lossCurve != null ? lossCurve.applyAsDouble(hyper) : l, null);
  }

  private void update(String name, double[] grad, Hyper h, int group) {
    float[] w = params.get(name);
    double lr = h.lr()[group];
    double mom = h.mom()[group];
    double wd = h.wd()[group];
    if (optimizer instanceof OptimizerSpec.Adam adam) {
      float[] m = opt.get("opt." + name + ".grad_avg");
      float[] v = opt.get("opt." + name + ".sqr_avg");
      double debias1 = 1 - Math.pow(mom, h.step());
      double debias2 = 1 - Math.pow(adam.beta2(), h.step());
      for (int i = 0; i < w.length; i++) {
        double p = w[i] * (1 - lr * wd);
        m[i] = (float) (mom * m[i] + (1 - mom) * grad[i]);
        v[i] = (float) (adam.beta2() * v[i] + (1 - adam.beta2()) * grad[i] * grad[i]);
        p -= lr / debias1 * m[i] / (Math.sqrt(v[i] / debias2) + adam.eps());
        w[i] = (float) p;
      }
    } else {
      float[] buf = opt.get("opt." + name + ".mom_buf");
      for (int i = 0; i < w.length; i++) {
        double p = w[i] * (1 - lr * wd);
        buf[i] = (float) (mom * buf[i] + grad[i]);
        w[i] = (float) (p - lr * buf[i]);
      }
    }
  }

  @Override
  public StepResult evalStep(Batch batch) {
    evalCalls++;
    int n = batch.size();
    double[][] o = forward(batch.input().toFloatArray(), n, null);
    double l = loss(o, batch.target(), null);
    if (!scriptedValidLosses.isEmpty()) {
      l = scriptedValidLosses.poll();
    }
    return new StepResult(l, toTensor(o));
  }

  TensorData toTensor(double[][] o) {
    float[] f = new float[o.length * out];
    for (int r = 0; r < o.length; r++) {
      for (int j = 0; j < out; j++) {
        f[r * out + j] = (float) o[r][j];
      }
    }
    return TensorData.ofFloats(f, o.length, out);
  }

  @Override
  public TensorData predict(List<TensorData> inputs) {
    TensorData x = inputs.get(0);
    return toTensor(forward(x.toFloatArray(), (int) x.dim(0), null));
  }

  @Override
  public Map<String, TensorData> stateDict(boolean withOptimizerState) {
    Map<String, TensorData> m = new LinkedHashMap<>();
    for (ParamInfo p : infos) {
      m.put(p.name(), TensorData.ofFloats(params.get(p.name()), p.shape()));
    }
    if (withOptimizerState) {
      opt.forEach((k, v) -> m.put(k, TensorData.ofFloats(v, v.length)));
    }
    return m;
  }

  @Override
  public void loadStateDict(Map<String, TensorData> state) {
    state.forEach((k, v) -> {
      float[] dst = params.containsKey(k) ? params.get(k) : opt.get(k);
      if (dst == null) {
        throw new IllegalArgumentException("unknown state " + k);
      }
      float[] src = v.toFloatArray();
      if (src.length != dst.length) {
        throw new IllegalArgumentException("shape mismatch for " + k);
      }
      System.arraycopy(src, 0, dst, 0, dst.length);
    });
  }

  /** Writes the fake's own "inference file": sizes then W, b, g, h. */
  @Override
  public void exportOnnx(Path file, Map<String, String> metadata) {
    try (DataOutputStream o = new DataOutputStream(Files.newOutputStream(file))) {
      o.writeInt(in);
      o.writeInt(out);
      for (float[] v : params.values()) {
        for (float f : v) {
          o.writeFloat(f);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    closed = true;
  }
}
