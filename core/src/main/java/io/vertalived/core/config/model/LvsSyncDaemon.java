package io.vertalived.core.config.model;

/**
 * {@code lvs_sync_daemon IFNAME [[inst] VRRP_INSTANCE] [id SYNCID] [maxlen LEN] [port PORT] [ttl TTL] [group ADDR]}
 * (keepalived.conf(5) Global definitions): the kernel's IPVS connection synchronisation daemon, so that a BACKUP
 * director holds the connections of the MASTER's and takes them over on failover. With an instance it follows it:
 * the master daemon while the instance is MASTER, the backup daemon otherwise; without one both run all along.
 *
 * @param instance the VRRP instance it follows, or null
 * @param syncId the sync id (0-255) as written, or null: the instance's virtual_router_id, or 0 without one
 * @param maxLen UDP payload size of the sync messages, 0: the kernel's
 * @param port multicast port, 0: the kernel's (8848)
 * @param ttl multicast TTL, 0: the kernel's (1)
 * @param group multicast group, null: the kernel's (224.0.0.81)
 */
public record LvsSyncDaemon(String interfaceName, String instance, Integer syncId, int maxLen, int port, int ttl,
                            IpAddress group) {
  /** IP_VS_STATE_MASTER and IP_VS_STATE_BACKUP (include/uapi/linux/ip_vs.h). */
  public static final int MASTER = 1;
  public static final int BACKUP = 2;

  /**
   * The daemon as it runs with {@code config}: the sync id resolved (keepalived's vrrp_complete_init); null when
   * none is configured or its instance does not exist (then keepalived clears it, and so do we).
   */
  public static LvsSyncDaemon of(KeepalivedConfig config) {
    LvsSyncDaemon d = config.global().lvsSyncDaemon();
    if (d == null) {
      return null;
    }
    if (d.instance == null) {
      return d.syncId != null ? d : d.withSyncId(0);
    }
    for (VrrpInstance vi : config.vrrpInstances()) {
      if (vi.name().equals(d.instance)) {
        return d.syncId != null ? d : d.withSyncId(vi.virtualRouterId());
      }
    }
    return null;
  }

  /**
   * keepalived's message for an instance that does not exist, or null when all is well: said when the daemon would
   * start (keepalived's vrrp process says it then; its {@code -t} does not).
   */
  public static String missingInstance(KeepalivedConfig config) {
    LvsSyncDaemon d = config.global().lvsSyncDaemon();
    if (d == null || d.instance == null || of(config) != null) {
      return null;
    }
    return "Unable to find vrrp instance " + d.instance + " for lvs_syncd - clearing lvs_syncd config";
  }

  public LvsSyncDaemon withSyncId(int id) {
    return new LvsSyncDaemon(interfaceName, instance, id, maxLen, port, ttl, group);
  }

  public LvsSyncDaemon withInstance(String name) {
    return new LvsSyncDaemon(interfaceName, name, syncId, maxLen, port, ttl, group);
  }
}
