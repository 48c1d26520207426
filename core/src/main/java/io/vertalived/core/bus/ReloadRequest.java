package io.vertalived.core.bus;

/**
 * Asks one process to reload its configuration file (as SIGHUP does); {@code trigger} says who
 * asks, for the log and {@link ConfigReloaded#trigger()} (default {@code bus}). The reply is the
 * {@link ConfigReloaded} of that reload: accepted and applied, or rejected with its problems.
 * {@code checkOnly} (contract version 3): read and validate the file as a reload would, change
 * nothing and publish nothing; the reply says whether a reload would be accepted (the first
 * phase of the gateway's cluster-wide reload).
 */
public record ReloadRequest(@OptionalField String trigger, @OptionalField(since = 3) boolean checkOnly) {
  public ReloadRequest(String trigger) {
    this(trigger, false);
  }
}
