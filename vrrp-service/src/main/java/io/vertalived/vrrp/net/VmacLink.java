package io.vertalived.vrrp.net;

import io.vertalived.core.net.LibC;
import io.vertalived.core.net.NativeIoException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * keepalived's {@code use_vmac} interface through rtnetlink: a macvlan in private mode on the
 * instance's interface, with the virtual router MAC of RFC 5798 7.3 (00-00-5E-00-01-{VRID}) and
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
    socket = new NetlinkSocket(NetlinkSocket.NETLINK_ROUTE);
  }

  /** {@code 00:00:5e:00:01:33}, as {@code ip link} shows a MAC. */
  public static String macText(byte[] mac) {
    StringBuilder b = new StringBuilder();
    for (byte x : mac) {
      b.append(b.length() > 0 ? ":" : "").append(String.format("%02x", x & 0xff));
    }
    return b.toString();
  }

  /** The virtual router MAC of {@code vrid} for IPv4 (RFC 5798 7.3). */
  public static byte[] virtualRouterMac(int vrid) {
    return new byte[] {0x00, 0x00, 0x5e, 0x00, 0x01, (byte) vrid};
  }

  /**
   * Creates {@code name} on {@code baseIndex} with {@code mac}, sets addrgenmode none (unless
   * IPv6 is off) and brings it up; answers its index.
   */
  public int create(String name, int baseIndex, byte[] mac) throws NativeIoException {
    int seq = socket.nextSequence();
    int rc = socket.request(encodeCreate(seq, name, baseIndex, mac), seq);
    if (rc != 0) {
      throw new NativeIoException("RTM_NEWLINK " + name + " (macvlan on index " + baseIndex + ")", rc);
    }
    int index = LibC.if_nametoindex(name);
    if (index == 0) {
      throw new NativeIoException("if_nametoindex(" + name + ")", com.sun.jna.Native.getLastError());
    }
    seq = socket.nextSequence();
    rc = socket.request(encodeNoLinkLocal(seq, index), seq);
    if (rc != 0 && rc != EAFNOSUPPORT) {
      throw new NativeIoException("RTM_NEWLINK " + name + " addrgenmode none", rc);
    }
    seq = socket.nextSequence();
    ByteBuffer up = header(RTM_NEWLINK, (short) (NetlinkSocket.NLM_F_REQUEST | NetlinkSocket.NLM_F_ACK), seq, index, IFF_UP);
    rc = socket.request(NetlinkSocket.finish(up), seq);
    if (rc != 0) {
      throw new NativeIoException("RTM_NEWLINK " + name + " up", rc);
    }
    return index;
  }

  /** Deletes the interface {@code name}; one already gone counts as done. */
  public void delete(String name) throws NativeIoException {
    int seq = socket.nextSequence();
    ByteBuffer b = header(RTM_DELLINK, (short) (NetlinkSocket.NLM_F_REQUEST | NetlinkSocket.NLM_F_ACK), seq, 0, 0);
    NetlinkSocket.attr(b, IFLA_IFNAME, (name + "\0").getBytes(StandardCharsets.US_ASCII));
    int rc = socket.request(NetlinkSocket.finish(b), seq);
    if (rc != 0 && rc != ENODEV) {
      throw new NativeIoException("RTM_DELLINK " + name, rc);
    }
  }

  /** RTM_NEWLINK (create, exclusive): {@code ip link add link BASE name NAME address MAC type macvlan mode private}. */
  static byte[] encodeCreate(int seq, String name, int baseIndex, byte[] mac) {
    ByteBuffer b = header(RTM_NEWLINK, (short) (NetlinkSocket.NLM_F_REQUEST | NetlinkSocket.NLM_F_ACK
        | NetlinkSocket.NLM_F_CREATE | NetlinkSocket.NLM_F_EXCL), seq, 0, 0);
    NetlinkSocket.attr(b, IFLA_IFNAME, (name + "\0").getBytes(StandardCharsets.US_ASCII));
    NetlinkSocket.attrInt(b, IFLA_LINK, baseIndex);
    NetlinkSocket.attr(b, IFLA_ADDRESS, mac);
    int linkInfo = NetlinkSocket.nest(b, IFLA_LINKINFO);
    NetlinkSocket.attr(b, IFLA_INFO_KIND, "macvlan".getBytes(StandardCharsets.US_ASCII));
    int data = NetlinkSocket.nest(b, IFLA_INFO_DATA);
    NetlinkSocket.attrInt(b, IFLA_MACVLAN_MODE, MACVLAN_MODE_PRIVATE);
    NetlinkSocket.closeNest(b, data);
    NetlinkSocket.closeNest(b, linkInfo);
    return NetlinkSocket.finish(b);
  }

  /** RTM_NEWLINK on an existing link: {@code ip link set dev INDEX addrgenmode none} (no IPv6 link-local). */
  static byte[] encodeNoLinkLocal(int seq, int index) {
    ByteBuffer b = header(RTM_NEWLINK, (short) (NetlinkSocket.NLM_F_REQUEST | NetlinkSocket.NLM_F_ACK), seq, index, 0);
    int afSpec = NetlinkSocket.nest(b, IFLA_AF_SPEC);
    int inet6 = NetlinkSocket.nest(b, AF_INET6);
    NetlinkSocket.attr(b, IFLA_INET6_ADDR_GEN_MODE, new byte[] {IN6_ADDR_GEN_MODE_NONE});
    NetlinkSocket.closeNest(b, inet6);
    NetlinkSocket.closeNest(b, afSpec);
    return NetlinkSocket.finish(b);
  }

  /** nlmsghdr and ifinfomsg (AF_UNSPEC, the index, the given flags, all of them changed). */
  private static ByteBuffer header(short type, short flags, int seq, int index, int ifFlags) {
    ByteBuffer b = ByteBuffer.allocate(256).order(ByteOrder.nativeOrder());
    b.putInt(0).putShort(type).putShort(flags).putInt(seq).putInt(0);
    b.put((byte) 0).put((byte) 0).putShort((short) 0).putInt(index).putInt(ifFlags).putInt(ifFlags);
    return b;
  }

  @Override
  public void close() {
    socket.close();
  }
}
