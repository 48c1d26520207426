package io.vertalived.vrrp.service;

/** Sends one instance's advertisements on the wire (Linux: {@link RawAdvertSender}). */
interface AdvertSender {
  /** One advertisement at {@code priority} to every destination; answers how many went out (failures are logged). */
  int send(int priority);

  /** A reload: adverts carry the new definition's VIPs, interval, version and authentication, to its peers. */
  void reconfigure(io.vertalived.core.config.model.VrrpInstance next);
}
