package io.vertalived.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a command to completion, stdout and stderr merged, with a time limit against hangs. */
record ProcessResult(int exitCode, String output) {
  static ProcessResult run(Path workDir, List<String> command) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    if (workDir != null) {
      pb.directory(workDir.toFile());
    }
    Process p = pb.start();
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("command did not finish: " + command);
    }
    return new ProcessResult(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }
}
