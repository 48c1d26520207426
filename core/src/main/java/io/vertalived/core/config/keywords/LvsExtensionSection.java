package io.vertalived.core.config.keywords;

import io.vertalived.core.config.model.KeepalivedConfig;
import io.vertalived.core.config.model.LvsSettings;
import io.vertalived.core.config.model.RealServer;
import io.vertalived.core.config.model.VirtualServer;
import io.vertalived.core.config.parse.ConfigErrorCategory;
import io.vertalived.core.config.parse.Diagnostics;
import io.vertalived.core.config.parse.KeywordTable;
import java.util.List;

/**
 * The extension block {@code vertalived_lvs { backend auto|ipvs|nftables }} (docs/ipvs.md), read in the checker pass;
 * with {@code backend nftables}, {@code -t} refuses what the nftables backend cannot do, naming it.
 */
public final class LvsExtensionSection {
  /** The schedulers the nftables backend can express. */
  public static final List<String> NFTABLES_SCHEDULERS = List.of("rr", "wrr", "sh", "mh");
  private String backend = LvsSettings.AUTO;

  /** Registers the block on a pass: active in the checker pass, skipped in the other. */
  public void register(KeywordTable root, boolean active) {
    if (!active) {
      root.inactive("vertalived_lvs");
      return;
    }
    KeywordTable t = new KeywordTable();
    t.add("backend", a -> {
      String b = a.get(1);
      if (List.of(LvsSettings.AUTO, LvsSettings.IPVS, LvsSettings.NFTABLES).contains(b)) {
        backend = b;
      } else {
        a.error("vertalived_lvs backend '" + b + "' unknown (auto, ipvs or nftables) - using auto");
      }
    });
    root.block("vertalived_lvs", a -> { }, t, null);
  }

  public LvsSettings build() {
    return new LvsSettings(backend);
  }

  /** With {@code backend nftables}: every virtual server the nftables backend cannot program is an error. */
  public static void check(KeepalivedConfig c, Diagnostics diag) {
    if (!c.lvs().backend().equals(LvsSettings.NFTABLES)) {
      return;
    }
    for (VirtualServer vs : c.virtualServers()) {
      String why = refusal(vs);
      if (why != null) {
        diag.unlocated(ConfigErrorCategory.GENERAL_ERROR, "Virtual server " + vs.label() + ": " + why);
      }
    }
  }

  static String refusal(VirtualServer vs) {
    if (!NFTABLES_SCHEDULERS.contains(vs.lbAlgo())) {
      return "the nftables backend cannot schedule by " + vs.lbAlgo()
          + " (it needs IPVS's connection counts): use lb_algo rr, wrr, sh or mh";
    }
    if (vs.address() != null && vs.address().isIpv6() || "inet6".equals(vs.ipFamily())) {
      return "the nftables backend balances IPv4 only";
    }
    if (vs.kind() == VirtualServer.Kind.ADDRESS && vs.port() == 0) {
      return "the nftables backend needs a port (IPVS's port 0 takes every port)";
    }
    for (RealServer rs : vs.realServers()) {
      if (!rs.lvsMethod().equals("NAT")) {
        return "the nftables backend forwards by NAT only; real server " + rs.endpoint() + " uses " + rs.lvsMethod();
      }
      if (rs.address().isIpv6()) {
        return "the nftables backend balances IPv4 only; real server " + rs.endpoint() + " is IPv6";
      }
    }
    return null;
  }
}
