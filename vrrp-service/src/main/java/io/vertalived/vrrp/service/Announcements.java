package io.vertalived.vrrp.service;

import io.vertalived.core.config.model.VrrpInstance;

/** The gratuitous ARPs of one instance beyond its takeover burst (Linux: {@link GarpAnnouncer}). */
interface Announcements {
  /** Became MASTER: the delayed second burst and the periodic refresh. */
  void becameMaster();

  /** A MASTER heard a lower priority (keepalived's {@code garp_lower_prio_repeat}). */
  void lowerPriorityHeard();

  /** A MASTER found another host answering for one of its VIPs: a fresh takeover burst ({@code --vip-conflict-garp}). */
  void conflictHeard();

  /** Left MASTER: no more refreshes. */
  void leftMaster();

  /** A reload: the new settings and VIPs from now on. */
  void reconfigure(VrrpInstance next);
}
