package io.vertalived.core.config.keywords;

import io.vertalived.core.config.model.IpAddress;
import io.vertalived.core.config.model.VirtualServerGroup;
import io.vertalived.core.config.parse.Args;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** {@code a.b.c.d-e}, {@code a.b.c.d-e.f.g.h} and CIDR ranges of virtual_server_group. */
final class GroupRanges {
  private GroupRanges() {}

  static VirtualServerGroup.Range parse(String text, Args a) {
    try {
      int slash = text.indexOf('/');
      if (slash >= 0) {
        IpAddress base = IpAddress.parse(text.substring(0, slash)).orElse(null);
        int prefix = Integer.parseInt(text.substring(slash + 1));
        if (base == null || prefix < 0 || prefix > base.maxPrefix()) {
          throw new IllegalArgumentException();
        }
        int bits = base.maxPrefix();
        BigInteger v = new BigInteger(1, base.address().getAddress());
        BigInteger hostMask = BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE);
        BigInteger lo = v.andNot(hostMask);
        BigInteger hi = lo.or(hostMask);
        return new VirtualServerGroup.Range(toIp(lo, bits), toIp(hi, bits), 0);
      }
      int dash = text.indexOf('-');
      if (dash < 0) {
        IpAddress ip = IpAddress.parse(text).orElseThrow(IllegalArgumentException::new);
        return new VirtualServerGroup.Range(ip, ip, 0);
      }
      IpAddress lo = IpAddress.parse(text.substring(0, dash)).orElseThrow(IllegalArgumentException::new);
      String end = text.substring(dash + 1);
      IpAddress hi;
      if (end.contains(".") || end.contains(":")) {
        hi = IpAddress.parse(end).orElseThrow(IllegalArgumentException::new);
      } else {
        String loText = lo.toString();
        int cut = lo.isIpv6() ? loText.lastIndexOf(':') : loText.lastIndexOf('.');
        hi = IpAddress.parse(loText.substring(0, cut + 1) + end).orElseThrow(IllegalArgumentException::new);
      }
      if (new BigInteger(1, hi.address().getAddress()).compareTo(new BigInteger(1, lo.address().getAddress())) < 0) {
        throw new IllegalArgumentException();
      }
      return new VirtualServerGroup.Range(lo, hi, 0);
    } catch (RuntimeException | UnknownHostException e) {
      a.error("Invalid virtual server group IP address range " + text + " - skipping");
      return null;
    }
  }

  private static IpAddress toIp(BigInteger v, int bits) throws UnknownHostException {
    byte[] raw = v.toByteArray();
    byte[] out = new byte[bits / 8];
    for (int i = 0; i < out.length && i < raw.length; i++) {
      out[out.length - 1 - i] = raw[raw.length - 1 - i];
    }
    return new IpAddress(InetAddress.getByAddress(out));
  }
}
