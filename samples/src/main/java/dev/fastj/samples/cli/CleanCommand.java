package dev.fastj.samples.cli;

import dev.fastj.samples.clean.CleanServer;
import dev.fastj.samples.clean.Cleaner;
import dev.fastj.samples.web.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./fastj clean --data DIR --model MODEL [--port N]}: fastai's ImageClassifierCleaner in the
 * browser; {@code ./fastj clean --undo DIR}: restores the last apply.
 */
@Command(name = "clean", sortOptions = false,
    description = "the data cleaner (fastai's ImageClassifierCleaner) in the browser: per class and split, the "
        + "images with the highest loss first, each to keep, delete or move to another class; Apply carries the "
        + "choices out (a delete moves the file to DIR/.fastj-trash, nothing is overwritten, a journal records every "
        + "move); --undo DIR restores the last apply. JSON API: GET /api/classes, GET /api/items?label=L&split=S, "
        + "POST /api/apply, POST /api/undo")
final class CleanCommand implements Callable<Integer> {

  @Option(names = "--data", paramLabel = "DIR", description = "the folder of class folders (or of train/ and "
      + "valid/ folders of class folders)")
  Path data;

  @Option(names = "--model", paramLabel = "MODEL", description = "the exported model whose losses sort the images")
  Path model;

  @Option(names = "--undo", paramLabel = "DIR", description = "restore the last apply in DIR and exit")
  Path undo;

  @Option(names = "--port", paramLabel = "N", defaultValue = "8081", description = "port (default: ${DEFAULT-VALUE}; "
      + "0: any free port)")
  int port;

  @Option(names = "--host", paramLabel = "H", defaultValue = "localhost", description = "address to listen on "
      + "(default: ${DEFAULT-VALUE})")
  String host;

  @Option(names = "--valid-pct", paramLabel = "P", defaultValue = "0.2", description = "for a folder of class "
      + "folders: the validation fraction train used (default: ${DEFAULT-VALUE})")
  double validPct;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "and its seed (default: "
      + "${DEFAULT-VALUE})")
  int seed;

  @Option(names = "--json", description = "with --undo: print what was restored as one JSON object last")
  boolean json;

  @Override
  public Integer call() throws Exception {
    if (undo != null) {
      if (data != null || model != null) {
        throw new CliException("clean: --undo DIR restores the last apply on its own; leave out --data and --model");
      }
      List<Map<String, Object>> restored = Cleaner.undo(undo);
      for (Map<String, Object> r : restored) {
        System.out.println("restored " + r.get("from") + " -> " + r.get("to"));
      }
      System.out.println(restored.isEmpty() ? "undone: the last apply moved nothing that is still there"
          : "undone: " + restored.size() + " file" + (restored.size() == 1 ? "" : "s") + " restored in " + undo);
      if (json) {
        System.out.println(Json.write(Map.of("restored", restored)));
      }
      return 0;
    }
    if (data == null || model == null) {
      throw new CliException("clean: give --data DIR and --model MODEL (or --undo DIR)");
    }
    if (!Files.isRegularFile(model)) {
      throw new CliException("clean: no model file at " + model + "; export one with ./fastj train --out " + model);
    }
    Cleaner cleaner;
    try {
      cleaner = Cleaner.open(data, model, validPct, seed, System.out::println);
    } catch (IllegalArgumentException e) {
      throw new CliException("clean: " + e.getMessage());
    }
    CleanServer server = CleanServer.start(cleaner, host, port);
    server.closeOnShutdown();
    System.out.println("cleaning " + cleaner.dir() + " at " + server.address() + "; Ctrl-C stops");
    cleaner.computeLosses(System.out::println);
    server.join();
    return 0;
  }
}
