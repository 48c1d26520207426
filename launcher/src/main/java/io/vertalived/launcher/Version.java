package io.vertalived.launcher;

/** The suite's version, from the jar manifest when packaged. */
final class Version {
  private Version() {}

  static final String VALUE = value();

  private static String value() {
    String v = Version.class.getPackage().getImplementationVersion();
    return v != null ? v : "0.1.0-SNAPSHOT";
  }
}
