package dev.fastj.samples.dev;

import dev.fastj.data.BatchTransform;
import dev.fastj.data.CategoryBlock;
import dev.fastj.data.DataBlock;
import dev.fastj.data.DataLoaders;
import dev.fastj.data.Labels;
import dev.fastj.data.Splitters;
import dev.fastj.learner.Learner;
import dev.fastj.learner.LrFind;
import dev.fastj.metrics.Metrics;
import dev.fastj.nn.ConvLayer;
import dev.fastj.nn.ResBlock;
import dev.fastj.nn.Sequential;
import dev.fastj.nn.WeightInit;
import dev.fastj.vision.Arch;
import dev.fastj.vision.Augment;
import dev.fastj.vision.HeadOptions;
import dev.fastj.vision.ImageBlock;
import dev.fastj.vision.ImageFiles;
import dev.fastj.vision.Normalize;
import dev.fastj.vision.Resize;
import dev.fastj.vision.VisionLearner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Developer tool for issue 8: trains one recipe on a train/valid folder tree and prints one line
 * of results, so that defaults can be compared across data sets. key=value arguments:
 * data=ROOT epochs=3 arch=xsmall|ref|res4 head=fastai|simple aug=none|noflip|full lr=valley|minimum|
 * slide|steep|NUMBER bs=64 size=N grey=true findIt=100 seed=42.
 */
public final class DefaultsLab {

  private DefaultsLab() {}

