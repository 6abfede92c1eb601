package dev.fastj.learner;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import dev.fastj.callback.Callback;
import dev.fastj.callback.ParamScheduler;
import dev.fastj.callback.ProgressCallback;
import dev.fastj.callback.Recorder;
import dev.fastj.callback.TrackerCallback;
import dev.fastj.data.DataLoader;
import dev.fastj.data.DataLoaders;
import dev.fastj.data.TensorData;
import dev.fastj.metrics.Metric;
import dev.fastj.nn.Loss;
import dev.fastj.nn.Module;
import dev.fastj.optim.OptimizerSpec;
import dev.fastj.spi.Backend;
import dev.fastj.spi.Device;
import dev.fastj.spi.Hyper;
import dev.fastj.spi.InferenceModel;
import dev.fastj.spi.InputRecipe;
import dev.fastj.spi.ModelSpec;
import dev.fastj.spi.TrainableModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A model, its data, loss, optimizer and metrics, with fastai's training recipes: fastai's
 * {@code Learner}. It compiles the model through the {@link Backend} and drives it step by step;
 * the loop, the recording, the schedules and the learning-rate finder live in their own classes.
 *
 * <pre>{@code
 * try (Learner learn = Learner.builder(dls, model).metrics(Metrics.accuracy()).build()) {
 *   LrFind found = learn.lrFind();
 *   learn.fitOneCycle(3, found.valley());
 *   learn.export(Path.of("model.fastj"));
 * }
 * try (Learner inf = Learner.load(Path.of("model.fastj"))) {
 *   Prediction p = inf.predict(Path.of("cat.png"));
 * }
 * }</pre>
 *
 * <p>Parameter groups: the splitter puts each parameter in a group (fastai's {@code splitter});
 * learning rates, momentum and weight decay are set per group ({@link Hypers}), and
 * {@link #freeze()} works on groups. Internally each group is split in two so that norm and bias
 * parameters get no weight decay (fastai's {@code wd_bn_bias=False}): user group {@code u} is
 * backend group {@code 2u} for plain weights and {@code 2u + 1} for norm and bias parameters,
 * whose weight decay is 0 unless the optimizer has {@code wdBnBias}.
 * A Learner is not thread-safe, except {@link #predict}.
 *
 * <p>Applications extend it as fastai's {@code TextLearner} extends {@code Learner}: a subclass
 * passes a configured {@link LearnerBuilder} to the protected constructor and adds its own calls.
 */
public class Learner implements AutoCloseable {

  private DataLoaders dls;
  /** Not final: {@link #threshold(double)} swaps a multi-label loss for one with another threshold. */
  private Loss loss;
  private final OptimizerSpec optimizer;
  private final List<Metric> metrics;
  private final List<Callback> callbacks;
  private final Path path;
  private final boolean trainBn;
  /** The builder's lr, or null: a fit without one asks lrFind. */
  private final Double defaultLr;
  /** fastai's {@code Learner(moms=...)}: the momentum cycle of fits that give none. */
  private final Moms moms;
  private final Device device;
  private final Backend backend;
  private TrainableModel model;
  /** Train steps compiled for other input shapes, kept for a switch back ({@link #dls(DataLoaders)}). */
  private final java.util.Map<List<dev.fastj.data.InputSpec>, TrainableModel> otherShapes = new java.util.HashMap<>();
  private final long seed;
  private final Module module;
  private final ParamGroups groups;
  private final Hypers hypers;
  private final Recorder recorder = new Recorder();
  private final ProgressCallback progress;
  private final FitState state = new FitState(this);
  private long optStep;
  private GradScaler scaler;
  private int frozenIdx;
  private final InferenceModel inference;
  private Predictor predictor;

  /**
   * Compiles the builder's model and sets up its parameter groups: what {@link LearnerBuilder#build()}
   * does, for subclasses that add their own calls (fastai's {@code TextLearner}).
   */
  protected Learner(LearnerBuilder b) {
    dls = b.dls;
    loss = b.loss != null ? b.loss : dls.defaultLoss();
    checkNotNull(loss, "no loss given and dls.defaultLoss() returned null; pass .loss(...)");
    optimizer = b.optimizer;
    metrics = List.copyOf(b.metrics);
    callbacks = new ArrayList<>(b.callbacks);
    path = b.path;
    trainBn = b.trainBn;
    defaultLr = b.lr;
    moms = b.moms;
    device = b.device;
    backend = b.backend != null ? b.backend : Backend.get();
    progress = b.progress;
    module = b.module;
    seed = b.seed;
    model = backend.compile(new ModelSpec(b.module, dls.inputSpecs(), loss, optimizer, b.seed, device));
    try {
      groups = new ParamGroups(model.parameters(), b.splitter);
      model.setParamGroups(groups.internalGroups());
      model.setTrainable(groups.trainable(0, trainBn));
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
    hypers = new Hypers(groups.userGroups(), defaultLr != null ? defaultLr : 1e-3, optimizer.mom(), b.wd != null ? b.wd : optimizer.wd());
    inference = null;
    predictor = Predictor.trained(model, dls, loss);
  }

  private Learner(InferenceModel inference, ExportFile.Info info, Backend backend, Device device) {
    this.inference = inference;
    this.predictor = Predictor.loaded(inference, info);
    this.backend = backend;
    this.device = device;
    dls = null;
    loss = null;
    optimizer = null;
    metrics = List.of();
    callbacks = new ArrayList<>();
    path = Path.of(".");
    trainBn = true;
    defaultLr = null;
    moms = Moms.defaults();
    model = null;
    module = null;
    groups = null;
    hypers = null;
    progress = null;
    seed = 0;
  }

  /** Starts a Learner for {@code model} trained on {@code dls}. */
  public static LearnerBuilder builder(DataLoaders dls, Module model) {
    return new LearnerBuilder(dls, model);
  }

  /**
   * Loads a Learner written by {@link #export} for prediction, in this or another process, with
   * the backend on the class path, on the CPU (fastai's {@code load_learner}).
   */
  public static Learner load(Path exportFile) {
    return load(exportFile, Backend.get(), Device.cpu());
  }

  /**
   * Writes the standard inference ONNX model held by an export (weights as constants, raw
   * outputs) to {@code onnxFile}, atomically: what {@code ./fastj export-onnx} does.
   */
  public static void extractOnnx(Path exportFile, Path onnxFile) {
    Path tmp = Exporter.tempOnnx();
    try {
      ExportFile.read(exportFile, tmp);
      dev.fastj.internal.AtomicFiles.write(onnxFile, os -> java.nio.file.Files.copy(tmp, os));
    } finally {
      Exporter.delete(tmp);
    }
  }

  /** Loads an export with an explicit backend and device. */
  public static Learner load(Path exportFile, Backend backend, Device device) {
    Path tmp = Exporter.tempOnnx();
    try {
      ExportFile.Info info = ExportFile.read(exportFile, tmp);
      return new Learner(backend.loadInference(tmp, device), info, backend, device);
    } finally {
      Exporter.delete(tmp);
    }
  }

  // ---- training -------------------------------------------------------------------------------

  /**
   * The finder a fit without a learning rate runs: 1e-5 to 10 in 40 steps, the same density of
   * rates per decade as 50 steps from 1e-6, and less than half the time of fastai's 100 steps
   * from 1e-7 (rates below 1e-5 never won on nets trained from scratch; docs/training.md).
   */
  static final double SUGGEST_START_LR = 1e-5;
  static final int SUGGEST_ITERATIONS = 40;

  /**
   * The learning rate of a fit that gives none: the builder's {@code lr}, or else the one
   * {@link #lrFind()} suggests ({@link LrFind#suggested()}), said on the progress stream.
   */
  private Lr defaultLr(String fitName) {
    if (defaultLr != null) {
      return Lr.of(defaultLr);
    }
    LrFind found = lrFind(SUGGEST_START_LR, 10, SUGGEST_ITERATIONS);
    double lr = found.suggested();
    if (progress != null) {
      progress.note(String.format(java.util.Locale.ROOT, "%s without a learning rate: lr_find from %.0e over %d "
          + "steps chose %.2e (%s)", fitName, SUGGEST_START_LR, SUGGEST_ITERATIONS, lr, found.suggestedRule()));
    }
    return Lr.of(lr);
  }

  /**
   * fastai's {@code fit(n_epoch)} at the Learner's default learning rate (the builder's
   * {@code lr}, or else {@link #lrFind()}'s suggestion).
   */
  public void fit(int epochs) {
    fit(epochs, null, new Callback[0]);
  }

  /** fastai's {@code fit(n_epoch, lr)}: a constant learning rate for all groups. */
  public void fit(int epochs, double lr, Callback... extra) {
    fit(epochs, Lr.of(lr), extra);
  }

  /** fastai's {@code fit(n_epoch, lr, cbs=...)}; {@code lr} null means the default learning rate. */
  public void fit(int epochs, Lr lr, Callback... extra) {
    fitWith(epochs, lr != null ? lr : defaultLr("fit"), null, List.of(extra));
  }

  /** fastai's {@code fit_one_cycle(n_epoch)} at the default learning rate. */
  public void fitOneCycle(int epochs) {
    fitOneCycle(epochs, null, oneCycleDefaults());
  }

  /** fastai's {@code fit_one_cycle(n_epoch, lr_max)}. */
  public void fitOneCycle(int epochs, double lrMax, Callback... extra) {
    fitOneCycle(epochs, Lr.of(lrMax), oneCycleDefaults(), extra);
  }

  /** fastai's {@code fit_one_cycle(n_epoch, slice(...))}. */
  public void fitOneCycle(int epochs, Lr lrMax, Callback... extra) {
    fitOneCycle(epochs, lrMax, oneCycleDefaults(), extra);
  }

  /**
   * fastai's {@code fit_one_cycle} defaults with this Learner's {@code moms} (fastai's
   * {@code moms=None} falls back to {@code Learner.moms}): what the overloads without a
   * {@link OneCycle} use. Start custom options from it to keep the Learner's momentum cycle.
   */
  public OneCycle oneCycleDefaults() {
    return OneCycle.defaults().withMoms(moms);
  }

  /**
   * fastai's {@code fit_one_cycle}: per group, the learning rate follows
   * {@code combined_cos(pct_start, lr_max/div, lr_max, lr_max/div_final)} and the momentum
   * {@code combined_cos(pct_start, *moms)}, over all the fit's training batches.
   */
  public void fitOneCycle(int epochs, Lr lrMax, OneCycle options, Callback... extra) {
    requireTraining("fitOneCycle");
    hypers.setLr(lrMax != null ? lrMax : defaultLr("fit_one_cycle"));
    List<Callback> cbs = new ArrayList<>();
    cbs.add(ParamScheduler.oneCycle(hypers.get(HyperParam.LR), options));
    cbs.addAll(List.of(extra));
    fitWith(epochs, null, options.wd(), cbs);
  }

  /** fastai's {@code fit_flat_cos(n_epoch, lr)} with {@code pct_start=0.75}. */
  public void fitFlatCos(int epochs, double lr, Callback... extra) {
    fitFlatCos(epochs, Lr.of(lr), 0.75, extra);
  }

  /**
   * fastai's {@code fit_flat_cos}: the learning rate stays at {@code lr} for the first
   * {@code pctStart} of the batches, then anneals with a cosine to {@code lr/1e5}; momentum is
   * left alone.
   */
  public void fitFlatCos(int epochs, Lr lr, double pctStart, Callback... extra) {
    requireTraining("fitFlatCos");
    hypers.setLr(lr != null ? lr : defaultLr("fit_flat_cos"));
    List<Callback> cbs = new ArrayList<>();
    cbs.add(ParamScheduler.flatCos(hypers.get(HyperParam.LR), pctStart, 1e5));
    cbs.addAll(List.of(extra));
    fitWith(epochs, null, null, cbs);
  }

  /** fastai's {@code fine_tune(epochs)} with its defaults (base_lr 2e-3, one frozen epoch). */
  public void fineTune(int epochs) {
    fineTune(epochs, FineTune.defaults());
  }

  /** fastai's {@code fine_tune(epochs, base_lr)}. */
  public void fineTune(int epochs, double baseLr) {
    fineTune(epochs, FineTune.defaults().withBaseLr(baseLr));
  }

  /**
   * fastai's {@code fine_tune}, step for step: freeze; one cycle of {@code freezeEpochs} at
   * {@code slice(baseLr)} with {@code pct_start=0.99}; halve baseLr; unfreeze; one cycle of
   * {@code epochs} at {@code slice(baseLr/lrMult, baseLr)} with the given pct_start and div.
   */
  public void fineTune(int epochs, FineTune options, Callback... extra) {
    freeze();
    fitOneCycle(options.freezeEpochs(), Lr.slice(options.baseLr()), oneCycleDefaults().withPctStart(0.99), extra);
    double base = options.baseLr() / 2;
    unfreeze();
    fitOneCycle(epochs, Lr.slice(base / options.lrMult(), base),
        oneCycleDefaults().withPctStart(options.pctStart()).withDiv(options.div()), extra);
  }

  /** fastai's {@code freeze}: trains only the last parameter group (and norm layers). */
  public void freeze() {
    requireTraining("freeze");
    checkState(groups.userGroups() > 1, "freeze needs at least 2 parameter groups but the model has 1; "
        + "give the builder a splitter (VisionLearner does)");
    freezeTo(-1);
  }

  /** fastai's {@code unfreeze}: trains every group. */
  public void unfreeze() {
    freezeTo(0);
  }

  /**
   * fastai's {@code freeze_to(n)}: groups before {@code n} (counted from the end when negative)
   * get no updates, except norm parameters when {@code trainBn}; clears the optimizer state, as
   * fastai does.
   */
  public void freezeTo(int n) {
    requireTraining("freezeTo");
    int idx = n >= 0 ? n : groups.userGroups() + n;
    checkArgument(idx >= 0, "freezeTo(%s) with %s parameter groups", n, groups.userGroups());
    if (idx >= groups.userGroups()) {
      System.err.println("Freezing " + idx + " groups; model has " + groups.userGroups() + "; whole model is frozen.");
    }
    frozenIdx = idx;
    model.setTrainable(groups.trainable(idx, trainBn));
    clearOptimizerState();
  }

  /** fastai's {@code lr_find()}: 1e-7 to 10 over 100 batches, stopping on divergence. */
  public LrFind lrFind() {
    return lrFind(1e-7, 10, 100);
  }

  /**
   * fastai's {@code lr_find}: trains with an exponentially growing learning rate, without
   * validation and without printing, then restores the weights and optimizer state and returns
   * the suggestions. The Learner's tracker callbacks (early stopping, save-best) sit it out.
   */
  public LrFind lrFind(double startLr, double endLr, int numIt) {
    requireTraining("lrFind");
    HyperChecks.positive("startLr", startLr);
    HyperChecks.positive("endLr", endLr);
    checkArgument(endLr > startLr, "need 0 < startLr < endLr, got %s and %s", startLr, endLr);
    LrFinder finder = new LrFinder(startLr, endLr, numIt, true);
    int n = finder.numIt() / Math.max(1, dls.train().size()) + 1;
    finder.snapshot(this);
    try {
      List<Callback> cbs = new ArrayList<>(List.of(finder));
      if (progress != null) {
        cbs.add(progress.oneBar("lr_find", finder.numIt()));
      }
      fitWith(n, null, null, cbs, false, true);
    } finally {
      finder.restore(this);
    }
    double[] lrs = recorder.lrs().stream().mapToDouble(Double::doubleValue).toArray();
    double[] losses = recorder.losses().stream().mapToDouble(Double::doubleValue).toArray();
    return new LrFind(lrs, losses, finder.numIt());
  }

  private void fitWith(int epochs, Lr lr, Double wd, List<Callback> extra) {
    fitWith(epochs, lr, wd, extra, true, false);
  }

  private void fitWith(int epochs, Lr lr, Double wd, List<Callback> extra, boolean show, boolean lrFinding) {
    requireTraining("fit");
    checkArgument(epochs >= 0, "epochs must be >= 0, got %s", epochs);
    if (wd != null) {
      hypers.set(HyperParam.WD, wd);
    }
    if (lr != null) {
      hypers.setLr(lr);
    }
    List<Callback> cbs = new ArrayList<>();
    cbs.add(recorder);
    if (show && progress != null) {
      cbs.add(progress);
    }
    for (Callback cb : callbacks) {
      // trackers watch validation, which the finder skips: they would stop it after one epoch
      if (!(lrFinding && cb instanceof TrackerCallback)) {
        cbs.add(cb);
      }
    }
    cbs.addAll(extra);
    new TrainingLoop(this, state, cbs, lrFinding).fit(epochs);
  }

  /** fastai's {@code validate()}: valid_loss and each metric on the validation set. */
  public double[] validate() {
    requireTraining("validate");
    return validate(dls.valid());
  }

  /**
   * fastai's {@code validate(dl=...)}: loss and metrics over a labelled loader, in evaluation
   * mode, with the Recorder and the Learner's callbacks (as fastai runs its {@code cbs}: a
   * {@code ModelResetter} resets a recurrent state before it); nothing is recorded as an epoch.
   */
  public double[] validate(DataLoader dl) {
    requireTraining("validate");
    List<Callback> cbs = new ArrayList<>();
    cbs.add(recorder);
    cbs.addAll(callbacks);
    new TrainingLoop(this, state, cbs, false).validate(dl);
    return recorder.lastValidation();
  }

  // ---- checkpoints, export, prediction --------------------------------------------------------

  /** fastai's {@code save(name)}: weights and optimizer state to {@code <path>/models/<name>.ckpt}. */
  public Path save(String name) {
    Path file = checkpointPath(name);
    saveTo(file);
    return file;
  }

  /** Saves weights and optimizer state to {@code file}, atomically (the format is in docs/learner.md). */
  public void saveTo(Path file) {
    requireTraining("save");
    CheckpointFile.save(model, file, optStep);
  }

  /** fastai's {@code load(name)}: weights and optimizer state from {@code <path>/models/<name>.ckpt}. */
  public void load(String name) {
    load(name, true);
  }

  /** fastai's {@code load(name, with_opt)}. */
  public void load(String name, boolean withOpt) {
    loadFrom(checkpointPath(name), withOpt);
  }

  /** Loads a checkpoint written by {@link #saveTo}; {@code withOpt} restores the optimizer state too. */
  public void loadFrom(Path file, boolean withOpt) {
    requireTraining("load");
    long step = CheckpointFile.load(model, file, withOpt);
    if (step >= 0) {
      optStep = step;
    }
  }

  /**
   * fastai's {@code export}: one file with the inference ONNX model, the class names, the input
   * shape and recipe and the activation, that {@link #load(Path)} reads in another process.
   */
  public void export(Path file) {
    requireTraining("export");
    new Exporter(model, dls, loss).export(file);
  }

  /**
   * fastai's {@code predict} on a raw text (a text model's item, as {@link #predictItem}): the class
   * and the probabilities of each, for a trained or a loaded text classifier.
   *
   * <pre>{@code
   * Prediction p = Learner.load(Path.of("mail.fastj")).predict("Subject: cheap meds");
   * }</pre>
   */
  public Prediction predict(String text) {
    return predictor.predictItem(text);
  }

  /** fastai's {@code predict} on an image file (or any file the data pipeline accepts, such as a text file). */
  public Prediction predict(Path item) {
    return predictor.predictFile(item);
  }

  /**
   * {@link #predict(Path)} for many items at once: one prediction per item, in order, each equal
   * to what {@code predict} gives for it alone. Items are image files ({@link Path}) or, for a
   * loaded learner, images already decoded in memory ({@link dev.fastj.vision.image.ImageTensor},
   * from {@code Images.decode} of an upload), or the raw items of a loaded tabular model (rows).
   * A loaded learner runs all of them in one inference call, which is what makes serving many
   * requests together cheaper than one at a time: keep the list to a batch's size. Thread-safe
   * like {@code predict}.
   *
   * <pre>{@code
   * List<Prediction> ps = inf.predictBatch(List.of(Path.of("a.png"), Path.of("b.png")));
   * }</pre>
   */
  public List<Prediction> predictBatch(List<?> items) {
    return predictor.predictBatch(items);
  }

  /**
   * fastai's {@code predict} on a raw item (a row of a table: a {@code Map} of column to value,
   * a {@code CsvRow} or a CSV line), through the validation transforms of the DataLoaders, or of
   * the export's input recipe in a loaded Learner.
   */
  public Prediction predictItem(Object item) {
    return predictor.predictItem(item);
  }

  /**
   * fastai's {@code dls.test_dl(items)}: a loader over new raw items without labels, for
   * {@link #getPreds(DataLoader)}; in a loaded Learner through the export's input recipe
   * (tabular models), in order, batches of 64.
   */
  public DataLoader testDl(List<?> items) {
    return predictor.testDl(items);
  }

  /** Predicts on one already-transformed input, with or without its batch dimension of 1. */
  public Prediction predict(TensorData input) {
    return predictor.predict(input);
  }

  /** fastai's {@code get_preds(with_loss=True)} on the validation set. */
  public Preds getPreds() {
    requireTraining("getPreds");
    return predictor.getPreds(dls.valid(), progress);
  }

  /**
   * fastai's {@code get_preds(dl=...)}: activated outputs, targets and per-item losses over a
   * loader in evaluation mode (losses NaN and targets empty when it has no labels). A loaded
   * learner takes a loader of already prepared inputs, such as
   * {@link dev.fastj.vision.InferenceTransforms#testDl} or {@link #testDl} of raw items, and
   * computes each item's loss from the loss its export names.
   */
  public Preds getPreds(DataLoader dl) {
    return predictor.getPreds(dl, progress);
  }

  /**
   * fastai's {@code to_fp16()}: mixed-precision training with {@link MixedPrecision#defaults()}.
   *
   * @throws IllegalStateException on the CPU, where float16 is slower, not faster (see
   *     {@link MixedPrecision#allowCpu()})
   */
  public Learner toFp16() {
    return toFp16(MixedPrecision.defaults());
  }

  /**
   * fastai's {@code to_fp16(...)}: from the next step on, convolutions and matrix products run in
   * float16 on the GPU while the weights, optimizer state, BatchNorm and loss stay float32, and
   * the loss is scaled dynamically so that small gradients survive float16 (fastai's
   * {@code MixedPrecision}). Validation, predictions, checkpoints and exports stay float32.
   *
   * @throws IllegalStateException when the model runs on the CPU and {@code options} do not
   *     allow it
   * @throws UnsupportedOperationException when the backend has no mixed-precision training
   */
  public Learner toFp16(MixedPrecision options) {
    requireTraining("toFp16");
    checkNotNull(options, "options");
    if (model.deviceKind() == Device.Kind.CPU && !options.allowCpu()) {
      throw new IllegalStateException("toFp16: mixed precision needs a CUDA device and this learner runs on the CPU"
          + (device.kind() == Device.Kind.CUDA ? " (CUDA was asked for but is not available)" : "")
          + ", where float16 is slower than float32; drop toFp16(), build with .device(Device.cuda(0)) on a machine "
          + "with a GPU, or pass MixedPrecision.defaults().withAllowCpu(true) to check the float16 graphs on the CPU");
    }
    model.setMixedPrecision(true);
    scaler = new GradScaler(options);
    return this;
  }

  /** fastai's {@code to_fp32()}: back to float32 training (the weights were float32 throughout). */
  public Learner toFp32() {
    requireTraining("toFp32");
    model.setMixedPrecision(false);
    scaler = null;
    return this;
  }

  /** The loss scale of the next step: 1 in float32, the dynamic scale after {@link #toFp16}. */
  public double lossScale() {
    return scaler == null ? 1 : scaler.scale();
  }

  /** Train steps skipped since {@link #toFp16} because their gradients overflowed float16. */
  public long skippedSteps() {
    return scaler == null ? 0 : scaler.skipped();
  }

  // ---- multi-label threshold ------------------------------------------------------------------

  /**
   * A multi-label learner's threshold: the probability above which {@link #predict} gives a tag
   * (fastai's {@code loss_func.thresh}, 0.5 by default); NaN for other learners.
   */
  public double threshold() {
    return predictor.threshold();
  }

  /**
   * Sets the multi-label threshold {@link #predict}, {@link #showResults} and the export use
   * (fastai's {@code learn.loss_func.thresh = t}); a loaded learner can be given one too.
   *
   * @throws IllegalArgumentException when {@code t} is not in (0, 1) or the learner is not
   *     multi-label (its loss is not {@code BCEWithLogitsLossFlat})
   */
  public Learner threshold(double t) {
    checkArgument(t > 0 && t < 1, "a threshold is a probability strictly between 0 and 1, got %s", t);
    predictor = predictor.withThreshold(t);
    if (loss instanceof dev.fastj.nn.BCEWithLogitsLossFlat b) {
      loss = b.withThreshold(t);
    }
    return this;
  }

  /**
   * Chooses the threshold on the validation set, fastai's planet practice in one call: predicts
   * the validation set once, scores {@code metric} at thresholds 0.05 to 0.95 (step 0.01), sets
   * {@link #threshold(double)} to the best and returns the search.
   *
   * <pre>{@code
   * ThresholdSearch s = learn.optimizeThreshold(Metrics.fbeta(2, 0.2, Metrics.Average.SAMPLES, true));
   * System.out.println(s);   // fbeta_score: best threshold 0.27 (0.8512), 0.2 gave 0.8433
   * }</pre>
   *
   * <p>The chosen threshold fits the validation set: report a score at it on data it was not
   * chosen on.
   */
  public ThresholdSearch optimizeThreshold(dev.fastj.metrics.ThresholdMetric metric) {
    requireTraining("optimizeThreshold");
    checkNotNull(metric, "metric");
    checkState(!Double.isNaN(threshold()), "optimizeThreshold chooses a multi-label threshold; this learner's loss is "
        + "%s, not BCEWithLogitsLossFlat (a MultiCategoryBlock target)", loss.describe());
    Preds preds = getPreds();
    ThresholdSearch search = ThresholdSearch.of(metric, preds.probabilities(), preds.targets());
    threshold(search.best());
    return search;
  }

  /** One activated output row as {@link #predict} labels it (tags over the threshold for multi-label). */
  String decodePrediction(float[] activatedRow) {
    return predictor.decode(activatedRow);
  }

  /** fastai's {@code learn.show_results()}: 9 validation images, actual / predicted, into {@code png}. */
  public void showResults(Path png) {
    showResults(9, png);
  }

  /**
   * fastai's {@code learn.show_results(max_n=n)}: {@code n} validation images (spread evenly over
   * the set, so that a set sorted by class shows several classes) in a grid,
   * titled with the actual label and the model's prediction ("actual / predicted", marked when a
   * class is wrong), into {@code png}.
   */
  public void showResults(int n, Path png) {
    requireTraining("showResults");
    ResultsPlot.write(this, dls, n, png);
  }

  /**
   * fastai's {@code learn.summary()}: each layer's type, output shape (for a batch of the
   * training loader's size), parameter count and whether it trains now, the totals, the optimizer,
   * the loss, the freezing state and the callbacks. Print it: {@code System.out.println(learn.summary())}.
   */
  public String summary() {
    requireTraining("summary");
    List<Callback> cbs = new ArrayList<>();
    cbs.add(recorder);
    if (progress != null) {
      cbs.add(progress);
    }
    cbs.addAll(callbacks);
    return LearnerSummary.of(module, dls.inputSpecs(), dls.train().batchSize(), model.parameters(),
        groups.trainable(frozenIdx, trainBn), model.layerOutputShapes(), optimizer, loss, frozenIdx, cbs);
  }

  // ---- accessors ------------------------------------------------------------------------------

  /** The Recorder of the last fit. */
  public Recorder recorder() {
    return recorder;
  }

  /** The validation metrics, in column order. */
  public List<Metric> metrics() {
    return metrics;
  }

  /** The current hyper-parameters per parameter group. */
  public Hypers hypers() {
    requireTraining("hypers");
    return hypers;
  }

  /** Number of parameter groups the splitter made. */
  public int paramGroupCount() {
    requireTraining("paramGroupCount");
    return groups.userGroups();
  }

  /** Index of the first trainable group (0 when unfrozen). */
  public int frozenIdx() {
    return frozenIdx;
  }

  /** The data. */
  public DataLoaders dls() {
    requireTraining("dls");
    return dls;
  }

  /**
   * fastai's {@code learn.dls = new_dls}: trains and validates from now on with {@code newDls},
   * for progressive resizing (the same block at a larger {@code Resize}). The weights, the
   * BatchNorm statistics, the optimizer state, the freezing and the hyper-parameters are kept;
   * when the input shape changes the train step is compiled for it (or the one compiled before
   * for that shape is reused). The targets must stay the same: the same number of outputs, the
   * same classes and the same kind of target block.
   *
   * <pre>{@code
   * learn.fitOneCycle(5, 1e-3);                                          // at 64 px
   * learn.dls(block.itemTfms(Resize.of(128)).dataloaders(path, 64));    // fastai: learn.dls = ...
   * learn.fitOneCycle(5, 1e-3);                                          // at 128 px
   * }</pre>
   *
   * @return this Learner
   * @throws IllegalArgumentException when the new loaders have other targets or other input
   *     types or channels
   */
  public Learner dls(DataLoaders newDls) {
    requireTraining("dls");
    checkNotNull(newDls, "dls");
    DataSwap.check(dls, newDls);
    List<dev.fastj.data.InputSpec> specs = newDls.inputSpecs();
    if (!specs.equals(dls.inputSpecs())) {
      TrainableModel next = otherShapes.remove(specs);
      if (next == null) {
        next = backend.compile(new ModelSpec(module, specs, loss, optimizer, seed, device));
      }
      try {
        next.setParamGroups(groups.internalGroups());
        DataSwap.carry(model, next, groups.trainable(frozenIdx, trainBn));
      } catch (RuntimeException e) {
        next.close();
        throw e;
      }
      otherShapes.put(dls.inputSpecs(), model);
      model = next;
    }
    dls = newDls;
    predictor = Predictor.trained(model, dls, loss);
    return this;
  }

  /** The loss. */
  public Loss loss() {
    requireTraining("loss");
    return loss;
  }

  /** The compiled model, for callbacks that need it. */
  public TrainableModel model() {
    requireTraining("model");
    return model;
  }

  /** Class names of the target (from the DataLoaders, or the export). */
  public List<String> vocab() {
    return predictor.vocab();
  }

  /**
   * How raw items become the model's inputs (a tabular model's columns and procs, say): the
   * DataLoaders' recipe, or the one the export carries in a loaded Learner; null when there is
   * none (an image model, whose inputs are files or tensors).
   */
  public InputRecipe inputRecipe() {
    return predictor.recipe();
  }

  /** Shape of one input item, without the batch dimension. */
  public long[] inputShape() {
    return predictor.inputShape();
  }

  /** True for a Learner made by {@link #load(Path)}: it predicts but does not train. */
  public boolean isInferenceOnly() {
    return inference != null;
  }

  /** fastai's {@code add_cb}: a callback for every later fit. */
  public Learner addCallback(Callback cb) {
    callbacks.add(checkNotNull(cb, "callback"));
    return this;
  }

  /** fastai's {@code remove_cb}. */
  public Learner removeCallback(Callback cb) {
    callbacks.remove(cb);
    return this;
  }

  /** fastai's {@code learn.path}: where {@code models/} (checkpoints, encoders) goes. */
  public Path path() {
    return path;
  }

  /** The backend that compiled the model, for subclasses that compile a related one (a text generator). */
  protected Backend backend() {
    return backend;
  }

  /** The device the model was asked to run on. */
  protected Device device() {
    return device;
  }

  /** The seed of the initial weights and dropout masks. */
  protected long seed() {
    return seed;
  }

  /** fastai's {@code learn.moms}: the momentum cycle of one-cycle fits that give none. */
  public Moms moms() {
    return moms;
  }

  /** The callbacks added to this Learner (without the Recorder and progress). */
  public List<Callback> callbacks() {
    return List.copyOf(callbacks);
  }

  /** Frees the compiled model or the loaded session; the DataLoaders stay open (their owner closes them). */
  @Override
  public void close() {
    if (model != null) {
      model.close();
    }
    otherShapes.values().forEach(TrainableModel::close);
    if (inference != null) {
      inference.close();
    }
  }

  // ---- for the loop and the finder ------------------------------------------------------------

  Hyper nextHyper() {
    Hyper h = groups.expand(hypers, optimizer.wdBnBias(), ++optStep);
    return scaler == null ? h : h.withLossScale(scaler.scale());
  }

  /**
   * Records whether the step of {@link #nextHyper} updated the weights: a step skipped under
   * mixed precision lowers the loss scale and does not count for the optimizer (Adam's bias
   * correction). Returns the scaler, or null in float32.
   */
  GradScaler afterTrainStep(boolean stepped) {
    if (!stepped) {
      optStep--;
    }
    if (scaler != null) {
      scaler.update(stepped);
    }
    return scaler;
  }

  long optimizerStep() {
    return optStep;
  }

  void optimizerStep(long step) {
    optStep = step;
  }

  /** fastai's {@code opt.clear_state()}: zeroes every optimizer buffer and the step count. */
  private void clearOptimizerState() {
    CheckpointFile.clearOptimizerState(model);
    optStep = 0;
  }

  private Path checkpointPath(String name) {
    checkArgument(name != null && !name.isBlank() && !name.contains("/") && !name.contains("\\"),
        "checkpoint name must be a plain file name, got %s", name);
    return path.resolve("models").resolve(name + ".ckpt");
  }

  private void requireTraining(String what) {
    checkState(inference == null, "%s: this Learner was loaded from an export and only predicts; "
        + "build one with Learner.builder(dls, model) to train", what);
  }
}
