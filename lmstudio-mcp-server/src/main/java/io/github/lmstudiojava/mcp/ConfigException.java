package io.github.lmstudiojava.mcp;

/** A flag or environment variable with a value the server cannot use; the server does not start. */
final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  ConfigException(String message) {
    super(message);
  }
}
