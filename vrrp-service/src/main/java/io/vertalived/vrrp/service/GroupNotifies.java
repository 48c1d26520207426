package io.vertalived.vrrp.service;

import io.vertalived.core.config.model.VrrpSyncGroup;
import io.vertalived.vrrp.protocol.VrrpState;

/** A sync group's notify scripts and FIFO lines ({@code GROUP "G" MASTER 0}). */
interface GroupNotifies {
  void transition(VrrpSyncGroup group, VrrpState to);

  /** keepalived's {@code fifo_write_vrrp_states_on_reload} line of a group the reload kept. */
  void keptAtReload(VrrpSyncGroup group, VrrpState state);
}
