package io.vertalived.notifier;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where a notifier outside a cluster keeps its deliveries: {@code notifier.db} in
 * {@code VERTALIVED_STATE_DIR} (default {@value #DEFAULT_DIR}); the system property
 * {@code vertalived.state.dir} overrides both (tests).
 */
record StoreSettings(Path sqliteFile) {
  static final String DEFAULT_DIR = "/var/lib/vertalived";

  static StoreSettings of(Map<String, String> env) {
    String dir = System.getProperty("vertalived.state.dir", env.getOrDefault("VERTALIVED_STATE_DIR", DEFAULT_DIR));
    return new StoreSettings(Path.of(dir, "notifier.db"));
  }
}
