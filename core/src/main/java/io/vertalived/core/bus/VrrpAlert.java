package io.vertalived.core.bus;

import java.time.Instant;

/**
 * A split brain seen, or its end: {@code kind} {@code dual_master} (this node is MASTER and
 * another router keeps advertising the same VRID on its segment, {@code peer}) or
 * {@code vip_conflict} (the cluster view: a virtual address held by MASTERs of two nodes,
 * {@code peer} the other node) or {@code duplicate_vip} (this node is MASTER and another host
 * answers ARP for one of its virtual addresses, {@code peer} that host's MAC); {@code active} false when it is over; {@code detail} in words.
 */
public record VrrpAlert(String node, String boot, long sequence, Instant timestamp, String instance, String kind,
                        boolean active, String peer, String detail) implements BusMessage {
  public static final String DUAL_MASTER = "dual_master";
  public static final String VIP_CONFLICT = "vip_conflict";
  public static final String DUPLICATE_VIP = "duplicate_vip";
}
