package io.vertalived.ipvs.table;

import io.vertalived.core.config.model.IpAddress;

/** {@code ip:port}, IPv6 as {@code [ip]:port}, as ipvsadm and keepalived print them. */
public final class Endpoints {
  private Endpoints() {}

  public static String of(IpAddress address, int port) {
    return address.isIpv6() ? "[" + address + "]:" + port : address + ":" + port;
  }
}
