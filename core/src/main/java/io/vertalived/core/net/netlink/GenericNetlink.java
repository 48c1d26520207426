package io.vertalived.core.net.netlink;

import io.vertalived.core.net.NativeIoException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Generic netlink (include/uapi/linux/genetlink.h): messages carry a genlmsghdr (command,
 * version) after the nlmsghdr, and families such as "IPVS" have ids the kernel assigns, found
 * by name through the controller family {@code nlctrl} (CTRL_CMD_GETFAMILY). Blocking, like
 * its {@link NetlinkSocket}.
 */
public final class GenericNetlink {
  /** The controller's fixed id (GENL_ID_CTRL). */
  public static final short GENL_ID_CTRL = 0x10;
  /** struct genlmsghdr: cmd, version, reserved. */
  public static final int GENL_HEADER_LENGTH = 4;
  static final int CTRL_CMD_GETFAMILY = 3;
  static final int CTRL_ATTR_FAMILY_ID = 1;
  static final int CTRL_ATTR_FAMILY_NAME = 2;
  static final int CTRL_ATTR_VERSION = 3;
  static final int CTRL_ATTR_HDRSIZE = 4;
  static final int CTRL_ATTR_MAXATTR = 5;
  static final int CTRL_ATTR_MCAST_GROUPS = 7;
  static final int CTRL_ATTR_MCAST_GRP_NAME = 1;
  static final int CTRL_ATTR_MCAST_GRP_ID = 2;

  private final NetlinkSocket socket;

  public GenericNetlink(NetlinkSocket socket) {
    this.socket = socket;
  }

  /** Opens a NETLINK_GENERIC socket for it. */
  public static GenericNetlink open() throws NativeIoException {
    return new GenericNetlink(new NetlinkSocket(Netlink.NETLINK_GENERIC));
  }

  public NetlinkSocket socket() {
    return socket;
  }

  /**
   * Starts a generic netlink message: nlmsghdr of {@code familyId}, then the genlmsghdr; the
   * caller adds attributes and calls {@link NetlinkEncoding#finish}.
   */
  public static ByteBuffer message(int familyId, short flags, int sequence, int command, int version, int capacity) {
    ByteBuffer b = NetlinkEncoding.allocate(capacity);
    NetlinkEncoding.header(b, (short) familyId, flags, sequence);
    return b.put((byte) command).put((byte) version).putShort((short) 0);
  }

  /** The family named {@code name}; ENOENT (errno 2) when this kernel has none of that name. */
  public GenericNetlinkFamily family(String name) throws NativeIoException {
    int seq = socket.nextSequence();
    ByteBuffer b = message(GENL_ID_CTRL, (short) (Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK), seq, CTRL_CMD_GETFAMILY, 1, 128);
    NetlinkEncoding.attrString(b, CTRL_ATTR_FAMILY_NAME, name);
    List<NetlinkMessage> replies = socket.query("generic netlink family " + name, NetlinkEncoding.finish(b), seq);
    if (replies.isEmpty()) {
      throw new NativeIoException("generic netlink family " + name + ": no answer", 2);
    }
    return family(replies.get(0));
  }

  /** Every family of this kernel (a dump of the controller). */
  public List<GenericNetlinkFamily> families() throws NativeIoException {
    List<GenericNetlinkFamily> out = new ArrayList<>();
    for (NetlinkMessage m : socket.dump("generic netlink families", seq -> {
      ByteBuffer b = message(GENL_ID_CTRL, (short) (Netlink.NLM_F_REQUEST | Netlink.NLM_F_DUMP), seq, CTRL_CMD_GETFAMILY, 1, 32);
      return NetlinkEncoding.finish(b);
    })) {
      out.add(family(m));
    }
    return out;
  }

  /** A CTRL_CMD_NEWFAMILY message read (pure). */
  static GenericNetlinkFamily family(NetlinkMessage m) {
    NetlinkAttributes a = m.attributes(GENL_HEADER_LENGTH);
    Map<String, Integer> groups = new LinkedHashMap<>();
    for (NetlinkAttributes g : a.nested(CTRL_ATTR_MCAST_GROUPS).elements()) {
      String groupName = g.string(CTRL_ATTR_MCAST_GRP_NAME);
      if (groupName != null) {
        groups.put(groupName, g.u32(CTRL_ATTR_MCAST_GRP_ID, 0));
      }
    }
    return new GenericNetlinkFamily(a.u16(CTRL_ATTR_FAMILY_ID, 0), a.string(CTRL_ATTR_FAMILY_NAME),
        a.u32(CTRL_ATTR_VERSION, 0), a.u32(CTRL_ATTR_HDRSIZE, 0), a.u32(CTRL_ATTR_MAXATTR, 0), groups);
  }
}
