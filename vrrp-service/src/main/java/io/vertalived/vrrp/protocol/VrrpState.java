package io.vertalived.vrrp.protocol;

/**
 * RFC 5798 6.4 states plus keepalived's FAULT, STOP for the shutdown notifies and DELETED for an
 * instance a reload removed ({@code notify_deleted}). keepalived's JSON numbers them INIT 0,
 * BACKUP 1, MASTER 2, FAULT 3, DELETED 97, STOP 98.
 */
public enum VrrpState { INIT, BACKUP, MASTER, FAULT, STOP, DELETED }
