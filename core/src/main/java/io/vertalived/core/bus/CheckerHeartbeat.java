package io.vertalived.core.bus;

/**
 * A checker instance's heartbeat, every 500 ms ({@code leaving} true once, when it stops): the
 * live instances real-server checks are placed over (docs/checker-placement.md).
 */
public record CheckerHeartbeat(String checker, boolean leaving) {}
