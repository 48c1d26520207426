package io.vertalived.ipvs.kernel;

import io.vertalived.core.config.model.IpAddress;
import io.vertalived.core.config.model.LvsSyncDaemon;

/**
 * A connection sync daemon the kernel runs (IPVS GET_DAEMON), as {@code ipvsadm -L --daemon} shows it.
 *
 * @param state {@link LvsSyncDaemon#MASTER} or {@link LvsSyncDaemon#BACKUP}
 * @param port 0 when the kernel does not say (its default 8848)
 * @param group null when the kernel does not say (its default 224.0.0.81)
 */
public record SyncDaemonStatus(int state, String interfaceName, int syncId, int maxLen, int port, int ttl,
                               IpAddress group) {
  /** {@code master} or {@code backup}. */
  public static String stateName(int state) {
    return state == LvsSyncDaemon.MASTER ? "master" : "backup";
  }

  /** {@code master sync daemon (mcast=eth0, syncid=5, maxlen=1472, group=224.0.0.81, port=8848, ttl=1)}. */
  @Override
  public String toString() {
    return stateName(state) + " sync daemon (mcast=" + interfaceName
        + ", syncid=" + syncId + (maxLen != 0 ? ", maxlen=" + maxLen : "") + (group != null ? ", group=" + group : "")
        + (port != 0 ? ", port=" + port : "") + (ttl != 0 ? ", ttl=" + ttl : "") + ")";
  }
}
