package io.vertalived.core.config.model;

/**
 * {@code vrrp_script NAME} (keepalived.conf(5) VRRP script(s)). {@code interval}/{@code timeout} in seconds (ms
 * resolution); {@code weight} in -253..253, 0 meaning a failure puts trackers in FAULT.
 */
public record VrrpScript(
    String name,
    ScriptCommand script,
    double interval,
    double timeout,
    int weight,
    boolean weightReverse,
    int rise,
    int fall,
    boolean initFail) {}
