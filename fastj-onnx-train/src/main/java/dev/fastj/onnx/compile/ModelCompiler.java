package dev.fastj.onnx.compile;

import static com.google.common.base.Preconditions.checkArgument;

import dev.fastj.data.InputSpec;
import dev.fastj.data.TensorData;
import dev.fastj.nn.MultiInputModule;
import dev.fastj.nn.Var;
import dev.fastj.onnx.autodiff.Autodiff;
import dev.fastj.onnx.autodiff.GradientRules;
import dev.fastj.onnx.graph.DataType;
import dev.fastj.onnx.graph.GraphBuilder;
import dev.fastj.onnx.graph.Model;
import dev.fastj.onnx.graph.ShapeRules;
import dev.fastj.onnx.graph.Tensor;
import dev.fastj.onnx.graph.ValueInfo;
import dev.fastj.onnx.optim.OptimizerGraph;
import dev.fastj.spi.ModelSpec;
import dev.fastj.spi.ParamInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Compiles a {@link ModelSpec} into fastj's graphs: the train step (forward, backward and the
 * optimizer update in one graph), the eval graph (loss and outputs with running statistics),
 * the predict graph (outputs only, weights as inputs) and the inference model (weights as
 * constants, standard ONNX for export).
 *
 * <p>Train steps are compiled per set of trained parameters: frozen parameters stay graph
 * inputs but get no gradient nodes and no update, so each freezing variant is its own graph
 * (the runner caches them).
 */
public final class ModelCompiler {

  /** Metadata key prefix of the value where a top-level child ends, see {@link #inference}. */
  public static final String OUTPUT_KEY = "fastj.output.";

  /** Suffix of {@link #OUTPUT_KEY} keys that hold the value's dims. */
  public static final String SHAPE_SUFFIX = ".shape";

  /** Prefix of optimizer-state names: {@code opt.<kind>.<parameter>}. */
  public static final String OPT_PREFIX = "opt.";

  private final ModelSpec spec;
  private final GradientRules rules;
  private final ShapeRules shapes;
  private final OptimizerGraph optimizer;
  private final List<GraphEmitter.Declared> declared;
  private final List<ParamInfo> params = new ArrayList<>();
  private final List<GraphEmitter.Declared> buffers = new ArrayList<>();
  private final Map<String, long[]> layerShapes;
  /** The batch dim of the graph inputs: -1 (symbolic) or a static size. */
  private final long batch;

  /** A compiler for {@code spec}; emits the model once to learn its parameters and buffers. */
  public ModelCompiler(ModelSpec spec, GradientRules rules, ShapeRules shapes) {
    this(spec, rules, shapes, -1);
  }

  /**
   * A compiler whose graphs take batches of exactly {@code batch} items ({@code -1}: any), see
   * {@link dev.fastj.nn.Module#staticBatch()}.
   */
  public ModelCompiler(ModelSpec spec, GradientRules rules, ShapeRules shapes, long batch) {
    checkArgument(batch == -1 || batch > 0, "batch must be -1 (symbolic) or positive, got %s", batch);
    this.batch = batch;
    this.spec = spec;
    this.rules = rules;
    this.shapes = shapes;
    this.optimizer = OptimizerGraph.of(spec.optimizer());
    GraphEmitter probe = forward(GraphEmitter.Mode.EVAL, "fastj_probe", null, false).emitter;
    this.declared = probe.declared();
    this.layerShapes = new LinkedHashMap<>(probe.scopeShapes());
    for (GraphEmitter.Declared d : declared) {
      if (d.isBuffer()) {
        buffers.add(d);
      } else {
        params.add(new ParamInfo(d.name(), d.shape(), d.role()));
      }
    }
  }

  /** The trainable parameters in declaration order. */
  public List<ParamInfo> parameters() {
    return List.copyOf(params);
  }

