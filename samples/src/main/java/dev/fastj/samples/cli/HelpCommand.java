package dev.fastj.samples.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code ./fastj help [COMMAND]}: every command with all its options (the synopsis and what it
 * does), or the full help of one command, as {@code ./fastj COMMAND --help} prints it.
 */
@Command(name = "help", aliases = {"--help", "-h"}, helpCommand = true,
    description = "lists every command with its options, or explains one: ./fastj help COMMAND")
final class HelpCommand implements Callable<Integer> {

  /** The width of the listing (as the usage help of each command). */
  static final int WIDTH = 100;

  @Spec
  CommandSpec spec;

  @Parameters(arity = "0..1", paramLabel = "COMMAND", description = "the command to explain")
  String command;

  @Override
  public Integer call() {
    CommandLine root = spec.commandLine().getParent();
    PrintWriter out = root.getOut();
    if (command == null) {
      printAll(root, out);
      return 0;
    }
    CommandLine sub = root.getSubcommands().get(command);
    if (sub == null) {
      throw new CliException("help: no command '" + command + "'; the commands are "
          + String.join(", ", root.getSubcommands().keySet()));
    }
    sub.usage(out);
    return 0;
  }

  /** The root's synopsis, then each command's synopsis (all its options) and description. */
  static void printAll(CommandLine root, PrintWriter out) {
    Help.ColorScheme plain = Help.defaultColorScheme(Help.Ansi.OFF);
    out.println("usage: ./fastj COMMAND [OPTIONS]   (./fastj COMMAND --help explains one)");
    out.println();
    for (Map.Entry<String, CommandLine> e : root.getSubcommands().entrySet()) {
      CommandLine sub = e.getValue();
      if (!e.getKey().equals(sub.getCommandName())) {
        continue;
      }
      // the synopsis without the root's name: "train [--grey] ..." with its continuation lines aligned
      String synopsis = new Help(sub.getCommandSpec(), plain).synopsis(0);
      String name = sub.getParent().getCommandName() + " ";
      out.print(indent(synopsis.replace("\n" + " ".repeat(name.length()), "\n").substring(name.length()), "  "));
      for (String line : sub.getCommandSpec().usageMessage().description()) {
        out.print(indent(wrap(line, WIDTH - 6), "      "));
      }
    }
    out.println();
    out.println("With --json the last line printed is one JSON object with the results.");
    out.flush();
  }

  /** Words of {@code text} in lines of at most {@code width} characters. */
  static String wrap(String text, int width) {
    StringBuilder out = new StringBuilder();
    int col = 0;
    for (String word : text.split(" ")) {
      if (col > 0 && col + 1 + word.length() > width) {
        out.append('\n');
        col = 0;
      } else if (col > 0) {
        out.append(' ');
        col++;
      }
      out.append(word);
      col += word.length();
    }
    return out.toString();
  }

  private static String indent(String text, String by) {
    return text.lines().map(l -> by + l).reduce((a, b) -> a + "\n" + b).orElse("") + "\n";
  }
}
