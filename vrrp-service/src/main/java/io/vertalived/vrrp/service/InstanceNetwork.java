package io.vertalived.vrrp.service;

import io.vertalived.core.config.model.VrrpInstance;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Enumeration;

/** Where an instance speaks: its interface, index, MAC and advert source address. */
record InstanceNetwork(String interfaceName, int ifindex, byte[] mac, InetAddress source) {

  /** Resolves the instance's interface; the source is the configured one or the primary IPv4. */
  static InstanceNetwork resolve(VrrpInstance vi) throws SocketException {
    NetworkInterface ni = NetworkInterface.getByName(vi.interfaceName());
    if (ni == null) {
      throw new SocketException("interface " + vi.interfaceName() + " of " + vi.name() + " has no IPv4 address or does not exist");
    }
    InetAddress source = vi.sourceIp() != null ? vi.sourceIp().address() : null;
    if (source == null) {
      Enumeration<InetAddress> addrs = ni.getInetAddresses();
      while (addrs.hasMoreElements()) {
        InetAddress a = addrs.nextElement();
        if (a instanceof Inet4Address) {
          source = a;
          break;
        }
      }
    }
    if (source == null) {
      throw new SocketException("interface " + vi.interfaceName() + " of " + vi.name() + " has no IPv4 address to send adverts from");
    }
    byte[] mac = ni.getHardwareAddress();
    return new InstanceNetwork(vi.interfaceName(), ni.getIndex(), mac == null ? new byte[6] : mac, source);
  }
}
