package io.vertalived.vrrp.service;

/** Sends one instance's advertisements on the wire (Linux: {@link RawAdvertSender}). */
interface AdvertSender {
  /** One advertisement at {@code priority} to every destination; answers how many went out (failures are logged). */
  int send(int priority);
}
