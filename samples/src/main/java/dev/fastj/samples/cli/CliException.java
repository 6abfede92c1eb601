package dev.fastj.samples.cli;

/** A usage error: printed without a stack trace, exit code 2. */
final class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  CliException(String message) {
    super(message);
  }
}
