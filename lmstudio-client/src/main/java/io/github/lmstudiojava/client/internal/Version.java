package io.github.lmstudiojava.client.internal;

/** The client's version, read from the jar manifest. */
public final class Version {
  private Version() {}

  /**
   * The version of lmstudio-client, such as {@code 0.1.0}.
   *
   * @return the version, or {@code "dev"} when not running from a jar
   */
  public static String get() {
    String version = Version.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }
}