  /**
   * The output dims of each layer (naming scope, any depth; -1 for the batch, null when unknown),
   * in the order the layers end.
   */
  public Map<String, long[]> layerShapes() {
    Map<String, long[]> out = new LinkedHashMap<>();
    layerShapes.forEach((k, v) -> out.put(k, v == null ? null : v.clone()));
    return out;
  }

  /** Buffers (running statistics) in declaration order. */
  public List<GraphEmitter.Declared> buffers() {
    return List.copyOf(buffers);
  }

  /** The optimizer's graph form. */
  public OptimizerGraph optimizer() {
    return optimizer;
  }

  /** Names of the optimizer state of parameter {@code name}, one per state kind. */
  public List<String> optimizerStateNames(String name) {
    List<String> out = new ArrayList<>();
    for (String kind : optimizer.stateKinds()) {
      out.add(OPT_PREFIX + kind + "." + name);
    }
    return out;
  }

  /**
   * The initial values of every parameter and buffer, by name, in declaration order: imported
   * weights as they were, the others drawn from their {@link dev.fastj.nn.Init} with the spec's
   * seed (see {@link InitialValues}).
   */
  public Map<String, Tensor> initialValues() {
    InitialValues gen = new InitialValues(spec.seed());
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (GraphEmitter.Declared d : declared) {
      out.put(d.name(), d.initial() != null ? d.initial().cast(DataType.FLOAT) : gen.draw(d.init(), d.shape()));
    }
    return out;
  }

  private static final class Emitted {
    GraphEmitter emitter;
    Var output;
    Var loss;
  }

  private Emitted forward(GraphEmitter.Mode mode, String name, Function<String, Tensor> constants, boolean withLoss) {
    GraphBuilder b = new GraphBuilder(name);
    GraphEmitter e = new GraphEmitter(b, mode, shapes, constants);
    List<Var> xs = new ArrayList<>();
    for (InputSpec in : spec.inputs()) {
      long[] shape = in.shape();
      long[] dims = new long[shape.length + 1];
      dims[0] = batch;
      System.arraycopy(shape, 0, dims, 1, shape.length);
      xs.add(e.input(in.name(), dataType(in.dtype()), dims));
    }
    Emitted out = new Emitted();
    out.emitter = e;
    out.output = xs.size() == 1 ? spec.model().forward(e, xs.get(0))
        : ((MultiInputModule) spec.model()).forward(e, List.copyOf(xs));
    checkArgument(out.output != null, "%s returned no output", spec.model().describe());
    if (withLoss) {
      Var y = e.input(StepGraph.TARGET, dataType(spec.loss().targetType()), null);
      out.loss = spec.loss().forward(e, out.output, y);
    }
    if (declared != null) {
      List<String> now = e.declared().stream().map(GraphEmitter.Declared::name).toList();
      List<String> before = declared.stream().map(GraphEmitter.Declared::name).toList();
      checkArgument(now.equals(before), "%s declares parameters %s in %s mode but %s in evaluation mode; "
          + "a layer must declare the same parameters whatever the mode", spec.model().describe(), now, mode, before);
    }
    return out;
  }

  /**
   * The check that refuses a training batch giving a BatchNorm layer one value per channel (see
   * {@link BatchNormBatchCheck}), from the static shapes of the training forward pass.
   */
  public BatchNormBatchCheck batchNormBatchCheck() {
    GraphEmitter e = forward(GraphEmitter.Mode.TRAIN, "fastj_norm_probe", null, false).emitter;
    return BatchNormBatchCheck.of(e.builder().nodes(), e::shapeOf);
  }

  /** fastj's graph element type for a batch element type. */
  public static DataType dataType(TensorData.DType t) {
    return switch (t) {
      case FLOAT32 -> DataType.FLOAT;
      case INT64 -> DataType.INT64;
      case FLOAT64 -> DataType.DOUBLE;
      case BOOL -> DataType.BOOL;
    };
  }

