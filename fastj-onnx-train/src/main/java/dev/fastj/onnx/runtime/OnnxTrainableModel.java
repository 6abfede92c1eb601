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
 * <p>Batches whose items have another shape than the spec's (a text classifier's sorted
 * batches, whose length varies) run on graphs compiled for that shape on first use, which share
 * this model's parameter, buffer and optimizer tensors; the {@value #MAX_SHAPES} shapes used
 * last keep their sessions open.
 *
 * <p>Not thread-safe, except {@link #predict}: predictions share a read lock and may run
 * concurrently (ONNX Runtime sessions are thread-safe); steps and state changes take the
 * write lock.
 */
public final class OnnxTrainableModel implements TrainableModel {

  /** Input shapes other than the spec's whose sessions stay open, the least recently used closed first. */
  static final int MAX_SHAPES = 32;

  private final ModelSpec spec;
  private final GradientRules rules;
  private final ShapeRules shapeRules;
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
  /** Whether evaluation carries state across batches (a recurrent model's hidden state). */
  private final boolean carriesState;
  /** {@link dev.fastj.nn.Module#staticBatch()}: every graph is compiled for the batch size it meets. */
  private final boolean staticBatch;
  /** Graphs for other input shapes, by the items' shapes, in access order. */
  private final LinkedHashMap<List<List<Long>>, Shaped> shaped = new LinkedHashMap<>(16, 0.75f, true);
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
   * The graphs of one input shape other than the spec's, each compiled on first use; used under
   * the write lock.
   */
  private final class Shaped {
    final ModelCompiler compiler;
    final BatchNormBatchCheck batchNormCheck;
    final Map<String, Variant> variants = new HashMap<>();
    private Variant eval;
    private Variant predict;

    Shaped(ModelCompiler compiler) {
      this.compiler = compiler;
      this.batchNormCheck = compiler.batchNormBatchCheck();
    }

    Variant eval() {
      if (eval == null) {
        eval = open(compiler.evalStep());
      }
      return eval;
    }

    Variant predict() {
      if (predict == null) {
        predict = open(compiler.predict());
      }
      return predict;
    }

    Device.Kind device() {
      Variant any = eval != null ? eval : predict != null ? predict
          : variants.isEmpty() ? null : variants.values().iterator().next();
      return any == null ? null : any.graph().device();
    }

    void close() {
      List<Variant> all = new ArrayList<>(variants.values());
      if (eval != null) {
        all.add(eval);
      }
      if (predict != null) {
        all.add(predict);
      }
      variants.clear();
      for (Variant v : all) {
        v.graph().close();
      }
    }
  }

  /**
   * Compiles {@code spec} with the given gradient and shape rules, draws the initial weights
   * and opens the eval, predict and (all parameters trained) train-step sessions.
   */
  public OnnxTrainableModel(ModelSpec spec, GradientRules rules, ShapeRules shapes) {
    this.spec = spec;
    this.rules = rules;
    this.shapeRules = shapes;
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
      this.staticBatch = spec.model().staticBatch();
      if (staticBatch) {
        // the graphs of each batch shape are compiled when a batch of it comes
        this.eval = null;
        this.predict = null;
        this.carriesState = !compiler.evalStep().stateOutputs().isEmpty();
      } else {
        this.eval = open(compiler.evalStep());
        this.predict = open(compiler.predict());
        this.carriesState = !eval.step().stateOutputs().isEmpty();
        variant(null);
      }
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

  /**
   * The train-step variant for the current trainable set, of the spec's shape ({@code at} null)
   * or another, compiled on first use and cached.
   */
  private Variant variant(Shaped at) {
    StringBuilder key = new StringBuilder(trainable.length + 5);
    key.append(mixedPrecision ? "fp16:" : "fp32:");
    for (boolean t : trainable) {
      key.append(t ? '1' : '0');
    }
    Map<String, Variant> cache = at == null ? variants : at.variants;
    Variant v = cache.get(key.toString());
    if (v == null) {
      StepGraph step = (at == null ? compiler : at.compiler).trainStep(trainable, mixedPrecision);
      Model m = Model.of(step.graph());
      if (config.blockedConvolutions() && config.device().kind() == Device.Kind.CPU) {
        m = NchwcConvs.apply(m, NchwcConvs.blockSize());
      }
      v = new Variant(step, CompiledGraph.compile(m, config));
      cache.put(key.toString(), v);
    }
    return v;
  }

  /** The items' shapes of a batch's inputs (without the batch dimension, unless {@code withBatch}). */
  private static List<List<Long>> itemShapes(List<TensorData> inputs, boolean withBatch) {
    List<List<Long>> out = new ArrayList<>(inputs.size());
    for (TensorData t : inputs) {
      long[] d = t.shape();
      List<Long> item = new ArrayList<>(Math.max(0, d.length - 1));
      for (int i = withBatch ? 0 : 1; i < d.length; i++) {
        item.add(d[i]);
      }
      out.add(item);
    }
    return out;
  }

  /** True when the batch's items have the spec's shapes (or cannot be told apart from them). */
  private boolean specShaped(List<TensorData> inputs) {
    List<InputSpec> specs = spec.inputs();
    if (staticBatch) {
      return false;
    }
    if (inputs.size() != specs.size()) {
      return true;
    }
    for (int i = 0; i < specs.size(); i++) {
      long[] d = inputs.get(i).shape();
      long[] want = specs.get(i).shape();
      // another rank is no other shape of the same model: the feed reports it
      if (d.length == want.length + 1 && !Arrays.equals(Arrays.copyOfRange(d, 1, d.length), want)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The graphs for batches of these inputs' item shapes, compiled now if they are not open; call
   * under the write lock (an eviction closes sessions).
   */
  private Shaped shapedFor(List<TensorData> inputs) {
    List<List<Long>> key = itemShapes(inputs, staticBatch);
    Shaped sh = shaped.get(key);
    if (sh != null) {
      return sh;
    }
    checkArgument(inputs.size() == spec.inputs().size(), "the model takes %s inputs %s but the batch has %s",
        spec.inputs().size(), spec.inputs(), inputs.size());
    List<List<Long>> items = itemShapes(inputs, false);
    List<InputSpec> specs = new ArrayList<>();
    for (int i = 0; i < spec.inputs().size(); i++) {
      InputSpec in = spec.inputs().get(i);
      specs.add(new InputSpec(in.name(), items.get(i).stream().mapToLong(Long::longValue).toArray(), in.dtype()));
    }
    ModelCompiler c = new ModelCompiler(new ModelSpec(spec.model(), specs, spec.loss(), spec.optimizer(), spec.seed(),
        spec.device()), rules, shapeRules, staticBatch ? inputs.get(0).dim(0) : -1);
    List<String> mine = compiler.initialValues().keySet().stream().toList();
    List<String> theirs = c.initialValues().keySet().stream().toList();
    checkArgument(mine.equals(theirs) && sameShapes(c), "%s declares other parameters or buffers for inputs %s than "
        + "for %s; it cannot share its weights across input shapes, so give it batches of %s", spec.model().describe(),
        specs, spec.inputs(), spec.inputs());
    sh = new Shaped(c);
    shaped.put(key, sh);
    if (shaped.size() > MAX_SHAPES) {
      var eldest = shaped.entrySet().iterator().next();
      shaped.remove(eldest.getKey());
      eldest.getValue().close();
    }
    return sh;
  }

  private boolean sameShapes(ModelCompiler other) {
    Map<String, long[]> a = new HashMap<>();
    for (GraphEmitter.Declared d : compiler.buffers()) {
      a.put(d.name(), d.shape());
    }
    for (ParamInfo p : params) {
      a.put(p.name(), p.shape());
    }
    for (GraphEmitter.Declared d : other.buffers()) {
      if (!Arrays.equals(a.get(d.name()), d.shape())) {
        return false;
      }
    }
    for (ParamInfo p : other.parameters()) {
      if (!Arrays.equals(a.get(p.name()), p.shape())) {
        return false;
      }
    }
    return true;
  }

  /** Number of input shapes other than the spec's whose graphs are open (at most {@value #MAX_SHAPES}). */
  public int openShapes() {
    lock.readLock().lock();
    try {
      return shaped.size();
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The spec this model was compiled from. */
  public ModelSpec spec() {
    return spec;
  }

  /** The provider the sessions run on (CPU when CUDA was asked for but is unavailable). */
  @Override
  public dev.fastj.spi.Device.Kind deviceKind() {
    if (eval != null) {
      return eval.graph().device();
    }
    lock.readLock().lock();
    try {
      for (Shaped sh : shaped.values()) {
        if (sh.device() != null) {
          return sh.device();
        }
      }
      return config.device().kind();
    } finally {
      lock.readLock().unlock();
    }
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
    lock.writeLock().lock();
    try {
      checkOpen();
      Shaped at = specShaped(batch.inputs()) ? null : shapedFor(batch.inputs());
      (at == null ? batchNormCheck : at.batchNormCheck).check(batch.size());
      Variant v = variant(at);
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
  /**
   * {@inheritDoc} A model that carries state across batches ({@link dev.fastj.nn.Emitter#updateState})
   * takes its new value, as a train step does; the running statistics stay as they are.
   */
  public StepResult evalStep(Batch batch) {
    boolean specShape = specShaped(batch.inputs());
    boolean exclusive = carriesState || !specShape;
    var held = exclusive ? lock.writeLock() : lock.readLock();
    held.lock();
    try {
      checkOpen();
      List<OnnxTensor> temp = new ArrayList<>();
      try {
        Variant v;
        if (!specShape) {
          v = shapedFor(batch.inputs()).eval();
        } else {
          v = carriesState ? null : constants.get(true, this::currentValues);
          v = v == null ? eval : v;
        }
        Set<String> wanted = new HashSet<>(v.step().stateOutputs().values());
        wanted.add(v.step().lossOutput());
        wanted.add(v.step().rawOutput());
        Map<String, OnnxTensor> out = run(v, feedBatch(batch, true, temp), wanted, "eval step");
        try {
          for (Map.Entry<String, String> so : v.step().stateOutputs().entrySet()) {
            tensors.close(state.put(so.getKey(), out.remove(so.getValue())));
          }
          return new StepResult(NativeTensors.scalar(out.get(v.step().lossOutput())),
              NativeTensors.toTensorData(out.get(v.step().rawOutput())));
        } finally {
          tensors.closeAll(out.values());
        }
      } finally {
        tensors.closeAll(temp);
      }
    } finally {
      held.unlock();
    }
  }

  @Override
  public TensorData predict(List<TensorData> inputs) {
    boolean specShape = specShaped(inputs);
    var held = specShape ? lock.readLock() : lock.writeLock();
    held.lock();
    try {
      checkOpen();
      List<OnnxTensor> temp = new ArrayList<>();
      try {
        Variant v;
        if (!specShape) {
          v = shapedFor(inputs).predict();
        } else {
          // constants would bake in the carried state of the moment
          v = carriesState ? null : constants.get(false, this::currentValues);
          v = v == null ? predict : v;
        }
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
      held.unlock();
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

  @Override
  public void setBuffers(Map<String, TensorData> values) {
    Set<String> buffers = new HashSet<>(buffers());
    for (Map.Entry<String, TensorData> e : values.entrySet()) {
      checkArgument(buffers.contains(e.getKey()), "setBuffers: %s is not a buffer; this model's buffers are %s",
          e.getKey(), buffers());
      long[] shape = stateShapes.get(e.getKey());
      checkArgument(Arrays.equals(shape, e.getValue().shape()), "setBuffers: %s has shape %s, the model needs %s",
          e.getKey(), Arrays.toString(e.getValue().shape()), Arrays.toString(shape));
      checkArgument(e.getValue().dtype() == TensorData.DType.FLOAT32, "setBuffers: %s is %s, not FLOAT32",
          e.getKey(), e.getValue().dtype());
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
    for (Shaped sh : shaped.values()) {
      try {
        sh.close();
      } catch (RuntimeException e) {
        failures.add(e);
      }
    }
    shaped.clear();
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
