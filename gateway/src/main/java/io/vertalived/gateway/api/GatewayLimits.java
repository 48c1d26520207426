package io.vertalived.gateway.api;

/** The API's limits. */
final class GatewayLimits {
  private GatewayLimits() {}

  /** The largest request body (413 above). */
  static final int BODY_LIMIT = io.vertalived.gateway.GatewaySettings.BODY_LIMIT;
  static final String BODY_LIMIT_TEXT = BODY_LIMIT / 1024 + " KiB";
  /** How long a node's service may take to answer a read. */
  static final long READ_TIMEOUT_MS = 3_000;
  /** The longest handover (v2, 1 s adverts: Master_Down_Interval of priority 1) with margin. */
  static final long COMMAND_TIMEOUT_MS = 60_000;
  /** How long a process may take to read, check or apply its configuration. */
  static final long RELOAD_TIMEOUT_MS = 60_000;
}