  /**
   * The float32 train step updating the parameters where {@code trainable} is true. Inputs: the
   * batch input and target, every parameter and buffer, the optimizer state of trained
   * parameters and the hyper-parameters; outputs: the loss, the raw output, the new values of
   * trained parameters, their optimizer state and the buffers.
   */
  public StepGraph trainStep(boolean[] trainable) {
    return trainStep(trainable, false);
  }

  /**
   * The train step, in mixed precision when {@code mixedPrecision} is true: the forward pass is
   * rewritten by {@link AutoCast} (convolutions and matrix products in float16), the backward
   * pass starts from the loss scale input ({@link StepGraph#LOSS_SCALE}) instead of 1, the
   * float32 gradients of the parameters are divided by it before the optimizer update, and an
   * extra boolean output says whether every gradient was finite. Parameters, optimizer state,
   * the loss and the raw output stay float32.
   */
  public StepGraph trainStep(boolean[] trainable, boolean mixedPrecision) {
    checkArgument(trainable.length == params.size(), "trainable has %s entries for %s parameters",
        trainable.length, params.size());
    Emitted em = forward(GraphEmitter.Mode.TRAIN, mixedPrecision ? "fastj_train_step_fp16" : "fastj_train_step", null,
        true);
    GraphEmitter e = em.emitter;
    GraphBuilder b = e.builder();
    String loss = em.loss.name();
    String raw = em.output.name();
    Map<String, String> bufferUpdates = new LinkedHashMap<>(e.bufferUpdates());
    List<String> terms = new ArrayList<>(e.lossTerms().stream().map(Var::name).toList());
    String lossScale = null;
    if (mixedPrecision) {
      List<String> keep = new ArrayList<>(List.of(loss, raw));
      keep.addAll(bufferUpdates.values());
      keep.addAll(terms);
      AutoCast.Result cast = AutoCast.apply(b, shapes, keep);
      b = cast.builder();
      loss = cast.floatName(loss);
      raw = cast.floatName(raw);
      bufferUpdates.replaceAll((k, v) -> cast.floatName(v));
      terms.replaceAll(cast::floatName);
      lossScale = b.input(StepGraph.LOSS_SCALE, DataType.FLOAT);
    }
    List<String> wrt = new ArrayList<>();
    for (int i = 0; i < params.size(); i++) {
      if (trainable[i]) {
        wrt.add(params.get(i).name());
      }
    }
    // terms such as AR/TAR are differentiated with the loss but not reported in it, as fastai's loss_grad
    String differentiated = loss;
    for (String term : terms) {
      differentiated = b.add(differentiated, b.reshape(term, new long[0]));
    }
    Map<String, String> grads = wrt.isEmpty() ? Map.of()
        : Autodiff.backward(b, differentiated, wrt, rules, shapes, Autodiff.Options.defaults().withSeed(lossScale))
            .gradients();
    // a parameter the loss does not depend on gets no update: it is trained like a frozen one
    List<Integer> trained = new ArrayList<>();
    for (int i = 0; i < params.size(); i++) {
      if (trainable[i] && grads.get(params.get(i).name()) != null) {
        trained.add(i);
      }
    }
    String gradsFinite = null;
    if (mixedPrecision) {
      Map<String, String> unscaled = new LinkedHashMap<>();
      gradsFinite = unscale(b, lossScale, trained.stream().map(i -> params.get(i).name()).toList(), grads, unscaled);
      grads = unscaled;
    }
    List<String> stateInputs = new ArrayList<>();
    for (GraphEmitter.Declared d : declared) {
      stateInputs.add(d.name());
    }
    Map<String, String> stateOutputs = new LinkedHashMap<>();
    List<String> hyperBefore = b.inputs().stream().map(ValueInfo::name).toList();
    var hyper = optimizer.declareInputs(b, Math.max(trained.size(), 1));
    List<String> hyperInputs = new ArrayList<>();
    for (ValueInfo v : b.inputs()) {
      if (!hyperBefore.contains(v.name())) {
        hyperInputs.add(v.name());
      }
    }
    boolean wdAll = spec.optimizer().wdBnBias();
    for (int k = 0; k < trained.size(); k++) {
      ParamInfo p = params.get(trained.get(k));
      Map<String, String> state = new LinkedHashMap<>();
      for (String kind : optimizer.stateKinds()) {
        String n = OPT_PREFIX + kind + "." + p.name();
        state.put(kind, b.input(n, DataType.FLOAT, p.shape()));
        stateInputs.add(n);
      }
      Map<String, String> upd = optimizer.update(b, hyper, k, p.name(), grads.get(p.name()), state,
          wdAll || !p.role().isBnOrBias());
      output(b, upd.get(""), p.shape());
      stateOutputs.put(p.name(), upd.get(""));
      for (String kind : optimizer.stateKinds()) {
        output(b, upd.get(kind), p.shape());
        stateOutputs.put(OPT_PREFIX + kind + "." + p.name(), upd.get(kind));
      }
    }
    for (Map.Entry<String, String> u : bufferUpdates.entrySet()) {
      output(b, u.getValue(), e.shapeOf(u.getKey()));
      stateOutputs.put(u.getKey(), u.getValue());
    }
    checkArgument(new java.util.HashSet<>(stateOutputs.values()).size() == stateOutputs.size(),
        "two buffers of %s are updated with the same value: %s", spec.model().describe(), stateOutputs);
    b.output(ValueInfo.of(loss, DataType.FLOAT, (long[]) null));
    b.output(ValueInfo.of(raw, DataType.FLOAT, em.output.shape()));
    if (gradsFinite != null) {
      b.output(ValueInfo.of(gradsFinite, DataType.BOOL));
    }
    long variant = 2L * Arrays.hashCode(trainable) + (mixedPrecision ? 1 : 0);
    return new StepGraph(DropoutSeeds.apply(b.build(), spec.seed(), variant), stateInputs, stateOutputs, loss, raw,
        trained.stream().mapToInt(Integer::intValue).toArray(), hyperInputs, lossScale, gradsFinite);
  }

