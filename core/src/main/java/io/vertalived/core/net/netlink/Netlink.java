package io.vertalived.core.net.netlink;

/**
 * Netlink's constants (include/uapi/linux/netlink.h, RFC 3549): protocols, message flags and
 * the control message types every family shares.
 */
public final class Netlink {
  private Netlink() {}

  public static final int NETLINK_ROUTE = 0;
  public static final int NETLINK_NETFILTER = 12;
  public static final int NETLINK_GENERIC = 16;

  public static final short NLM_F_REQUEST = 0x1;
  public static final short NLM_F_MULTI = 0x2;
  public static final short NLM_F_ACK = 0x4;
  /** Set by the kernel on a dump that changed while it was being read (NLM_F_DUMP_INTR). */
  public static final short NLM_F_DUMP_INTR = 0x10;
  public static final short NLM_F_ROOT = 0x100;
  public static final short NLM_F_MATCH = 0x200;
  public static final short NLM_F_DUMP = NLM_F_ROOT | NLM_F_MATCH;
  public static final short NLM_F_REPLACE = 0x100;
  public static final short NLM_F_EXCL = 0x200;
  public static final short NLM_F_CREATE = 0x400;
  public static final short NLM_F_APPEND = 0x800;
  /** On an NLMSG_ERROR: extended ACK attributes follow (NLM_F_ACK_TLVS). */
  public static final short NLM_F_ACK_TLVS = 0x200;
  /** On an NLMSG_ERROR: only the request's header is echoed (NLM_F_CAPPED). */
  public static final short NLM_F_CAPPED = 0x100;

  public static final short NLMSG_NOOP = 1;
  public static final short NLMSG_ERROR = 2;
  public static final short NLMSG_DONE = 3;

  /** struct nlmsghdr: length, type, flags, sequence, port id. */
  public static final int HEADER_LENGTH = 16;
  /** NLMSGERR_ATTR_MSG: the extended ACK's text. */
  static final int NLMSGERR_ATTR_MSG = 1;
}
