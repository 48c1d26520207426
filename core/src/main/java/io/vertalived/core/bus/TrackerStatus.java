package io.vertalived.core.bus;

/**
 * One tracker of a VRRP instance as its status shows it (keepalived.conf(5) track_interface,
 * track_script, track_file, track_process, track_bfd): its {@code kind} ({@code interface},
 * {@code script}, {@code file}, {@code process}, {@code bfd}), its weight ({@code reverse}: the
 * weight counts the other way), its {@code state} ({@code up}, {@code down}, or {@code unknown}
 * before its first result) and, for a file, its value.
 */
public record TrackerStatus(String kind, String name, int weight, boolean reverse, String state, long value) {}
