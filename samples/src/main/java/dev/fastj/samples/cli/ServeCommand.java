package dev.fastj.samples.cli;

import dev.fastj.samples.serve.Batcher;
import dev.fastj.samples.serve.ServedModel;
import dev.fastj.samples.serve.ModelServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./fastj serve MODEL [--port N] [--host H]}: a web app and a JSON API for an exported image,
 * tabular or text model.
 */
@Command(name = "serve", sortOptions = false,
    description = "serves an exported model: a page at / (an image model: pick or drop an image, see the class and "
        + "the top probabilities; a tabular model: a form of its columns; a text model: a text box), POST /predict (an image/* "
        + "body or the field 'file' of a multipart form; for a tabular model a JSON object {column: value}; for a "
        + "text model a text/plain body or {\"text\": ...}; answers as predict "
        + "--json and predict --csv --json do), GET /health; concurrent requests are predicted in batches; stops "
        + "gracefully on SIGTERM or Ctrl-C")
final class ServeCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "MODEL", description = "the exported model (.fastj)")
  Path model;

  @Option(names = "--port", paramLabel = "N", defaultValue = "8080", description = "port (default: ${DEFAULT-VALUE}; "
      + "0: any free port)")
  int port;

  @Option(names = "--host", paramLabel = "H", defaultValue = "localhost", description = "address to listen on "
      + "(default: ${DEFAULT-VALUE}; 0.0.0.0: every interface)")
  String host;

  @Option(names = "--max-batch", paramLabel = "N", defaultValue = "32", description = "most images or rows predicted "
      + "in one call (default: ${DEFAULT-VALUE})")
  int maxBatch;

  @Option(names = "--max-wait-ms", paramLabel = "MS", defaultValue = "2", description = "how long a request waits for "
      + "others to join its batch (default: ${DEFAULT-VALUE})")
  int maxWaitMs;

  @Option(names = "--queue", paramLabel = "N", defaultValue = "256", description = "requests waiting at most; more are "
      + "refused with 503 and Retry-After (default: ${DEFAULT-VALUE})")
  int queue;

  @Option(names = "--max-upload-mb", paramLabel = "MB", defaultValue = "10", description = "largest upload in MB "
      + "(default: ${DEFAULT-VALUE})")
  double maxUploadMb;

  @Override
  public Integer call() throws Exception {
    if (!Files.isRegularFile(model)) {
      throw new CliException("serve: no model file at " + model + "; export one with ./fastj train --out " + model);
    }
    ModelServer.Options options = options(maxBatch, maxWaitMs, queue, maxUploadMb);
    ServedModel<?> served;
    try {
      served = ServedModel.open(model);
    } catch (IllegalArgumentException e) {
      throw new CliException("serve: " + e.getMessage());
    }
    ModelServer server = ModelServer.start(served, options, host, port);
    server.closeOnShutdown();
    System.out.println("serving " + model + " at " + server.address() + " (POST /predict, GET /health); Ctrl-C stops");
    server.join();
    return 0;
  }

  /** The server options of the flags, refusing values out of range with the flag's name. */
  static ModelServer.Options options(int maxBatch, int maxWaitMs, int queue, double maxUploadMb) {
    if (!(maxUploadMb > 0)) {
      throw new CliException("serve: --max-upload-mb must be positive, got " + maxUploadMb);
    }
    try {
      return new ModelServer.Options(new Batcher.Options(maxBatch, Duration.ofMillis(maxWaitMs), queue),
          (long) (maxUploadMb * 1024 * 1024));
    } catch (IllegalArgumentException e) {
      throw new CliException("serve: " + e.getMessage());
    }
  }
}
