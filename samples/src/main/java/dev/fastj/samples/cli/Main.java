package dev.fastj.samples.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;
import picocli.CommandLine;

/**
 * The {@code ./fastj} command line, on picocli: one subcommand per job, each with {@code --help}
 * and typed options. {@code ./fastj help} lists every command with all its options. Usage
 * errors (an unknown option, a value of the wrong type, a missing argument) print the error and
 * the command's usage and exit 2, as do a command's own refusals ({@link CliException}); any
 * other failure prints its message (and the cause's) and exits 1.
 */
@Command(name = "fastj", synopsisHeading = "usage: ", customSynopsis = "./fastj COMMAND [OPTIONS]",
    description = {"fastai's practical deep learning on the JVM. ./fastj COMMAND --help explains one command."},
    subcommands = {QuickstartCommand.class, QuickstartTextCommand.class, TrainCommand.class, TrainTabularCommand.class, TrainTextCommand.class, PretrainLmCommand.class, TrainPointsCommand.class, TrainUnetCommand.class, PredictCommand.class,
        LrFindCommand.class, ExportOnnxCommand.class, ServeCommand.class, CleanCommand.class, BenchCommand.class,
        BenchCommand.Loader.class, BenchCommand.Memory.class, BenchCommand.Augment.class, BenchServeCommand.class,
        BenchCommand.Tabular.class, BenchCommand.Lstm.class, HelpCommand.class},
    footer = {"", "With --json the last line printed is one JSON object with the results."})
public final class Main implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  private Main() {}

  public static void main(String[] argv) {
    System.setProperty("java.awt.headless", "true");
    Locale.setDefault(Locale.ROOT);
    int code = run(argv);
    if (code != 0) {
      System.exit(code);
    }
  }

  /** Runs one command; returns the process exit code. */
  static int run(String[] argv) {
    return commandLine().execute(argv);
  }

  /** The configured command line: its parser, its error handlers and its output streams (System.out and .err). */
  static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    for (CommandLine sub : cl.getSubcommands().values()) {
      if (!sub.getCommandSpec().helpCommand() && !sub.getCommandSpec().mixins().containsKey("help")) {
        sub.addMixin("help", new HelpOption());
      }
    }
    cl.setOut(new PrintWriter(System.out, true));
    cl.setErr(new PrintWriter(System.err, true));
    cl.setUsageHelpWidth(HelpCommand.WIDTH);
    cl.setParameterExceptionHandler(Main::usageError);
    cl.setExecutionExceptionHandler((e, line, parsed) -> failed(e, line));
    return cl;
  }

  /** Without a command: the list of commands, and the usage-error exit code. */
  @Override
  public Integer call() {
    HelpCommand.printAll(spec.commandLine(), spec.commandLine().getOut());
    return 2;
  }

  private static int usageError(ParameterException e, String[] args) {
    CommandLine line = e.getCommandLine();
    PrintWriter err = line.getErr();
    if (line.getParent() == null && e instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()
        && !u.getUnmatched().get(0).startsWith("-")) {
      err.println("fastj: unknown command '" + u.getUnmatched().get(0) + "'; run ./fastj help for the commands");
      UnmatchedArgumentException.printSuggestions(u, err);
      return 2;
    }
    err.println("fastj " + line.getCommandName() + ": " + e.getMessage());
    UnmatchedArgumentException.printSuggestions(e, err);
    line.usage(err);
    return 2;
  }

  private static int failed(Exception e, CommandLine line) {
    PrintWriter err = line.getErr();
    if (e instanceof CliException) {
      err.println("fastj: " + e.getMessage());
      err.println("(./fastj " + line.getCommandName() + " --help lists its options)");
      return 2;
    }
    err.println("fastj " + line.getCommandName() + " failed: " + e.getMessage());
    Throwable c = e.getCause();
    while (c != null && c != c.getCause()) {
      err.println("  caused by: " + c);
      c = c.getCause();
    }
    if (System.getenv("FASTJ_DEBUG") != null) {
      e.printStackTrace(err);
    }
    err.flush();
    return 1;
  }
}
