package dev.fastj.samples.cli;

import picocli.CommandLine.Option;

/** The {@code -h, --help} of every command (a picocli mixin). */
final class HelpOption {

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
  boolean help;
}
