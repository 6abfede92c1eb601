package dev.fastj.check;

import dev.fastj.data.TensorData;
import dev.fastj.nn.CrossEntropyLossFlat;
import dev.fastj.nn.Linear;
import dev.fastj.nn.ReLU;
import dev.fastj.nn.Sequential;
import dev.fastj.optim.OptimizerSpec;
import dev.fastj.spi.Backend;
import dev.fastj.spi.Device;
import dev.fastj.spi.InferenceModel;
import dev.fastj.spi.InputRecipe;
import dev.fastj.spi.ModelSpec;
import dev.fastj.spi.TrainableModel;
import dev.fastj.tabular.Table;
import dev.fastj.tabular.TabularDatasets;
import dev.fastj.text.Tokenizer;
import dev.fastj.vision.Datasets;
import dev.fastj.vision.DigitsArrays;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;

/**
 * Runs on the module path what an application needs from each fastj module, then checks every
 * fastj module's descriptor: each package is exported except the internal ones, which are
 * exported to fastj modules only. Prints one line per check; exits non-zero on the first failure.
 */
public final class ModulePathCheck {

  private static final List<String> MODULES =
      List.of("dev.fastj.api", "dev.fastj.onnx.train", "dev.fastj.text", "dev.fastj.tabular");

  private ModulePathCheck() {}

  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]);
    require(ModulePathCheck.class.getModule().isNamed(), "the check runs in a named module");

    // the backend through ServiceLoader, from dev.fastj.api's `uses`
    Backend backend = Backend.get();
    require(backend.name().equals("onnxruntime"), "backend " + backend.name());
    require(backend.getClass().getModule().getName().equals("dev.fastj.onnx.train"),
        "backend in " + backend.getClass().getModule());
    say("backend " + backend.name() + " from " + backend.getClass().getModule().getName());

    // bundled data sets from dev.fastj.datasets: a folder that is a package (digits, titanic)
    // and one that is not (spam-assassin)
    DigitsArrays digits = Datasets.digitsArrays();
    require(digits.size() == 1797, digits.size() + " digits");
    Table titanic = Table.read(TabularDatasets.titanic());
    require(titanic.rowCount() == 1309, titanic.rowCount() + " titanic rows");
    try (InputStream in = Datasets.openBundled("dev/fastj/text/datasets/spam-assassin/LICENSE")) {
      require(in.readAllBytes().length > 0, "an empty spam-assassin LICENSE");
    }
    say("bundled data: " + digits.size() + " digits, " + titanic.rowCount() + " titanic rows");

    // a forward pass, then the same through an exported ONNX file
    int n = 4;
    float[] x = new float[n * DigitsArrays.PIXELS];
    for (int i = 0; i < n; i++) {
      System.arraycopy(digits.pixels()[i], 0, x, i * DigitsArrays.PIXELS, DigitsArrays.PIXELS);
    }
    List<TensorData> batch = List.of(TensorData.ofFloats(x, n, DigitsArrays.PIXELS));
    Sequential net = Sequential.of(Linear.of(DigitsArrays.PIXELS, 16), ReLU.create(), Linear.of(16, 10));
    try (TrainableModel model = backend.compile(ModelSpec.of(net, new long[] {DigitsArrays.PIXELS},
        CrossEntropyLossFlat.create(), OptimizerSpec.Adam.defaults()))) {
      TensorData out = model.predict(batch);
      require(Arrays.equals(out.shape(), new long[] {n, 10}), "output shape " + Arrays.toString(out.shape()));
      float[] logits = out.toFloatArray();
      for (float v : logits) {
        require(Float.isFinite(v), "a non-finite logit " + v);
      }
      Path onnx = work.resolve("digits.onnx");
      model.exportOnnx(onnx, Map.of());
      try (InferenceModel loaded = backend.loadInference(onnx, Device.cpu())) {
        float[] again = loaded.predict(batch).toFloatArray();
        for (int i = 0; i < logits.length; i++) {
          require(Math.abs(again[i] - logits[i]) <= 1e-5f,
              "exported logit " + i + " is " + again[i] + ", the compiled model gave " + logits[i]);
        }
      }
      say("predict: " + n + "x10 logits, the exported model agrees (" + Files.size(onnx) + " bytes)");
    }

    // text's tokenizer (ICU's word boundaries) and the recipe readers text and tabular provide
    List<String> tokens = Tokenizer.create().tokenize("It costs $5, well-known.");
    require(tokens.contains("$") && tokens.contains("well") && tokens.contains("known"), "tokens " + tokens);
    Set<String> kinds = new TreeSet<>();
    ServiceLoader.load(InputRecipe.Reader.class).forEach(r -> kinds.add(r.kind()));
    require(kinds.containsAll(Set.of("text", "tabular")), "recipe readers " + kinds);
    try {
      InputRecipe.read("no-such-kind", Map.of());
      require(false, "a recipe of no known kind was read");
    } catch (IllegalStateException expected) {
      // dev.fastj.api's own ServiceLoader lookup ran: it declares `uses`
    }
    say("text tokens " + tokens + ", recipe readers " + kinds);

    // what each module exports
    List<String> problems = new ArrayList<>();
    for (String name : MODULES) {
      problems.addAll(exportProblems(name));
    }
    ModuleDescriptor datasets = descriptor("dev.fastj.datasets");
    if (!datasets.isOpen()) {
      problems.add("dev.fastj.datasets is not an open module: other modules could not read its files");
    }
    require(problems.isEmpty(), String.join("\n", problems));
    say("exports: every package of " + MODULES + " but the internal ones");
    System.out.println("module path check passed");
  }

  /** Each package of module {@code name} that breaks the export rule, as a message saying what to do. */
  private static List<String> exportProblems(String name) {
    ModuleDescriptor d = descriptor(name);
    List<String> problems = new ArrayList<>();
    if (d.isAutomatic()) {
      problems.add(name + " is an automatic module: it exports everything; give it a module-info.java");
      return problems;
    }
    for (String pkg : new TreeSet<>(d.packages())) {
      boolean internal = Arrays.asList(pkg.split("\\.")).contains("internal");
      ModuleDescriptor.Exports e = d.exports().stream().filter(x -> x.source().equals(pkg)).findFirst().orElse(null);
      if (!internal && (e == null || e.isQualified())) {
        problems.add("package " + pkg + " of " + name + " is not exported to everyone: add `exports " + pkg
            + ";` to its module-info.java (or move it under an internal package)");
      }
      if (internal && e != null && (!e.isQualified() || !e.targets().stream().allMatch(t -> t.startsWith("dev.fastj.")))) {
        problems.add("internal package " + pkg + " of " + name + " is exported to " + (e.isQualified() ? e.targets()
            : "everyone") + ": export it to the fastj modules that use it only");
      }
    }
    return problems;
  }

  private static ModuleDescriptor descriptor(String name) {
    return ModuleLayer.boot().findModule(name)
        .orElseThrow(() -> new IllegalStateException(name + " is not in the boot layer"))
        .getDescriptor();
  }

  private static void require(boolean ok, String what) {
    if (!ok) {
      throw new AssertionError("module path check failed: " + what);
    }
  }

  private static void say(String line) {
    System.out.println("ok: " + line);
  }
}
