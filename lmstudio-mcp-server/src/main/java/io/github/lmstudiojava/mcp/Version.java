package io.github.lmstudiojava.mcp;

/** This server's version, from the jar's manifest. */
final class Version {
  private Version() {}

  static String get() {
    String version = Version.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }
}
