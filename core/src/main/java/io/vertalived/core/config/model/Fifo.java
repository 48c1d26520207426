package io.vertalived.core.config.model;

/** A notify FIFO (keepalived.conf(5) Global definitions, notify_fifo) with the optional script keepalived spawns to read it. */
public record Fifo(String path, String user, String group, ScriptCommand script) {}
