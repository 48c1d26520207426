package io.vertalived.core.script;

/**
 * How a script ended. {@code exitCode} is -1 when it could not start or was killed;
 * {@code output} is at most {@link ScriptRunner#MAX_OUTPUT} bytes of its stdout and stderr.
 */
public record ScriptResult(int exitCode, boolean timedOut, String failure, String output, long millis) {
  public boolean succeeded() {
    return exitCode == 0 && !timedOut && failure == null;
  }

  /** In words, for logs and check results: "exit 3", "timed out after 2000 ms", ... */
  public String describe() {
    if (failure != null) {
      return failure;
    }
    if (timedOut) {
      return "timed out after " + millis + " ms";
    }
    return "exit " + exitCode;
  }
}
