package dev.fastj.samples.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parsed command line of one subcommand: {@code --name value} options, {@code --flag}
 * switches and positional arguments. Unknown options are errors that name the option and list
 * the known ones.
 */
final class Args {

  private final String command;
  private final Map<String, String> options = new HashMap<>();
  private final Set<String> flags = new HashSet<>();
  private final List<String> positional = new ArrayList<>();

  private Args(String command) {
    this.command = command;
  }

  /**
   * Parses {@code argv} (without the subcommand) for {@code command}, which takes the options in
   * {@code valued} (each followed by a value) and the switches in {@code switches}.
   */
  static Args parse(String command, String[] argv, Set<String> valued, Set<String> switches) {
    Args a = new Args(command);
    for (int i = 0; i < argv.length; i++) {
      String s = argv[i];
      if (s.startsWith("--")) {
        String name = s.substring(2);
        String inline = null;
        int eq = name.indexOf('=');
        if (eq >= 0) {
          inline = name.substring(eq + 1);
          name = name.substring(0, eq);
        }
        if (switches.contains(name) && inline == null) {
          a.flags.add(name);
        } else if (valued.contains(name)) {
          if (inline == null) {
            if (i + 1 >= argv.length) {
              throw new CliException(command + ": option --" + name + " needs a value");
            }
            inline = argv[++i];
          }
          a.options.put(name, inline);
        } else {
          Set<String> known = new java.util.TreeSet<>(valued);
          known.addAll(switches);
          throw new CliException(command + ": unknown option --" + name + "; known options: --"
              + String.join(", --", known));
        }
      } else {
        a.positional.add(s);
      }
    }
    return a;
  }

  boolean flag(String name) {
    return flags.contains(name);
  }

  String string(String name, String dflt) {
    return options.getOrDefault(name, dflt);
  }

  boolean has(String name) {
    return options.containsKey(name);
  }

  /** A required option; fails naming it when absent. */
  String required(String name) {
    String v = options.get(name);
    if (v == null) {
      throw new CliException(command + ": --" + name + " is required");
    }
    return v;
  }

  Path path(String name, Path dflt) {
    String v = options.get(name);
    return v == null ? dflt : Path.of(v);
  }

  int integer(String name, int dflt) {
    String v = options.get(name);
    if (v == null) {
      return dflt;
    }
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new CliException(command + ": --" + name + " needs a whole number, got '" + v + "'");
    }
  }

  double number(String name, double dflt) {
    String v = options.get(name);
    if (v == null) {
      return dflt;
    }
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new CliException(command + ": --" + name + " needs a number, got '" + v + "'");
    }
  }

  List<String> positional() {
    return List.copyOf(positional);
  }
}
