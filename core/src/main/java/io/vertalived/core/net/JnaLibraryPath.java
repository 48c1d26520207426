package io.vertalived.core.net;

/**
 * Where JNA finds the system's libraries. JNA's NativeLibrary, unless told, asks
 * {@code /sbin/ldconfig -p} when its class is initialised (a process forked at every start: ~30
 * ms); libc and the others are in the standard directories. Set before JNA's NativeLibrary is
 * first used ({@link LibC}, the launcher's archive pages).
 */
public final class JnaLibraryPath {
  static final String PROPERTY = "jna.platform.library.path";

  private JnaLibraryPath() {}

  /** Sets JNA's platform library path to the standard directories, unless it is set already. */
  public static void set() {
    if (System.getProperty(PROPERTY) == null) {
      System.setProperty(PROPERTY, standard());
    }
  }

  /** Debian/Ubuntu multiarch and the classic directories, as JNA itself would list them first. */
  static String standard() {
    return String.join(java.io.File.pathSeparator,
        "/usr/lib/" + multiarch(), "/lib/" + multiarch(), "/usr/lib64", "/lib64", "/usr/lib", "/lib");
  }

  private static String multiarch() {
    String arch = System.getProperty("os.arch");
    return switch (arch) {
      case "amd64", "x86_64" -> "x86_64-linux-gnu";
      case "aarch64" -> "aarch64-linux-gnu";
      default -> arch + "-linux-gnu";
    };
  }
}
