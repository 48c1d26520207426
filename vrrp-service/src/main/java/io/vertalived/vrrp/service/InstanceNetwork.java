package io.vertalived.vrrp.service;

import io.vertalived.core.config.model.VrrpInstance;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Enumeration;

/**
 * Where an instance speaks: the interface that holds its VIPs and sends its gratuitous ARPs
 * (its VMAC with {@code use_vmac}), that interface's index and MAC, the advert source address
 * (configured, or the primary IPv4 of the instance's own interface) and the interface the VRRP
 * sockets use (the VMAC too, except for unicast and {@code vmac_xmit_base}: the instance's own).
 */
record InstanceNetwork(String interfaceName, int ifindex, byte[] mac, InetAddress source, String socketInterface) {

  /** Resolves the instance's interfaces; a VMAC must exist already ({@link VirtualMacInterfaces}). */
  static InstanceNetwork resolve(VrrpInstance vi) throws SocketException {
    NetworkInterface base = NetworkInterface.getByName(vi.interfaceName());
    if (base == null) {
      throw new SocketException("interface " + vi.interfaceName() + " of " + vi.name() + " has no IPv4 address or does not exist");
    }
    InetAddress source = vi.sourceIp() != null ? vi.sourceIp().address() : null;
    if (source == null) {
      Enumeration<InetAddress> addrs = base.getInetAddresses();
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
    if (vi.vmacInterface() != null) {
      // the JDK does not list an interface without addresses, as a backup's VMAC is: by index
      int index = io.vertalived.core.net.LibC.if_nametoindex(vi.vmacInterface());
      if (index == 0) {
        throw new SocketException("VMAC interface " + vi.vmacInterface() + " of " + vi.name() + " does not exist");
      }
      // vmac_xmit_base (reset in strict mode, as keepalived): adverts on the base interface
      boolean xmitBase = vi.otherKeywords().containsKey("vmac_xmit_base") && !vi.strictMode();
      return new InstanceNetwork(vi.vmacInterface(), index, io.vertalived.core.net.rtnl.VmacLink.virtualRouterMac(vi.virtualRouterId()),
          source, vi.unicast() || xmitBase ? vi.interfaceName() : vi.vmacInterface());
    }
    byte[] mac = base.getHardwareAddress();
    return new InstanceNetwork(base.getName(), base.getIndex(), mac == null ? new byte[6] : mac, source, base.getName());
  }
}
