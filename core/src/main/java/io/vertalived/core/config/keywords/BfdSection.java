package io.vertalived.core.config.keywords;

import io.vertalived.core.config.model.BfdInstance;
import io.vertalived.core.config.model.IpAddress;
import io.vertalived.core.config.parse.Args;
import io.vertalived.core.config.parse.ConfigErrorCategory;
import io.vertalived.core.config.parse.Diagnostics;
import io.vertalived.core.config.parse.KeywordTable;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code bfd_instance NAME { }} (keepalived.conf(5) BFD CONFIGURATION) with keepalived's defaults. */
final class BfdSection {
  private final Diagnostics diag;
  final Map<String, BfdInstance> instances = new LinkedHashMap<>();
  private String name;
  private IpAddress neighbor;
  private IpAddress source;
  private int minRx;
  private int minTx;
  private int idleTx;
  private int multiplier;
  private boolean passive;
  private int ttl;
  private int hopLimit;
  private int maxHops;
  private boolean multihop;
  private int weight;
  private boolean vrrp;
  private boolean checker;

  BfdSection(Diagnostics diag) {
    this.diag = diag;
  }

  void open(Args a) {
    name = a.get(1);
    neighbor = null;
    source = null;
    minRx = 10;
    minTx = 10;
    idleTx = 1000;
    multiplier = 5;
    passive = false;
    ttl = 255;
    hopLimit = 64;
    maxHops = 0;
    multihop = false;
    weight = 0;
    vrrp = false;
    checker = false;
  }

  KeywordTable table() {
    KeywordTable t = new KeywordTable();
    t.add("neighbor_ip", a -> neighbor = ip(a));
    t.add("source_ip", a -> source = ip(a));
    t.add("min_rx", a -> a.unsigned(1, 1, 1000).ifPresent(v -> minRx = (int) v));
    t.add("min_tx", a -> a.unsigned(1, 1, 1000).ifPresent(v -> minTx = (int) v));
    t.add("idle_tx", a -> a.unsigned(1, 1, 1000).ifPresent(v -> idleTx = (int) v));
    t.add("multiplier", a -> a.unsigned(1, 1, 255).ifPresent(v -> multiplier = (int) v));
    t.add("passive", a -> passive = true);
    t.add("ttl", a -> a.unsigned(1, 1, 255).ifPresent(v -> ttl = (int) v));
    t.add("hoplimit", a -> a.unsigned(1, 1, 255).ifPresent(v -> hopLimit = (int) v));
    t.add("max_hops", a -> a.unsigned(1, 0, 255).ifPresent(v -> maxHops = (int) v));
    t.add("multihop", a -> multihop = true);
    t.add("weight", a -> a.integer(1, -253, 253).ifPresent(v -> weight = (int) v));
    t.add("vrrp", a -> vrrp = true);
    t.add("checker", a -> checker = true);
    return t;
  }

  private static IpAddress ip(Args a) {
    return IpAddress.parse(a.get(1)).orElseGet(() -> {
      a.error("Configuration error: BFD instance has malformed address " + a.get(1));
      return null;
    });
  }

  void close() {
    if (neighbor == null) {
      diag.error(ConfigErrorCategory.GENERAL_ERROR, "BFD instance " + name + " has no neighbor_ip - removing");
      return;
    }
    boolean both = !vrrp && !checker;
    instances.put(name, new BfdInstance(name, neighbor, source, minRx, minTx, idleTx, multiplier,
        passive, ttl, hopLimit, maxHops, multihop, weight, both || vrrp, both || checker));
  }
}
