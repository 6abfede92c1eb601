package dev.fastj.samples.cli;

import dev.fastj.samples.bench.ServeBench;
import dev.fastj.samples.web.Json;
import dev.fastj.vision.Datasets;
import dev.fastj.vision.ImageFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./fastj bench-serve MODEL}: the load generator of {@link ServeBench}. */
@Command(name = "bench-serve", sortOptions = false,
    description = "load on ./fastj serve: requests/s and p50/p99 latency of POST /predict at 1, 8 and 32 concurrent "
        + "clients, batched (the defaults) against one image at a time (--max-batch 1 --max-wait-ms 0), in alternating "
        + "rounds")
final class BenchServeCommand implements Runnable {

  @Parameters(index = "0", paramLabel = "MODEL", description = "the exported image model (.fastj)")
  Path model;

  @Option(names = "--images", paramLabel = "DIR", description = "images to send (default: 200 of the bundled "
      + "Fashion-MNIST test set)")
  Path images;

  @Option(names = "--clients", paramLabel = "N", split = ",", defaultValue = "1,8,32",
      description = "concurrent clients of each measurement (default: ${DEFAULT-VALUE})")
  int[] clients;

  @Option(names = "--seconds", paramLabel = "S", defaultValue = "4", description = "seconds per measurement "
      + "(default: ${DEFAULT-VALUE})")
  double seconds;

  @Option(names = "--warmup", paramLabel = "S", defaultValue = "2", description = "seconds of warm-up before each "
      + "(default: ${DEFAULT-VALUE})")
  double warmup;

  @Option(names = "--rounds", paramLabel = "N", defaultValue = "3", description = "rounds alternating the two modes "
      + "(default: ${DEFAULT-VALUE}; the table gives the medians)")
  int rounds;

  @Option(names = "--json", description = "print the table as one JSON object last")
  boolean json;

  @Override
  public void run() {
    if (!Files.isRegularFile(model)) {
      throw new CliException("bench-serve: no model file at " + model + "; export one with ./fastj quickstart or train");
    }
    if (!(seconds > 0) || warmup < 0) {
      throw new CliException("bench-serve: --seconds must be positive and --warmup 0 or more, got " + seconds + " and "
          + warmup);
    }
    if (rounds < 1) {
      throw new CliException("bench-serve: --rounds must be at least 1, got " + rounds);
    }
    for (int c : clients) {
      if (c < 1 || c > 256) {
        throw new CliException("bench-serve: --clients must be between 1 and 256, got " + c);
      }
    }
    List<Path> files = images != null ? ImageFiles.get(images) : ImageFiles.get(Datasets.fashionMnist().resolve("test"));
    if (files.isEmpty()) {
      throw new CliException("bench-serve: no images in " + images);
    }
    // evenly spaced, so that every class of a sorted folder is sent
    int n = Math.min(200, files.size());
    List<Path> sample = java.util.stream.IntStream.range(0, n).mapToObj(i -> files.get(i * files.size() / n)).toList();
    List<ServeBench.Row> rows = ServeBench.run(model, sample, clients, seconds, warmup, rounds);
    if (json) {
      System.out.println(Json.write(ServeBench.json(rows)));
    }
  }
}
