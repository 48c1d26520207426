package io.vertalived.bench.loadgen;

import java.util.Map;

/** The load: timer tasks per second, bytes each allocates, bytes kept alive in the ring. */
record LoadSettings(int tasksPerSecond, int taskBytes, long retainedBytes) {
  static LoadSettings fromEnvironment(Map<String, String> env) {
    return new LoadSettings(
        Integer.parseInt(env.getOrDefault("LOADGEN_TASKS_PER_SECOND", "10000")),
        Integer.parseInt(env.getOrDefault("LOADGEN_TASK_BYTES", "16384")),
        Long.parseLong(env.getOrDefault("LOADGEN_RETAINED_MB", "256")) << 20);
  }
}
