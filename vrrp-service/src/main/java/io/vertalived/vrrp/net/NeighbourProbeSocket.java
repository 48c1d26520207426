package io.vertalived.vrrp.net;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import io.vertalived.core.net.LibC;
import io.vertalived.core.net.NativeIoException;
import io.vertalived.core.net.ReceiveLoop;
import io.vertalived.vrrp.packet.NeighbourSolicitation;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Duplicate address probing for IPv6 on one interface, through AF_PACKET/SOCK_DGRAM bound to ETH_P_IPV6: sends the
 * neighbour solicitation of {@link NeighbourSolicitation#probe} and hears neighbour advertisements (a classic BPF
 * filter lets only ICMPv6 type 136 reach the socket, not the link's IPv6 traffic; the kernel's own outgoing packets
 * are ignored, PACKET_IGNORE_OUTGOING): each one's target and target link-layer address go to the listener.
 */
public final class NeighbourProbeSocket implements AddressConflictSocket {
  private static final int ETH_P_IPV6 = 0x86dd;
  private static final int SOL_PACKET = 263;
  private static final int PACKET_IGNORE_OUTGOING = 23;
  private static final int SO_ATTACH_FILTER = 26;
  /** ldb [6]; jeq #58 else drop; ldb [40]; jeq #136 else drop; accept. Offsets from the IPv6 header. */
  private static final long[][] FILTER = {
      {0x30, 0, 0, 6}, {0x15, 0, 3, 58}, {0x30, 0, 0, 40}, {0x15, 0, 1, 136}, {0x06, 0, 0, 0x40000}, {0x06, 0, 0, 0}};
  private final int fd;
  private final int ifindex;
  private ReceiveLoop loop;

  public NeighbourProbeSocket(String ifname) throws NativeIoException {
    ifindex = LibC.if_nametoindex(ifname);
    if (ifindex == 0) {
      throw new NativeIoException("if_nametoindex(" + ifname + ")", com.sun.jna.Native.getLastError());
    }
    // protocol 0: nothing is queued before the filter is attached and bind() names ETH_P_IPV6 and the interface
    fd = LibC.socket(LibC.AF_PACKET, LibC.SOCK_DGRAM | LibC.SOCK_CLOEXEC, 0);
    NativeIoException.check(fd, "socket(AF_PACKET, ETH_P_IPV6)");
    try {
      attachFilter(fd);
      byte[] one = LibC.intOpt(1);
      LibC.setsockopt(fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, one, one.length); // Linux 4.20 and later
      NativeIoException.check(LibC.bind(fd, linkAddress(ifindex, new byte[6]), 20), "bind(AF_PACKET " + ifname + ")");
    } catch (NativeIoException e) {
      LibC.close(fd);
      throw e;
    }
  }

  /** struct sock_fprog {unsigned short len; struct sock_filter *filter;} over 8-byte sock_filter entries. */
  private static void attachFilter(int fd) throws NativeIoException {
    Memory program = new Memory(FILTER.length * 8L);
    for (int i = 0; i < FILTER.length; i++) {
      program.setShort(i * 8L, (short) FILTER[i][0]);
      program.setByte(i * 8L + 2, (byte) FILTER[i][1]);
      program.setByte(i * 8L + 3, (byte) FILTER[i][2]);
      program.setInt(i * 8L + 4, (int) FILTER[i][3]);
    }
    byte[] fprog = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder()).putShort(0, (short) FILTER.length)
        .putLong(8, Pointer.nativeValue(program)).array();
    try {
      NativeIoException.check(LibC.setsockopt(fd, LibC.SOL_SOCKET, SO_ATTACH_FILTER, fprog, fprog.length),
          "setsockopt(SO_ATTACH_FILTER)");
    } finally {
      // only its address is in fprog: the program must not be freed before the kernel has copied it
      java.lang.ref.Reference.reachabilityFence(program);
    }
  }

  private static byte[] linkAddress(int ifindex, byte[] hw) {
    ByteBuffer ll = ByteBuffer.allocate(20);
    ll.order(ByteOrder.nativeOrder()).putShort((short) LibC.AF_PACKET);
    ll.order(ByteOrder.BIG_ENDIAN).putShort((short) ETH_P_IPV6);
    ll.order(ByteOrder.nativeOrder()).putInt(ifindex).putShort((short) 1).put((byte) 0).put((byte) 6);
    ll.put(hw, 0, 6).put(new byte[2]);
    return ll.array();
  }

  @Override
  public void probe(InetAddress address) throws NativeIoException {
    Inet6Address target = (Inet6Address) address;
    byte[] packet = NeighbourSolicitation.probe(target);
    long n = LibC.sendto(fd, packet, packet.length, LibC.MSG_DONTWAIT,
        linkAddress(ifindex, NeighbourSolicitation.multicastMac(NeighbourSolicitation.solicitedNode(target))), 20);
    if (n < 0) {
      throw new NativeIoException("sendto(AF_PACKET neighbour solicitation " + io.vertalived.core.config.model.IpAddress.text(address) + ")",
          com.sun.jna.Native.getLastError());
    }
  }

  /** Starts the receive thread: every neighbour advertisement that names a link-layer address. */
  @Override
  public void listen(String threadName, Listener listener) throws NativeIoException {
    loop = new ReceiveLoop(threadName, fd, 2048, (bytes, len) -> {
      NeighbourSolicitation.Heard h = NeighbourSolicitation.heard(bytes, len);
      if (h != null) {
        listener.heard(h.target(), ArpSocket.mac(h.mac(), 0));
      }
    });
  }

  @Override
  public void close() {
    if (loop != null) {
      loop.close();
    }
    LibC.close(fd);
  }
}