  public static void main(String[] argv) throws java.io.IOException {
    Locale.setDefault(Locale.ROOT);
    System.setProperty("java.awt.headless", "true");
    Map<String, String> a = new HashMap<>();
    for (String s : argv) {
      String[] kv = s.split("=", 2);
      a.put(kv[0], kv[1]);
    }
    long t0 = System.nanoTime();
    Path root = Path.of(a.get("data"));
    int epochs = Integer.parseInt(a.getOrDefault("epochs", "3"));
    int bs = Integer.parseInt(a.getOrDefault("bs", "64"));
    int size = Integer.parseInt(a.getOrDefault("size", "28"));
    boolean grey = Boolean.parseBoolean(a.getOrDefault("grey", "false"));
    String aug = a.getOrDefault("aug", "none");
    List<BatchTransform> tfms = new ArrayList<>();
    switch (aug) {
      case "none" -> { }
      case "noflip" -> tfms.add(Augment.transforms().withDoFlip(false));
      case "light" -> tfms.add(Augment.transforms().withDoFlip(false).withMaxWarp(0).withMaxLighting(0.1));
      case "affine" -> tfms.add(Augment.transforms().withDoFlip(false).withMaxWarp(0).withMaxLighting(0));
      case "full" -> tfms.add(Augment.transforms());
      default -> throw new IllegalArgumentException(aug);
    }
    tfms.add(Normalize.fromData());
    DataBlock<?> block = DataBlock.of(grey ? ImageBlock.grey() : ImageBlock.create(), CategoryBlock.create())
        .getItems(p -> ImageFiles.get(p, "train", "valid"))
        .splitter(Splitters.grandparent("train", "valid"))
        .getY(Labels.parentLabel())
        .itemTfms(Resize.of(size))
        .batchTfms(tfms.toArray(new BatchTransform[0]));
    Arch arch = switch (a.getOrDefault("arch", "xsmall")) {
      case "xsmall" -> Arch.xresnetSmall();
      case "resnet18" -> Arch.resnet18();
      case "ref" -> plain(false);
      case "res4" -> plain(true);
      case "xwide" -> xres(new int[] {32, 64, 64}, new int[] {64, 128, 256}, 2);
      case "xs1" -> xres(new int[] {16, 32, 32}, new int[] {32, 64, 128}, 1);
      case "xmid" -> xres(new int[] {24, 48, 48}, new int[] {48, 96, 192}, 2);
      default -> throw new IllegalArgumentException(a.get("arch"));
    };
    HeadOptions head = switch (a.getOrDefault("head", "fastai")) {
      case "fastai" -> HeadOptions.defaults();
      case "simple" -> HeadOptions.defaults().withLinFtrs(List.of()).withConcatPool(false).withFirstBn(false).withPs(0);
      case "simplecat" -> HeadOptions.defaults().withLinFtrs(List.of()).withFirstBn(false).withPs(0);
      default -> throw new IllegalArgumentException(a.get("head"));
    };
    String lrSpec = a.getOrDefault("lr", "valley");
    StringBuilder out = new StringBuilder();
    try (DataLoaders dls = block.dataloaders(root, bs);
        Learner learn = VisionLearner.builder(dls, arch).head(head).progress(null)
            .seed(Long.parseLong(a.getOrDefault("seed", "42")))
            .metrics(Metrics.accuracy()).build()) {
      long t1 = System.nanoTime();
      double lr;
      String sugg = "";
      if (Character.isDigit(lrSpec.charAt(0))) {
        lr = Double.parseDouble(lrSpec);
      } else {
        long tf = System.nanoTime();
        LrFind f = learn.lrFind(Double.parseDouble(a.getOrDefault("findStart", "1e-7")), 10,
            Integer.parseInt(a.getOrDefault("findIt", "100")));
        if (a.containsKey("dumpFind")) {
          StringBuilder d = new StringBuilder();
          double[] lrs = f.lrs();
          double[] ls = f.losses();
          for (int i = 0; i < lrs.length; i++) {
            d.append(lrs[i]).append(' ').append(ls[i]).append('\n');
          }
          java.nio.file.Files.writeString(Path.of(a.get("dumpFind")), d);
        }
        if (a.containsKey("findOnly")) {
          System.out.printf("FIND data=%s start=%s it=%s steps=%d valley=%.2e minimum=%.2e suggested=%.2e secs=%.1f%n",
              root.getFileName(), a.getOrDefault("findStart", "1e-7"), a.getOrDefault("findIt", "100"), f.lrs().length,
              f.valley(), f.minimum(), f.suggested(), (System.nanoTime() - tf) / 1e9);
          return;
        }
        sugg = String.format("valley=%.2e slide=%.2e minimum=%.2e steep=%.2e ", f.valley(), f.slide(), f.minimum(),
            f.steep());
        lr = switch (lrSpec) {
          case "valley" -> f.valley();
          case "slide" -> f.slide();
          case "minimum" -> f.minimum();
          case "steep" -> f.steep();
          case "suggested" -> f.suggested();
          default -> throw new IllegalArgumentException(lrSpec);
        };
      }
      long t2 = System.nanoTime();
      learn.fitOneCycle(epochs, lr);
      long t3 = System.nanoTime();
      var rows = learn.recorder().rows();
      StringBuilder accs = new StringBuilder();
      for (var r : rows) {
        accs.append(String.format("%.4f ", r.metrics()[0]));
      }
      out.append(String.format("RESULT data=%s arch=%s head=%s aug=%s lrSpec=%s lr=%.2e %sepochs=%d acc=%.4f "
              + "accs=[%s] setup=%.1fs find=%.1fs fit=%.1fs total=%.1fs", root.getFileName(), a.get("arch"),
          a.get("head"), aug, lrSpec, lr, sugg, epochs, rows.get(rows.size() - 1).metrics()[0], accs.toString().trim(),
          (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9, (System.nanoTime() - t0) / 1e9));
    }
    System.out.println(out);
  }

  /** xresnet_small's shape with other widths and stem stride. */
  static Arch xres(int[] stem, int[] stages, int stemStride) {
    return new Arch() {
      @Override
      public String name() {
        return "xres";
      }

      @Override
      public Sequential body(int in) {
        return Sequential.of(ConvLayer.of(in, stem[0]), ConvLayer.of(stem[0], stem[1], 3, stemStride),
            ConvLayer.of(stem[1], stem[2]), Sequential.of(ResBlock.of(stem[2], stages[0], 2).withInit(WeightInit.KAIMING_NORMAL)),
            Sequential.of(ResBlock.of(stages[0], stages[1], 2).withInit(WeightInit.KAIMING_NORMAL)),
            Sequential.of(ResBlock.of(stages[1], stages[2], 2).withInit(WeightInit.KAIMING_NORMAL)));
      }

      @Override
      public int bodyFeatures() {
        return stages[2];
      }

      @Override
      public int splitAt() {
        return 3;
      }
    };
  }

  /** The reference's four conv-BN-ReLU layers (32, 64, 128, 256; strides 1, 2, 2, 2), or with residual blocks. */
  static Arch plain(boolean residual) {
    return new Arch() {
      @Override
      public String name() {
        return residual ? "res4" : "ref";
      }

      @Override
      public Sequential body(int in) {
        if (residual) {
          return Sequential.of(ConvLayer.of(in, 32), Sequential.of(rb(32, 64)), Sequential.of(rb(64, 128)),
              Sequential.of(rb(128, 256)));
        }
        return Sequential.of(ConvLayer.of(in, 32), ConvLayer.of(32, 64, 3, 2), ConvLayer.of(64, 128, 3, 2),
            ConvLayer.of(128, 256, 3, 2));
      }

      private ResBlock rb(int i, int o) {
        return ResBlock.of(i, o, 2).withInit(WeightInit.KAIMING_NORMAL);
      }

      @Override
      public int bodyFeatures() {
        return 256;
      }

      @Override
      public int splitAt() {
        return 1;
      }
    };
  }
}
