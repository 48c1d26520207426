package io.vertalived.ipvs.table;

/**
 * A virtual service's settings in the kernel (IPVS_SVC_ATTR_*): scheduler, flags, persistence timeout and netmask,
 * persistence engine. Two services are the same to the reconciler when these are equal; a difference is a SET.
 *
 * @param flags IP_VS_SVC_F_* without IP_VS_SVC_F_HASHED (the kernel's own bookkeeping)
 * @param timeout persistence in seconds; 0 when not persistent
 * @param netmask persistence granularity: an IPv4 mask as a number (0xffffffff for /32) or an IPv6 prefix length
 * @param persistenceEngine {@code sip} or null
 */
public record LvsService(ServiceKey key, String scheduler, int flags, int timeout, int netmask,
                         String persistenceEngine) {
  public static final int F_PERSISTENT = 0x1;
  public static final int F_HASHED = 0x2;
  public static final int F_ONEPACKET = 0x4;
  public static final int F_SCHED1 = 0x8;
  public static final int F_SCHED2 = 0x10;
  public static final int F_SCHED3 = 0x20;
}