  /**
   * Divides each gradient of {@code names} by the loss scale into {@code unscaled}, and returns a
   * boolean scalar that is true when all of them are finite: the sum of their sums is NaN or
   * infinite as soon as one element is.
   */
  private static String unscale(GraphBuilder b, String lossScale, List<String> names, Map<String, String> grads,
      Map<String, String> unscaled) {
    String inv = b.op("Reciprocal", lossScale);
    String total = null;
    for (String n : names) {
      String g = grads.get(n);
      unscaled.put(n, b.mul(g, inv));
      String s = b.reduceSum(g, false);
      total = total == null ? s : b.add(total, s);
    }
    if (total == null) {
      return b.op("Identity", b.constant(Tensor.ofBools(new boolean[] {true})));
    }
    return b.op("Not", b.op("Or", b.op("IsNaN", total), b.op("IsInf", total)));
  }

  private static void output(GraphBuilder b, String value, long[] shape) {
    b.output(ValueInfo.of(value, DataType.FLOAT, shape));
  }

  /**
   * The eval graph: batch input, target, parameters and buffers in; loss and raw output out, and
   * the new value of each state carried across batches ({@link dev.fastj.nn.Emitter#updateState}:
   * a recurrent model's hidden state) as its state outputs.
   */
  public StepGraph evalStep() {
    Emitted em = forward(GraphEmitter.Mode.EVAL, "fastj_eval", null, true);
    GraphBuilder b = em.emitter.builder();
    b.output(ValueInfo.of(em.loss.name(), DataType.FLOAT, (long[]) null));
    b.output(ValueInfo.of(em.output.name(), DataType.FLOAT, em.output.shape()));
    Map<String, String> carried = new LinkedHashMap<>(em.emitter.stateUpdates());
    for (Map.Entry<String, String> u : carried.entrySet()) {
      output(b, u.getValue(), em.emitter.shapeOf(u.getKey()));
    }
    return new StepGraph(b.build(), names(), carried, em.loss.name(), em.output.name(), new int[0], List.of());
  }

