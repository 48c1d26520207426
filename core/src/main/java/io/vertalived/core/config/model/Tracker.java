package io.vertalived.core.config.model;

/**
 * A reference from an instance or sync group to something it tracks ({@code track_interface},
 * {@code track_script}, {@code track_file}, {@code track_process}, {@code track_bfd}).
 * {@code weight} is the effective weight (the referenced object's own weight unless the
 * reference overrides it); 0 means a failure is a FAULT (keepalived.conf(5) VRRP instance(s), track_* weights).
 */
public record Tracker(String name, int weight, boolean reverse) {}
