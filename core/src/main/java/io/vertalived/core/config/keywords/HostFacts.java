package io.vertalived.core.config.keywords;

import java.io.IOException;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * What configuration checks need to know about this host: its interfaces (in the current
 * network namespace) and its users. An interface tells keepalived-style checks whether it
 * exists and whether it is the loopback.
 */
public interface HostFacts {
  boolean interfaceExists(String name);

  boolean isLoopback(String name);

  boolean userExists(String name);

  String hostname();

  /**
   * Whether a script's program can be run: an absolute path to an executable file, or a name
   * found executable on the PATH. keepalived disables a vrrp_script whose program is not.
   */
  default boolean executable(String program) {
    if (program == null || program.isEmpty()) {
      return false;
    }
    if (program.contains("/")) {
      Path p = Path.of(program);
      return Files.isRegularFile(p) && Files.isExecutable(p);
    }
    String path = System.getenv().getOrDefault("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    for (String dir : path.split(":")) {
      Path p = Path.of(dir.isEmpty() ? "." : dir, program);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a notify script is found, as keepalived's check_script_secure() finds it for script security:
   * a path that exists (executable or not), or a name found executable on the PATH.
   */
  default boolean scriptFound(String program) {
    if (program != null && program.contains("/")) {
      return Files.exists(Path.of(program));
    }
    return executable(program);
  }

  /** The real host, read through java.net and /etc/passwd. */
  static HostFacts system() {
    return new HostFacts() {
      /**
       * /proc/net/dev lists every interface of this process's network namespace, including
       * those without addresses, which java.net.NetworkInterface does not see.
       */
      @Override
      public boolean interfaceExists(String name) {
        try {
          for (String line : Files.readAllLines(Path.of("/proc/net/dev"))) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).strip().equals(name)) {
              return true;
            }
          }
          return false;
        } catch (IOException | RuntimeException e) {
          try {
            return NetworkInterface.getByName(name) != null;
          } catch (SocketException | RuntimeException e2) {
            return false;
          }
        }
      }

      /** ARPHRD_LOOPBACK (772) in /sys/class/net/NAME/type, or the name "lo". */
      @Override
      public boolean isLoopback(String name) {
        if (name.equals("lo")) {
          return true;
        }
        if (name.contains("/") || name.startsWith(".")) {
          return false;
        }
        try {
          return Files.readString(Path.of("/sys/class/net", name, "type")).strip().equals("772");
        } catch (IOException | RuntimeException e) {
          return false;
        }
      }

      @Override
      public boolean userExists(String name) {
        try {
          for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
            if (line.startsWith(name + ":")) {
              return true;
            }
          }
        } catch (IOException | RuntimeException e) {
          return false;
        }
        return false;
      }

      @Override
      public String hostname() {
        try {
          String h = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
          if (!h.isEmpty()) {
            return h;
          }
        } catch (IOException | RuntimeException e) {
          // fall through
        }
        String env = System.getenv("HOSTNAME");
        return env != null ? env : "localhost";
      }
    };
  }

  /** Fixed facts for tests. */
  static HostFacts fixed(Set<String> interfaces, Set<String> users, String hostname) {
    return new HostFacts() {
      @Override
      public boolean interfaceExists(String name) {
        return interfaces.contains(name);
      }

      @Override
      public boolean isLoopback(String name) {
        return name.equals("lo");
      }

      @Override
      public boolean userExists(String name) {
        return users.contains(name);
      }

      @Override
      public String hostname() {
        return hostname;
      }
    };
  }
}
