package io.vertalived.vrrp.protocol;

/**
 * RFC 5798 6.4 states plus keepalived's FAULT, and STOP for the shutdown notifies. keepalived's
 * JSON numbers them INIT 0, BACKUP 1, MASTER 2, FAULT 3, STOP 98.
 */
public enum VrrpState { INIT, BACKUP, MASTER, FAULT, STOP }
