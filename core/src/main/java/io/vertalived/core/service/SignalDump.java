package io.vertalived.core.service;

/**
 * keepalived's dumps on signals (keepalived(8) SIGNALS): SIGUSR1 the data dump, SIGUSR2 the
 * stats dump, SIGRTMAX-1 the stats dump then counters cleared, SIGRTMIN+2 the JSON dump.
 */
public enum SignalDump {
  DATA, STATS, STATS_CLEAR, JSON
}
