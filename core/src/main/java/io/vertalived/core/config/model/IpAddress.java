package io.vertalived.core.config.model;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/** An IP address literal from the configuration (never resolved through DNS). */
public record IpAddress(InetAddress address) {

  public static Optional<IpAddress> parse(String text) {
    if (text == null || text.isEmpty() || text.length() > 45) {
      return Optional.empty();
    }
    try {
      if (text.indexOf(':') >= 0) {
        if (!text.matches("[0-9a-fA-F:.]+")) {
          return Optional.empty();
        }
        return Optional.of(new IpAddress(InetAddress.getByName(text)));
      }
      String[] parts = text.split("\\.", -1);
      if (parts.length != 4) {
        return Optional.empty();
      }
      byte[] b = new byte[4];
      for (int i = 0; i < 4; i++) {
        if (!parts[i].matches("\\d{1,3}")) {
          return Optional.empty();
        }
        int v = Integer.parseInt(parts[i]);
        if (v > 255) {
          return Optional.empty();
        }
        b[i] = (byte) v;
      }
      return Optional.of(new IpAddress(InetAddress.getByAddress(b)));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  public boolean isIpv6() {
    return address instanceof Inet6Address;
  }

  public int maxPrefix() {
    return isIpv6() ? 128 : 32;
  }

  @Override
  public String toString() {
    return address.getHostAddress();
  }
}
