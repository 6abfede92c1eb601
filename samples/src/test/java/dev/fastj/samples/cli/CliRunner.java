package dev.fastj.samples.cli;

/** Runs {@code ./fastj} in this JVM for tests of other packages; returns the exit code. */
public final class CliRunner {

  private CliRunner() {}

  public static int run(String... argv) {
    return Main.run(argv);
  }
}
