package io.vertalived.core.bus;

/**
 * Asks one process to reload its configuration file (as SIGHUP does); {@code trigger} says who
 * asks, for the log and {@link ConfigReloaded#trigger()} (default {@code bus}). The reply is the
 * {@link ConfigReloaded} of that reload: accepted and applied, or rejected with its problems.
 */
public record ReloadRequest(@OptionalField String trigger) {}
