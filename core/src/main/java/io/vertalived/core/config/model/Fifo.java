package io.vertalived.core.config.model;

/** A notify FIFO (spec 8.5) with the optional script keepalived spawns to read it. */
public record Fifo(String path, String user, String group, ScriptCommand script) {}
