package io.vertalived.core.bus;

import java.time.Instant;

/**
 * The state of a tracked object on one node changed: a {@code vrrp_script} after its rise/fall
 * hysteresis, a {@code vrrp_track_process} quorum, a {@code track_file} value. Published by the
 * node that runs the tracker on {@link Addresses#TRACK_RESULT} for that node, because trackers
 * look at local processes and files.
 *
 * @param kind  {@code script}, {@code process} or {@code file}
 * @param up    the tracker's state (for files: value != 0)
 * @param value the file's integer value (files only, 0 otherwise)
 */
public record TrackResult(String node, @OptionalField(since = 2) String boot, long sequence, Instant timestamp,
                          String kind, String name, boolean up, long value, String reason) implements BusMessage {}
