package io.vertalived.core.net.rtnl;

import io.vertalived.core.net.netlink.Netlink;
import io.vertalived.core.net.netlink.NetlinkEncoding;
import io.vertalived.core.net.netlink.NetlinkSocket;
import io.vertalived.core.net.LibC;
import io.vertalived.core.net.NativeIoException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * keepalived's {@code use_vmac} interface through rtnetlink: a macvlan in private mode on the
 * instance's interface, with the virtual router MAC of RFC 5798 7.3 (00-00-5E-00-01-{VRID}, for IPv6
 * 00-00-5E-00-02-{VRID}) and
 * no IPv6 link-local address (addrgenmode none), then up. RTM_NEWLINK / RTM_DELLINK;
 * the messages are built by the pure {@link #encodeCreate}; the socket is blocking: use it from
 * the netlink thread.
 */
public final class VmacLink implements AutoCloseable {
  static final short RTM_NEWLINK = 16;
  static final short RTM_DELLINK = 17;
  static final int IFLA_ADDRESS = 1;
  static final int IFLA_IFNAME = 3;
  static final int IFLA_LINK = 5;
  static final int IFLA_LINKINFO = 18;
  static final int IFLA_INFO_KIND = 1;
  static final int IFLA_INFO_DATA = 2;
  static final int IFLA_MACVLAN_MODE = 1;
  static final int MACVLAN_MODE_PRIVATE = 1;
  static final int IFLA_AF_SPEC = 26;
  static final int IFLA_INET6_ADDR_GEN_MODE = 8;
  static final int IN6_ADDR_GEN_MODE_NONE = 1;
  static final int IFF_UP = 1;
  private static final int AF_INET6 = 10;
  private static final int ENODEV = 19;
  private static final int EAFNOSUPPORT = 97;

  private final NetlinkSocket socket;

  public VmacLink() throws NativeIoException {
    socket = new NetlinkSocket(Netlink.NETLINK_ROUTE);
  }

  /** {@code 00:00:5e:00:01:33}, as {@code ip link} shows a MAC. */
  public static String macText(byte[] mac) {
    StringBuilder b = new StringBuilder();
    for (byte x : mac) {
      b.append(b.length() > 0 ? ":" : "").append(String.format("%02x", x & 0xff));
    }
    return b.toString();
  }

  /** The virtual router MAC of {@code vrid} (RFC 5798 7.3): 00-00-5E-00-01-{VRID}, for IPv6 00-00-5E-00-02-{VRID}. */
  public static byte[] virtualRouterMac(int vrid, boolean ipv6) {
    return new byte[] {0x00, 0x00, 0x5e, 0x00, (byte) (ipv6 ? 0x02 : 0x01), (byte) vrid};
  }

  /**
   * Creates {@code name} on {@code baseIndex} with {@code mac} and sets addrgenmode none (unless
   * IPv6 is off); answers its index. It stays down until {@link #up}: what must be in place before
   * it sends anything (firewall rules naming its index) comes between.
   */
  public int create(String name, int baseIndex, byte[] mac) throws NativeIoException {
    int seq = socket.nextSequence();
    socket.acknowledge("RTM_NEWLINK " + name + " (macvlan on index " + baseIndex + ")",
        encodeCreate(seq, name, baseIndex, mac), seq);
    int index = LibC.if_nametoindex(name);
    if (index == 0) {
      throw new NativeIoException("if_nametoindex(" + name + ")", com.sun.jna.Native.getLastError());
    }
    seq = socket.nextSequence();
    socket.acknowledge("RTM_NEWLINK " + name + " addrgenmode none", encodeNoLinkLocal(seq, index), seq, EAFNOSUPPORT);
    return index;
  }

  /** Brings the interface {@code index} ({@code name}) up. */
  public void up(String name, int index) throws NativeIoException {
    int seq = socket.nextSequence();
    ByteBuffer up = header(RTM_NEWLINK, (short) (Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK), seq, index, IFF_UP);
    socket.acknowledge("RTM_NEWLINK " + name + " up", NetlinkEncoding.finish(up), seq);
  }

  /** Deletes the interface {@code name}; one already gone counts as done. */
  public void delete(String name) throws NativeIoException {
    int seq = socket.nextSequence();
    ByteBuffer b = header(RTM_DELLINK, (short) (Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK), seq, 0, 0);
    NetlinkEncoding.attr(b, IFLA_IFNAME, (name + "\0").getBytes(StandardCharsets.US_ASCII));
    socket.acknowledge("RTM_DELLINK " + name, NetlinkEncoding.finish(b), seq, ENODEV);
  }

  /** RTM_NEWLINK (create, exclusive): {@code ip link add link BASE name NAME address MAC type macvlan mode private}. */
  static byte[] encodeCreate(int seq, String name, int baseIndex, byte[] mac) {
    ByteBuffer b = header(RTM_NEWLINK, (short) (Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK
        | Netlink.NLM_F_CREATE | Netlink.NLM_F_EXCL), seq, 0, 0);
    NetlinkEncoding.attr(b, IFLA_IFNAME, (name + "\0").getBytes(StandardCharsets.US_ASCII));
    NetlinkEncoding.attrU32(b, IFLA_LINK, baseIndex);
    NetlinkEncoding.attr(b, IFLA_ADDRESS, mac);
    int linkInfo = NetlinkEncoding.nest(b, IFLA_LINKINFO);
    NetlinkEncoding.attr(b, IFLA_INFO_KIND, "macvlan".getBytes(StandardCharsets.US_ASCII));
    int data = NetlinkEncoding.nest(b, IFLA_INFO_DATA);
    NetlinkEncoding.attrU32(b, IFLA_MACVLAN_MODE, MACVLAN_MODE_PRIVATE);
    NetlinkEncoding.endNest(b, data);
    NetlinkEncoding.endNest(b, linkInfo);
    return NetlinkEncoding.finish(b);
  }

  /** RTM_NEWLINK on an existing link: {@code ip link set dev INDEX addrgenmode none} (no IPv6 link-local). */
  static byte[] encodeNoLinkLocal(int seq, int index) {
    ByteBuffer b = header(RTM_NEWLINK, (short) (Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK), seq, index, 0);
    int afSpec = NetlinkEncoding.nest(b, IFLA_AF_SPEC);
    int inet6 = NetlinkEncoding.nest(b, AF_INET6);
    NetlinkEncoding.attr(b, IFLA_INET6_ADDR_GEN_MODE, new byte[] {IN6_ADDR_GEN_MODE_NONE});
    NetlinkEncoding.endNest(b, inet6);
    NetlinkEncoding.endNest(b, afSpec);
    return NetlinkEncoding.finish(b);
  }

  /** nlmsghdr and ifinfomsg (AF_UNSPEC, the index, the given flags, all of them changed). */
  private static ByteBuffer header(short type, short flags, int seq, int index, int ifFlags) {
    ByteBuffer b = NetlinkEncoding.header(NetlinkEncoding.allocate(256), type, flags, seq);
    b.put((byte) 0).put((byte) 0).putShort((short) 0).putInt(index).putInt(ifFlags).putInt(ifFlags);
    return b;
  }

  @Override
  public void close() {
    socket.close();
  }
}
