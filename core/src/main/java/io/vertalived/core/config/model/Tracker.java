package io.vertalived.core.config.model;

/**
 * A reference from an instance or sync group to something it tracks ({@code track_interface},
 * {@code track_script}, {@code track_file}, {@code track_process}, {@code track_bfd}).
 * {@code weight} is the effective weight (the referenced object's own weight unless the
 * reference overrides it); 0 means a failure is a FAULT (spec 5).
 */
public record Tracker(String name, int weight, boolean reverse) {}
