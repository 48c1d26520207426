package io.vertalived.vrrp.dump;

import io.vertalived.core.config.model.NotifyScripts;
import io.vertalived.core.config.model.ScriptCommand;
import io.vertalived.core.config.model.Tracker;
import io.vertalived.core.config.model.VirtualAddress;
import io.vertalived.core.config.model.VrrpInstance;
import io.vertalived.core.config.model.VrrpScript;
import io.vertalived.core.dump.DumpText;
import io.vertalived.vrrp.packet.VrrpStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * keepalived 2.2.7's {@code keepalived.json} (SIGRTMIN+2): one line, an array of
 * {@code {"data": {...}, "stats": {...}}} per instance, keys in keepalived's order, {@code /}
 * escaped as {@code \/} as its writer does (pure). keepalived writes a backslash as {@code \n};
 * we write {@code \\}, so that the file is valid JSON (docs/reload.md).
 */
public final class VrrpJsonDump {
  private VrrpJsonDump() {}

  public static String text(List<InstanceSnapshot> instances, Map<String, VrrpScript> scripts) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < instances.size(); i++) {
      if (i > 0) {
        b.append(',');
      }
      InstanceSnapshot s = instances.get(i);
      b.append("{\"data\":");
      data(b, s, scripts);
      b.append(",\"stats\":");
      stats(b, s.stats());
      b.append('}');
    }
    return b.append("]\n").toString();
  }

  private static void data(StringBuilder b, InstanceSnapshot s, Map<String, VrrpScript> scripts) {
    VrrpInstance vi = s.vi();
    Obj o = new Obj(b);
    o.str("iname", vi.name());
    o.num("dont_track_primary", vi.dontTrackPrimary() ? 1 : 0);
    o.num("skip_check_adv_addr", vi.skipCheckAdvAddr() ? 1 : 0);
    o.num("strict_mode", vi.strictMode() ? 1 : 0);
    o.str("vmac_ifname", vi.vmacInterface() == null ? "" : vi.vmacInterface());
    o.str("ifp_ifname", vi.interfaceName());
    o.num("master_priority", s.masterPriority());
    o.raw("last_transition", String.format(Locale.ROOT, "%f", s.lastTransitionMicros() / 1e6));
    o.raw("garp_delay", DumpText.g(vi.garp().masterDelay()));
    o.num("garp_refresh", (long) vi.garp().masterRefresh());
    o.num("garp_rep", vi.garp().masterRepeat());
    o.num("garp_refresh_rep", vi.garp().masterRefreshRepeat());
    o.num("garp_lower_prio_delay", (long) vi.garp().lowerPrioDelay());
    o.num("garp_lower_prio_rep", vi.garp().lowerPrioRepeat());
    o.num("lower_prio_no_advert", vi.lowerPrioNoAdvert() ? 1 : 0);
    o.num("higher_prio_send_advert", vi.higherPrioSendAdvert() ? 1 : 0);
    o.num("vrid", vi.virtualRouterId());
    o.num("base_priority", vi.priority());
    o.num("effective_priority", s.effectivePriority());
    o.raw("vipset", Boolean.toString(s.vipSet()));
    o.raw("promote_secondaries", "false");
    o.raw("adver_int", DumpText.g(vi.advertInterval()));
    o.raw("master_adver_int", DumpText.g(s.masterAdverIntervalMicros() / 1e6));
    o.num("accept", vi.accept() ? 1 : 0);
    o.raw("nopreempt", Boolean.toString(vi.nopreempt()));
    o.num("preempt_delay", (long) vi.preemptDelay());
    o.num("state", VrrpDataDump.stateNumber(s.state()));
    o.num("wantstate", VrrpDataDump.stateNumber(s.state()));
    o.num("version", vi.version());
    o.raw("smtp_alert", Boolean.toString(vi.smtpAlert()));
    NotifyScripts n = vi.notifyScripts();
    o.raw("notify_deleted", Boolean.toString(n.deleted() != null));
    script(o, "script_backup", n.backup());
    script(o, "script_master", n.master());
    script(o, "script_fault", n.fault());
    script(o, "script_stop", n.stop());
    script(o, "script_deleted", n.deleted());
    script(o, "script", n.generic());
    script(o, "script_master_rx_lower_pri", n.masterRxLowerPri());
    String dev = vi.vmacInterface() != null ? vi.vmacInterface() : vi.interfaceName();
    o.array("vips", vi.virtualIpAddresses().stream().map(a -> DumpFormat.vip(a, dev, s.vipSet())).toList());
    o.array("evips", vi.excludedAddresses().stream().map(a -> DumpFormat.vip(a, dev, s.vipSet())).toList());
    o.array("vroutes", vi.virtualRoutes().stream().map(DumpFormat::route).toList());
    o.array("vrules", vi.virtualRules().stream().map(DumpFormat::rule).toList());
    o.array("track_ifp", vi.trackInterfaces().stream().map(Tracker::name).toList());
    List<String> tracked = new ArrayList<>();
    for (Tracker t : vi.trackScripts()) {
      VrrpScript sc = scripts.get(t.name());
      tracked.add(sc != null && sc.script() != null ? DumpText.command(sc.script()) : t.name());
    }
    o.array("track_script", tracked);
    int auth = vi.version() == 2 ? vi.authType().ordinal() : 0;
    o.num("auth_type", auth);
    if (auth != 0 && vi.authPass() != null) {
      o.str("auth_data", vi.authPass().value());
    }
    b.append('}');
  }

  private static void script(Obj o, String key, ScriptCommand c) {
    if (c != null) {
      o.str(key, DumpText.command(c));
    }
  }

  private static void stats(StringBuilder b, VrrpStats.Snapshot s) {
    Obj o = new Obj(b);
    o.num("advert_rcvd", s.advertRcvd());
    o.num("advert_sent", s.advertSent());
    o.num("become_master", s.becomeMaster());
    o.num("release_master", s.releaseMaster());
    o.num("packet_len_err", s.packetLenErr());
    o.num("advert_interval_err", s.advertIntervalErr());
    o.num("ip_ttl_err", s.ipTtlErr());
    o.num("invalid_type_rcvd", s.invalidTypeRcvd());
    o.num("addr_list_err", s.addrListErr());
    o.num("invalid_authtype", s.invalidAuthType());
    o.num("authtype_mismatch", s.authTypeMismatch());
    o.num("auth_failure", s.authFailure());
    o.num("pri_zero_rcvd", s.priZeroRcvd());
    o.num("pri_zero_sent", s.priZeroSent());
    b.append('}');
  }

  /** An object being written: keys in the order given, no spaces. */
  private static final class Obj {
    private final StringBuilder b;
    private boolean first = true;

    Obj(StringBuilder b) {
      this.b = b;
      b.append('{');
    }

    private void key(String k) {
      if (!first) {
        b.append(',');
      }
      first = false;
      b.append('"').append(k).append("\":");
    }

    void num(String k, long v) {
      key(k);
      b.append(v);
    }

    void raw(String k, String v) {
      key(k);
      b.append(v);
    }

    void str(String k, String v) {
      key(k);
      quote(b, v);
    }

    /** Only when not empty, as keepalived. */
    void array(String k, List<String> values) {
      if (values.isEmpty()) {
        return;
      }
      key(k);
      b.append('[');
      for (int i = 0; i < values.size(); i++) {
        if (i > 0) {
          b.append(',');
        }
        quote(b, values.get(i));
      }
      b.append(']');
    }
  }

  static void quote(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '/' -> b.append("\\/");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        case '\b' -> b.append("\\b");
        case '\f' -> b.append("\\f");
        default -> {
          if (c < 0x20) {
            b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
  }
}
