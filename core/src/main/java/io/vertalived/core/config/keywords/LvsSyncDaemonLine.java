package io.vertalived.core.config.keywords;

import io.vertalived.core.config.model.IpAddress;
import io.vertalived.core.config.model.LvsSyncDaemon;
import io.vertalived.core.config.parse.Args;
import java.util.OptionalLong;

/**
 * The {@code lvs_sync_daemon} line of {@code global_defs}, read as keepalived 2.2.7 reads it (keepalived.conf(5)
 * Global definitions): the interface, then options in any order ({@code inst}, {@code id}, {@code maxlen},
 * {@code port}, {@code ttl}, {@code group}); the old positional form {@code IF INSTANCE [SYNCID]} is still taken.
 * A bad option value is reported and left out; the rest of the line still counts.
 */
final class LvsSyncDaemonLine {
  /** IP_VS_IFNAME_MAXLEN (include/uapi/linux/ip_vs.h), with its terminating NUL. */
  private static final int IFNAME_MAXLEN = 16;

  private LvsSyncDaemonLine() {}

  /** The daemon the line describes; {@code before} (a second line is ignored) or null when there is none. */
  static LvsSyncDaemon parse(Args a, LvsSyncDaemon before) {
    if (before != null) {
      a.error("lvs_sync_daemon has already been specified as " + before.interfaceName() + " "
          + (before.instance() == null ? "" : before.instance()) + " - ignoring");
      return before;
    }
    if (a.size() < 2) {
      a.error("lvs_sync_daemon requires interface");
      return null;
    }
    if (a.get(1).length() >= IFNAME_MAXLEN) {
      a.error("lvs_sync_daemon interface name '" + a.get(1) + "' too long - ignoring");
      return null;
    }
    String instance = null;
    Integer syncId = null;
    int maxLen = 0;
    int port = 0;
    int ttl = 0;
    IpAddress group = null;
    for (int i = 2; i < a.size(); i++) {
      String w = a.get(i);
      boolean last = i == a.size() - 1;
      switch (w) {
        case "inst" -> {
          if (instance != null) {
            a.error("lvs_sync_daemon vrrp instance has already been specified as " + instance + " - ignoring");
          } else if (!last) {
            instance = a.get(i + 1);
          }
          i++;
        }
        case "id" -> {
          if (last) {
            a.error("No value specified for lvs_sync_daemon id, defaulting to vrid");
            continue;
          }
          OptionalLong v = a.unsigned(i + 1, 0, 255);
          if (v.isEmpty()) {
            a.error("Invalid syncid (" + a.get(i + 1) + ") - defaulting to vrid");
          } else {
            syncId = (int) v.getAsLong();
          }
          i++;
        }
        case "maxlen", "port", "ttl" -> {
          if (last) {
            a.error("No value specified for lvs_sync_daemon " + w + " - ignoring");
            continue;
          }
          long max = w.equals("maxlen") ? 65535 - 20 - 8 : w.equals("port") ? 65535 : 255;
          OptionalLong v = a.unsigned(i + 1, 1, max);
          if (v.isEmpty()) {
            a.error("Invalid lvs_sync_daemon " + w + " (" + a.get(i + 1) + ") - ignoring");
          } else if (w.equals("maxlen")) {
            maxLen = (int) v.getAsLong();
          } else if (w.equals("port")) {
            port = (int) v.getAsLong();
          } else {
            ttl = (int) v.getAsLong();
          }
          i++;
        }
        case "group" -> {
          if (last) {
            a.error("No value specified for lvs_sync_daemon group - ignoring");
            continue;
          }
          String text = a.get(i + 1);
          IpAddress g = IpAddress.parse(text).orElse(null);
          if (g == null) {
            a.error("Invalid lvs_sync_daemon group (" + text + ") - ignoring");
          } else if (!g.address().isMulticastAddress()) {
            a.error("lvs_sync_daemon group address " + text + " is not multicast - ignoring");
          } else {
            group = g;
          }
          i++;
        }
        default -> {
          // keepalived's old form: lvs_sync_daemon IF VRRP_INSTANCE [SYNCID]
          if (i == 2) {
            instance = w;
          } else if (i == 3) {
            OptionalLong v = a.unsigned(3, 0, 255);
            if (v.isEmpty()) {
              a.error("Invalid syncid (" + w + ") - defaulting to vrid");
            } else {
              a.error("Please use keyword \"id\" before lvs_sync_daemon SYNCID");
              syncId = (int) v.getAsLong();
            }
          } else {
            a.error("Unknown option " + w + " specified for lvs_sync_daemon");
          }
        }
      }
    }
    return new LvsSyncDaemon(a.get(1), instance, syncId, maxLen, port, ttl, group);
  }
}
