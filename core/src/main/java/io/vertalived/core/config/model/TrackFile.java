package io.vertalived.core.config.model;

/** {@code track_file NAME} (keepalived.conf(5) Track files): an integer read from a file, times {@code weight}. */
public record TrackFile(
    String name, String file, int weight, boolean weightReverse, Long initValue,
    boolean initOverwrite) {}
