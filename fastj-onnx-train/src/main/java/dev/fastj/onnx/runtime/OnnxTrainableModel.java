package dev.fastj.onnx.runtime;

import static com.google.common.base.Preconditions.checkArgument;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtSession;
import dev.fastj.data.Batch;
import dev.fastj.data.InputSpec;
import dev.fastj.data.TensorData;
import dev.fastj.onnx.autodiff.GradientRules;
import dev.fastj.onnx.compile.BatchNormBatchCheck;
import dev.fastj.onnx.compile.GraphEmitter;
import dev.fastj.onnx.compile.ModelCompiler;
import dev.fastj.onnx.compile.StepGraph;
import dev.fastj.onnx.graph.Model;
import dev.fastj.onnx.graph.ShapeRules;
import dev.fastj.onnx.graph.Tensor;
import dev.fastj.onnx.proto.OnnxWriter;
import dev.fastj.spi.Device;
import dev.fastj.spi.GraphValue;
import dev.fastj.spi.Hyper;
import dev.fastj.spi.ModelSpec;
import dev.fastj.spi.NonFiniteLossException;
import dev.fastj.spi.ParamInfo;
import dev.fastj.spi.StepResult;
import dev.fastj.spi.TrainableModel;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A model compiled to ONNX graphs and run on ONNX Runtime, with its parameters, buffers and
 * optimizer state held in ONNX Runtime tensors between steps.
 *
 * <p>Each train step feeds the current state tensors and receives new ones as outputs; the new
 * tensors replace the old ones, which are then closed. Outputs are always fresh tensors, never
 * an input's buffer, because ONNX Runtime computes silently wrong values when an output shares
 * an input's buffer. Batches are fed from the direct buffers of {@link TensorData} in place.
 * Once the weights stop changing (validation, predictions after training), evaluation and
 * prediction switch to sessions with the weights as constants ({@link ConstantSessions}).
 *
 * <p>Not thread-safe, except {@link #predict}: predictions share a read lock and may run
 * concurrently (ONNX Runtime sessions are thread-safe); steps and state changes take the
 * write lock.
 */
public final class OnnxTrainableModel implements TrainableModel {

  private final ModelSpec spec;
  private final ModelCompiler compiler;
  private final SessionConfig config;
  private final List<ParamInfo> params;
  private final NativeTensors tensors = new NativeTensors();
  /** Parameters, buffers and optimizer state by name, in a stable order. */
  private final Map<String, OnnxTensor> state = new LinkedHashMap<>();
  private final Map<String, long[]> stateShapes = new LinkedHashMap<>();
  private final Map<String, Variant> variants = new HashMap<>();
  private final Variant eval;
  private final Variant predict;
  private final ConstantSessions constants;
  private final BatchNormBatchCheck batchNormCheck;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private int[] groupOfParam;
  private boolean[] trainable;
  private boolean mixedPrecision;
  private volatile boolean closed;

  /** A compiled graph and its open session. */
  record Variant(StepGraph step, CompiledGraph graph) {}

  /**
   * Compiles {@code spec} with the given gradient and shape rules, draws the initial weights
   * and opens the eval, predict and (all parameters trained) train-step sessions.
   */
  public OnnxTrainableModel(ModelSpec spec, GradientRules rules, ShapeRules shapes) {
    this.spec = spec;
    this.compiler = new ModelCompiler(spec, rules, shapes);
    this.config = SessionConfig.of(spec.device());
    this.constants = new ConstantSessions(compiler, config);
    this.params = compiler.parameters();
    this.batchNormCheck = compiler.batchNormBatchCheck();
    this.groupOfParam = new int[params.size()];
    this.trainable = new boolean[params.size()];
    Arrays.fill(trainable, true);
    try {
      for (Map.Entry<String, Tensor> e : compiler.initialValues().entrySet()) {
        putState(e.getKey(), tensors.track(OrtTensors.toOnnx(e.getValue())), e.getValue().dims());
      }
      for (ParamInfo p : params) {
        for (String n : compiler.optimizerStateNames(p.name())) {
          putState(n, tensors.floats(new float[Math.toIntExact(Tensor.numel(p.shape()))], p.shape(), n), p.shape());
        }
      }
      this.eval = open(compiler.evalStep());
      this.predict = open(compiler.predict());
      variant();
    } catch (RuntimeException e) {
      closeNative();
      throw e;
    }
  }

  private void putState(String name, OnnxTensor t, long[] shape) {
    state.put(name, t);
    stateShapes.put(name, shape.clone());
  }

  private Variant open(StepGraph step) {
    return new Variant(step, CompiledGraph.compile(Model.of(step.graph()), config));
  }

  /** The train-step variant for the current trainable set, compiled on first use and cached. */
  private Variant variant() {
    StringBuilder key = new StringBuilder(trainable.length + 5);
    key.append(mixedPrecision ? "fp16:" : "fp32:");
    for (boolean t : trainable) {
      key.append(t ? '1' : '0');
    }
    Variant v = variants.get(key.toString());
    if (v == null) {
      StepGraph step = compiler.trainStep(trainable, mixedPrecision);
      Model m = Model.of(step.graph());
      if (config.blockedConvolutions() && config.device().kind() == Device.Kind.CPU) {
        m = NchwcConvs.apply(m, NchwcConvs.blockSize());
      }
      v = new Variant(step, CompiledGraph.compile(m, config));
      variants.put(key.toString(), v);
    }
    return v;
  }

  /** The spec this model was compiled from. */
  public ModelSpec spec() {
    return spec;
  }

  /** The provider the sessions run on (CPU when CUDA was asked for but is unavailable). */
  @Override
  public dev.fastj.spi.Device.Kind deviceKind() {
    return eval.graph().device();
  }

  @Override
  public List<ParamInfo> parameters() {
    return params;
  }

  @Override
  public Map<String, long[]> layerOutputShapes() {
    return compiler.layerShapes();
  }

  /** Buffer names (BatchNorm running statistics), in declaration order. */
  public List<String> buffers() {
    return compiler.buffers().stream().map(GraphEmitter.Declared::name).toList();
  }

  @Override
  public void setParamGroups(int[] groupOfParam) {
    checkArgument(groupOfParam.length == params.size(), "setParamGroups got %s groups for %s parameters",
        groupOfParam.length, params.size());
    for (int i = 0; i < groupOfParam.length; i++) {
      checkArgument(groupOfParam[i] >= 0, "parameter %s (%s) has negative group %s", i, params.get(i).name(),
          groupOfParam[i]);
    }
    withWriteLock(() -> this.groupOfParam = groupOfParam.clone());
  }

  @Override
  public void setTrainable(boolean[] trainable) {
    checkArgument(trainable.length == params.size(), "setTrainable got %s flags for %s parameters",
        trainable.length, params.size());
    withWriteLock(() -> this.trainable = trainable.clone());
  }

  /**
   * {@inheritDoc} The graphs are the same on every provider; on the CPU, ONNX Runtime runs the
   * float16 operators it has no float16 kernel for in float32 behind casts, which is slower than
   * float32 training: there it only serves to check the mixed-precision graphs.
   */
  @Override
  public void setMixedPrecision(boolean enabled) {
    withWriteLock(() -> {
      checkOpen();
      this.mixedPrecision = enabled;
    });
  }

  @Override
  public boolean mixedPrecision() {
    return mixedPrecision;
  }

  @Override
  public StepResult trainStep(Batch batch, Hyper hyper, boolean wantOutput) {
    batchNormCheck.check(batch.size());
    lock.writeLock().lock();
    try {
      checkOpen();
      Variant v = variant();
      int[] trained = v.step().trained();
      int[] groups = new int[Math.max(trained.length, 1)];
      for (int k = 0; k < trained.length; k++) {
        groups[k] = groupOfParam[trained[k]];
      }
      List<OnnxTensor> temp = new ArrayList<>();
      try {
        Map<String, OnnxTensor> feed = feedBatch(batch, true, temp);
        for (Map.Entry<String, float[]> h : compiler.optimizer().feed(hyper, groups).entrySet()) {
          OnnxTensor t = tensors.floats(h.getValue(), new long[] {h.getValue().length}, h.getKey());
          temp.add(t);
          feed.put(h.getKey(), t);
        }
        StepGraph step = v.step();
        if (step.mixedPrecision()) {
          OnnxTensor scale = tensors.floats(new float[] {(float) hyper.lossScale()}, new long[0], StepGraph.LOSS_SCALE);
          temp.add(scale);
          feed.put(StepGraph.LOSS_SCALE, scale);
        }
        Set<String> wanted = new HashSet<>(step.stateOutputs().values());
        wanted.add(step.lossOutput());
        if (wantOutput) {
          wanted.add(step.rawOutput());
        }
        if (step.mixedPrecision()) {
          wanted.add(step.gradsFiniteOutput());
        }
        Map<String, OnnxTensor> out = run(v, feed, wanted, "train step " + hyper.step());
        double loss = NativeTensors.scalar(out.get(step.lossOutput()));
        if (!Double.isFinite(loss)) {
          tensors.closeAll(out.values());
          throw new NonFiniteLossException(hyper.step(), loss, "loss is " + loss + " at train step " + hyper.step()
              + " (lr " + Arrays.toString(hyper.lr()) + "); the parameters were kept as they were before this step;"
              + (step.mixedPrecision() ? " under mixed precision activations may overflow float16 (train in float32"
                  + " with toFp32()), else" : "")
              + " lower the learning rate or check the batch for NaN or infinite values");
        }
        TensorData output = wantOutput ? NativeTensors.toTensorData(out.get(step.rawOutput())) : null;
        if (step.mixedPrecision() && !NativeTensors.bool(out.get(step.gradsFiniteOutput()))) {
          // the loss scale was too large: the step changes nothing and the caller lowers the scale
          tensors.closeAll(out.values());
          return new StepResult(loss, output, false);
        }
        for (Map.Entry<String, String> so : v.step().stateOutputs().entrySet()) {
          OnnxTensor fresh = out.remove(so.getValue());
          tensors.close(state.put(so.getKey(), fresh));
        }
        constants.stateChanged();
        tensors.closeAll(out.values());
        return new StepResult(loss, output);
      } finally {
        tensors.closeAll(temp);
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Feeds the batch input (and target) in place, and every parameter and buffer. */
  private Map<String, OnnxTensor> feedBatch(Batch batch, boolean withTarget, List<OnnxTensor> temp) {
    Map<String, OnnxTensor> feed = new HashMap<>();
    List<InputSpec> specs = spec.inputs();
    List<TensorData> inputs = batch.inputs();
    checkArgument(inputs.size() == specs.size(), "the model takes %s inputs %s but the batch has %s",
        specs.size(), specs, inputs.size());
    for (int i = 0; i < specs.size(); i++) {
      InputSpec in = specs.get(i);
      TensorData t = inputs.get(i);
      checkArgument(t.dtype() == in.dtype(), "input %s is %s but the model was compiled for %s", in.name(), t.dtype(),
          in.dtype());
      OnnxTensor x = tensors.wrap(t, "batch input " + in.name());
      temp.add(x);
      feed.put(in.name(), x);
    }
    if (withTarget) {
      checkArgument(!batch.targets().isEmpty(), "the batch has no target; a train or eval step needs labelled data");
      TensorData y = batch.target();
      checkArgument(y.dtype() == spec.loss().targetType(), "target is %s but %s expects %s targets", y.dtype(),
          spec.loss().describe(), spec.loss().targetType());
      OnnxTensor yt = tensors.wrap(y, "batch target");
      temp.add(yt);
      feed.put(StepGraph.TARGET, yt);
    }
    for (Map.Entry<String, OnnxTensor> s : state.entrySet()) {
      feed.put(s.getKey(), s.getValue());
    }
    return feed;
  }

  /** Runs a session with only the inputs it declares, returning the wanted outputs, tracked. */
  private Map<String, OnnxTensor> run(Variant v, Map<String, OnnxTensor> feed, Set<String> wanted, String what) {
    Map<String, OnnxTensor> inputs = new HashMap<>();
    for (String n : v.step().graph().inputNames()) {
      OnnxTensor t = feed.get(n);
      if (t == null) {
        throw new IllegalStateException("no value for input " + n + " of graph " + v.step().graph().name());
      }
      inputs.put(n, t);
    }
    OrtSession.Result r;
    try {
      r = v.graph().run(inputs, wanted);
    } catch (OrtRunException e) {
      throw new OrtRunException(what + " failed: " + e.getMessage(), e);
    }
    // the result's tensors are taken over one by one (never r.close(), which would free the kept state)
    Map<String, OnnxTensor> out = new LinkedHashMap<>();
    for (Map.Entry<String, OnnxValue> e : r) {
      out.put(e.getKey(), tensors.track((OnnxTensor) e.getValue()));
    }
    return out;
  }

  @Override
  public StepResult evalStep(Batch batch) {
    lock.readLock().lock();
    try {
      checkOpen();
      List<OnnxTensor> temp = new ArrayList<>();
      try {
        Variant v = constants.get(true, this::currentValues);
        v = v == null ? eval : v;
        Map<String, OnnxTensor> out = run(v, feedBatch(batch, true, temp),
            Set.of(v.step().lossOutput(), v.step().rawOutput()), "eval step");
        try {
          return new StepResult(NativeTensors.scalar(out.get(v.step().lossOutput())),
              NativeTensors.toTensorData(out.get(v.step().rawOutput())));
        } finally {
          tensors.closeAll(out.values());
        }
      } finally {
        tensors.closeAll(temp);
      }
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public TensorData predict(List<TensorData> inputs) {
    lock.readLock().lock();
    try {
      checkOpen();
      List<OnnxTensor> temp = new ArrayList<>();
      try {
        Variant v = constants.get(false, this::currentValues);
        v = v == null ? predict : v;
        Map<String, OnnxTensor> out = run(v, feedBatch(new Batch(inputs, List.of(), new int[0]), false, temp),
            Set.of(v.step().rawOutput()), "predict");
        try {
          return NativeTensors.toTensorData(out.get(v.step().rawOutput()));
        } finally {
          tensors.closeAll(out.values());
        }
      } finally {
        tensors.closeAll(temp);
      }
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public Map<String, TensorData> stateDict(boolean withOptimizerState) {
    lock.readLock().lock();
    try {
      checkOpen();
      Map<String, TensorData> out = new LinkedHashMap<>();
      for (Map.Entry<String, OnnxTensor> e : state.entrySet()) {
        if (withOptimizerState || !e.getKey().startsWith(ModelCompiler.OPT_PREFIX)) {
          out.put(e.getKey(), NativeTensors.toTensorData(e.getValue()));
        }
      }
      return out;
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * {@inheritDoc} Every parameter and buffer must be given; optimizer state ({@code opt.*}) is
   * optional and, when absent, keeps its current values.
   */
  @Override
  public void loadStateDict(Map<String, TensorData> values) {
    for (Map.Entry<String, TensorData> e : values.entrySet()) {
      long[] shape = stateShapes.get(e.getKey());
      checkArgument(shape != null, "loadStateDict: unknown name %s; this model has %s", e.getKey(), stateShapes.keySet());
      checkArgument(Arrays.equals(shape, e.getValue().shape()), "loadStateDict: %s has shape %s, the model needs %s",
          e.getKey(), Arrays.toString(e.getValue().shape()), Arrays.toString(shape));
      checkArgument(e.getValue().dtype() == TensorData.DType.FLOAT32, "loadStateDict: %s is %s, not FLOAT32",
          e.getKey(), e.getValue().dtype());
    }
    for (String n : stateShapes.keySet()) {
      checkArgument(n.startsWith(ModelCompiler.OPT_PREFIX) || values.containsKey(n),
          "loadStateDict: no value for %s; give every parameter and buffer", n);
    }
    withWriteLock(() -> {
      checkOpen();
      for (Map.Entry<String, TensorData> e : values.entrySet()) {
        tensors.close(state.put(e.getKey(), tensors.copyOf(e.getValue(), e.getKey())));
      }
      constants.stateChanged();
    });
  }

  /** Copies of the current parameters and buffers (not the optimizer state); call under a lock. */
  private Map<String, Tensor> currentValues() {
    Map<String, Tensor> values = new LinkedHashMap<>();
    for (Map.Entry<String, OnnxTensor> e : state.entrySet()) {
      if (!e.getKey().startsWith(ModelCompiler.OPT_PREFIX)) {
        values.put(e.getKey(), OrtTensors.fromOnnx(e.getValue()));
      }
    }
    return values;
  }

  @Override
  public void exportOnnx(Path file, Map<String, String> metadata) {
    exportOnnxWithCuts(file, metadata);
  }

  @Override
  public Map<String, GraphValue> exportOnnxWithCuts(Path file, Map<String, String> metadata) {
    Map<String, Tensor> values;
    lock.readLock().lock();
    try {
      checkOpen();
      values = currentValues();
    } finally {
      lock.readLock().unlock();
    }
    Map<String, String> md = new LinkedHashMap<>();
    md.put("fastj.exported_at", Instant.now().toString());
    md.put("fastj.backend", OnnxBackend.NAME);
    md.put("fastj.optimizer", spec.optimizer().toString());
    md.putAll(metadata);
    Model model = compiler.inference(values, md);
    OnnxWriter.write(model, file);
    Map<String, GraphValue> cuts = new LinkedHashMap<>();
    model.metadata().forEach((k, v) -> {
      if (k.startsWith(ModelCompiler.OUTPUT_KEY) && !k.endsWith(ModelCompiler.SHAPE_SUFFIX)) {
        String shape = model.metadata().get(k + ModelCompiler.SHAPE_SUFFIX);
        long[] dims = shape == null ? null : Arrays.stream(shape.split(",")).mapToLong(Long::parseLong).toArray();
        cuts.put(k.substring(ModelCompiler.OUTPUT_KEY.length()), new GraphValue(v, dims));
      }
    });
    return cuts;
  }

  /**
   * Number of ONNX Runtime tensors this model holds open: its parameters, buffers and optimizer
   * state between calls. It stays constant over steps; growth would be a native leak.
   */
  public int liveTensors() {
    return tensors.live();
  }

  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      if (!closed) {
        closed = true;
        closeNative();
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  private void closeNative() {
    List<RuntimeException> failures = new ArrayList<>();
    List<Variant> all = new ArrayList<>(variants.values());
    if (eval != null) {
      all.add(eval);
    }
    if (predict != null) {
      all.add(predict);
    }
    for (Variant v : all) {
      try {
        v.graph().close();
      } catch (RuntimeException e) {
        failures.add(e);
      }
    }
    if (constants != null) {
      try {
        constants.close();
      } catch (RuntimeException e) {
        failures.add(e);
      }
    }
    variants.clear();
    state.clear();
    tensors.closeEverything();
    if (!failures.isEmpty()) {
      throw failures.get(0);
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the model was closed; compile it again to use it");
    }
  }

  private void withWriteLock(Runnable r) {
    lock.writeLock().lock();
    try {
      r.run();
    } finally {
      lock.writeLock().unlock();
    }
  }
}
