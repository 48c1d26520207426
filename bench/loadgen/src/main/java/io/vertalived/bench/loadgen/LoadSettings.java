package io.vertalived.bench.loadgen;

import java.util.Map;

/**
 * The load: timer tasks per second; bytes of garbage each allocates; bytes of it kept alive
 * and for how long (in-flight state, like a health check waiting for its timeout).
 */
record LoadSettings(int tasksPerSecond, int taskBytes, int keepBytes, int keepSeconds) {
  static LoadSettings fromEnvironment(Map<String, String> env) {
    return new LoadSettings(
        Integer.parseInt(env.getOrDefault("LOADGEN_TASKS_PER_SECOND", "10000")),
        Integer.parseInt(env.getOrDefault("LOADGEN_TASK_BYTES", "16384")),
        Integer.parseInt(env.getOrDefault("LOADGEN_KEEP_BYTES", "1024")),
        Integer.parseInt(env.getOrDefault("LOADGEN_KEEP_SECONDS", "2")));
  }

  long ringSlots() {
    return (long) tasksPerSecond * keepSeconds;
  }
}
