package io.vertalived.vrrp.net;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One IPv4 per-interface setting of this network namespace
 * ({@code /proc/sys/net/ipv4/conf/IF/KEY}, as {@code sysctl net.ipv4.conf.IF.KEY}).
 * File I/O: call it from a worker thread.
 */
public final class InterfaceSysctl {
  private static final Path CONF = Path.of("/proc/sys/net/ipv4/conf");

  private InterfaceSysctl() {}

  /** The current value. */
  public static String get(String ifname, String key) throws IOException {
    return Files.readString(CONF.resolve(ifname).resolve(key)).strip();
  }

  /** Sets the value. */
  public static void set(String ifname, String key, String value) throws IOException {
    Files.writeString(CONF.resolve(ifname).resolve(key), value + "\n");
  }
}
