package io.vertalived.core.net;

import com.sun.jna.Platform;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * JNA's own native library ({@code libjnidispatch.so}) copied out of the jar once, at install time, into a
 * directory that {@code -Djna.boot.library.path} then names: JNA otherwise unpacks it into a temporary file at
 * every start (a secure-random name, a write, a load: ~30 ms of a lone VRRP node's start, docs/benchmarks.md).
 * {@code java -cp vertalived.jar io.vertalived.core.net.JnaDispatchLibrary DIR}; the {@code vertalived} script
 * runs it next to the class-data archive, and passes the directory only while both are of the same jar.
 */
public final class JnaDispatchLibrary {
  private JnaDispatchLibrary() {}

  /** The library's place in JNA's jar, for this platform ({@code com/sun/jna/linux-x86-64/libjnidispatch.so}). */
  static String resource() {
    return "com/sun/jna/" + Platform.RESOURCE_PREFIX + "/" + System.mapLibraryName("jnidispatch");
  }

  /** Copies it into {@code dir} (written aside, then renamed); the file written. */
  static Path copyInto(Path dir) throws IOException {
    String name = resource();
    try (InputStream in = JnaDispatchLibrary.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException("no " + name + " in the class path");
      }
      Files.createDirectories(dir);
      Path target = dir.resolve(System.mapLibraryName("jnidispatch"));
      Path temp = dir.resolve(target.getFileName() + ".tmp");
      Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return target;
    }
  }

  public static void main(String[] args) {
    if (args.length != 1) {
      System.err.println("usage: JnaDispatchLibrary DIR");
      System.exit(2);
    }
    try {
      System.out.println(copyInto(Path.of(args[0])));
    } catch (IOException | RuntimeException e) {
      System.err.println("cannot copy JNA's native library into " + args[0] + ": " + e.getMessage());
      System.exit(1);
    }
  }
}
