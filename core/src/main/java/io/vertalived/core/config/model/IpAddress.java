package io.vertalived.core.config.model;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/** An IP address literal from the configuration (never resolved through DNS). */
public record IpAddress(InetAddress address) {

  /**
   * An address as keepalived's inet_stosockaddr() reads it: the text up to a '-' or '/' (a range's
   * or a prefix's part is ignored there), used for source addresses, unicast peers and checkers.
   */
  public static Optional<IpAddress> parseHostPart(String text) {
    if (text == null) {
      return Optional.empty();
    }
    int cut = text.indexOf('-') >= 0 ? text.indexOf('-') : text.indexOf('/');
    return parse(cut >= 0 ? text.substring(0, cut) : text);
  }

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

  /** {@code a} as {@link #toString} writes it (RFC 5952 for IPv6: 2001:2::100, as ip and keepalived print it). */
  public static String text(InetAddress a) {
    return new IpAddress(a).toString();
  }

  /** Dotted quad, or RFC 5952 text for IPv6 (longest zero run as "::", lower case). */
  @Override
  public String toString() {
    if (!isIpv6()) {
      return address.getHostAddress();
    }
    byte[] b = address.getAddress();
    int[] words = new int[8];
    for (int i = 0; i < 8; i++) {
      words[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLen = 1;
    for (int i = 0; i < 8; ) {
      if (words[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && words[j] == 0) {
        j++;
      }
      if (j - i > bestLen) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j;
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        out.append("::");
        i += bestLen - 1;
        continue;
      }
      if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
        out.append(':');
      }
      out.append(Integer.toHexString(words[i]));
    }
    return out.toString();
  }
}