  /** The predict graph: batch input, parameters and buffers in; raw output out. */
  public StepGraph predict() {
    Emitted em = forward(GraphEmitter.Mode.EVAL, "fastj_predict", null, false);
    GraphBuilder b = em.emitter.builder();
    b.output(ValueInfo.of(em.output.name(), DataType.FLOAT, em.output.shape()));
    return new StepGraph(b.build(), names(), Map.of(), null, em.output.name(), new int[0], List.of());
  }

  /**
   * The eval graph with the given values of parameters and buffers as constants (batch input
   * and target in; loss and raw output out), which ONNX Runtime optimizes much further than
   * a graph whose weights are inputs (prepacked, fused convolutions).
   */
  public StepGraph evalStepWithConstants(Map<String, Tensor> values) {
    Emitted em = forward(GraphEmitter.Mode.INFERENCE, "fastj_eval_constants", values::get, true);
    GraphBuilder b = em.emitter.builder();
    b.output(ValueInfo.of(em.loss.name(), DataType.FLOAT, (long[]) null));
    b.output(ValueInfo.of(em.output.name(), DataType.FLOAT, em.output.shape()));
    return new StepGraph(b.build(), List.of(), Map.of(), em.loss.name(), em.output.name(), new int[0], List.of());
  }

  /** The predict graph with the given values of parameters and buffers as constants. */
  public StepGraph predictWithConstants(Map<String, Tensor> values) {
    Emitted em = forward(GraphEmitter.Mode.INFERENCE, "fastj_predict_constants", values::get, false);
    GraphBuilder b = em.emitter.builder();
    b.output(ValueInfo.of(em.output.name(), DataType.FLOAT, em.output.shape()));
    return new StepGraph(b.build(), List.of(), Map.of(), null, em.output.name(), new int[0], List.of());
  }

  private List<String> names() {
    return declared.stream().map(GraphEmitter.Declared::name).toList();
  }

  /**
   * The standard inference model: input {@code input}, output {@code output}, the given values
   * of parameters and buffers as initializers, evaluation mode, with {@code metadata}. Its
   * metadata also names, for each top-level child of the model (scope {@code s}: {@code 0},
   * {@code 1}... of a {@code Sequential}), the value where that child ends
   * ({@code fastj.output.<s>}) and its dims ({@code fastj.output.<s>.shape}, comma-separated, -1
   * for the batch), so that a reader can cut the graph after a child (a vision body).
   */
  public Model inference(Map<String, Tensor> values, Map<String, String> metadata) {
    for (GraphEmitter.Declared d : declared) {
      checkArgument(values.containsKey(d.name()), "no value for %s to export", d.name());
    }
    Emitted em = forward(GraphEmitter.Mode.INFERENCE, "fastj_inference", values::get, false);
    GraphBuilder b = em.emitter.builder();
    String out = b.identityAs(em.output.name(), "output");
    b.output(ValueInfo.of(out, DataType.FLOAT, em.output.shape()));
    Map<String, String> md = new LinkedHashMap<>();
    md.put("fastj.model", spec.model().describe());
    md.put("fastj.loss", spec.loss().describe());
    md.put("fastj.input_shape", Arrays.toString(spec.inputShape()));
    if (spec.inputs().size() > 1) {
      md.put("fastj.inputs", spec.inputs().toString());
    }
    md.put("fastj.parameters", String.valueOf(params.size()));
    em.emitter.topLevelOutputs().forEach((scope, v) -> {
      md.put(OUTPUT_KEY + scope, v.name());
      if (v.shape() != null) {
        md.put(OUTPUT_KEY + scope + SHAPE_SUFFIX, joinDims(v.shape()));
      }
    });
    md.putAll(metadata);
    return Model.of(b.build()).withMetadata(md);
  }

  private static String joinDims(long[] dims) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < dims.length; i++) {
      sb.append(i == 0 ? "" : ",").append(dims[i]);
    }
    return sb.toString();
  }
}
