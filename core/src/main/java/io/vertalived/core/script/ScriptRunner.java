package io.vertalived.core.script;

import io.vertalived.core.config.model.ScriptCommand;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs keepalived's scripts (notify, vrrp_script, MISC_CHECK, ...) as keepalived does (keepalived.conf(5) VRRP instance(s)):
 * exec'd without a shell with the argv already split, as the script's user (or
 * {@code script_user}), with IFS/LD_PRELOAD/LD_LIBRARY_PATH removed from the environment. On
 * timeout: SIGTERM to the script and its descendants, SIGKILL 2 s later. Scripts run on a
 * dedicated worker pool, never on an event loop; their output is read and bounded.
 */
public final class ScriptRunner implements AutoCloseable {
  public static final int MAX_OUTPUT = 64 * 1024;
  private static final long KILL_GRACE_MS = 2000;
  private final WorkerExecutor workers;
  private final String defaultUser;
  private final String defaultGroup;

  public ScriptRunner(Vertx vertx, String poolName, int threads, String defaultUser, String defaultGroup) {
    this.workers = vertx.createSharedWorkerExecutor(poolName, threads, 1, TimeUnit.HOURS);
    this.defaultUser = defaultUser;
    this.defaultGroup = defaultGroup;
  }

  /** Runs {@code cmd} with {@code extraArgs} appended; never fails: problems are in the result. */
  public Future<ScriptResult> run(ScriptCommand cmd, List<String> extraArgs, long timeoutMillis) {
    return workers.executeBlocking(() -> runBlocking(cmd, extraArgs, timeoutMillis), false);
  }

  /** The blocking form, for callers already on a worker. */
  public ScriptResult runBlocking(ScriptCommand cmd, List<String> extraArgs, long timeoutMillis) {
    long start = System.nanoTime();
    List<String> argv = new ArrayList<>();
    String user = cmd.user() != null ? cmd.user() : defaultUser;
    String group = cmd.user() != null ? cmd.group() : defaultGroup;
    if (user != null && !user.equals(System.getProperty("user.name"))) {
      // setpriv (util-linux) changes uid/gid and then execs the script directly: still no shell
      argv.addAll(List.of("setpriv", "--reuid=" + user, "--regid=" + (group != null ? group : user),
          "--init-groups", "--"));
    }
    argv.addAll(cmd.argv());
    argv.addAll(extraArgs);
    if (cmd.argv().isEmpty()) {
      return new ScriptResult(-1, false, "empty script command", "", 0);
    }
    ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.remove("IFS");
    env.remove("LD_PRELOAD");
    env.remove("LD_LIBRARY_PATH");
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      return new ScriptResult(-1, false, "cannot run " + cmd.argv().get(0) + ": " + e.getMessage(), "",
          elapsed(start));
    }
    try {
      p.getOutputStream().close();
    } catch (IOException e) {
      // stdin already closed
    }
    BoundedReader out = new BoundedReader(p.getInputStream());
    Thread reader = new Thread(out, "script-output");
    reader.setDaemon(true);
    reader.start();
    try {
      boolean done = p.waitFor(timeoutMillis, TimeUnit.MILLISECONDS);
      if (!done) {
        terminate(p);
        reader.join(1000);
        return new ScriptResult(-1, true, null, out.text(), elapsed(start));
      }
      reader.join(1000);
      return new ScriptResult(p.exitValue(), false, null, out.text(), elapsed(start));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      return new ScriptResult(-1, false, "interrupted", out.text(), elapsed(start));
    }
  }

  /** SIGTERM to the script and everything it started, SIGKILL to what is left after 2 s. */
  private static void terminate(Process p) throws InterruptedException {
    List<ProcessHandle> tree = new ArrayList<>(p.descendants().toList());
    tree.add(p.toHandle());
    tree.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + KILL_GRACE_MS * 1_000_000;
    for (ProcessHandle h : tree) {
      long left = Math.max(0, deadline - System.nanoTime());
      try {
        h.onExit().get(left, TimeUnit.NANOSECONDS);
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        h.destroyForcibly();
      }
    }
    p.descendants().forEach(ProcessHandle::destroyForcibly);
  }

  private static long elapsed(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }

  /** Keeps the first MAX_OUTPUT bytes and drains the rest, so a flooding script never blocks. */
  private static final class BoundedReader implements Runnable {
    private final InputStream in;
    private final byte[] kept = new byte[MAX_OUTPUT];
    private volatile int length;

    BoundedReader(InputStream in) {
      this.in = in;
    }

    @Override
    public void run() {
      byte[] buf = new byte[8192];
      try (in) {
        int n;
        while ((n = in.read(buf)) > 0) {
          int room = MAX_OUTPUT - length;
          if (room > 0) {
            int take = Math.min(room, n);
            System.arraycopy(buf, 0, kept, length, take);
            length += take;
          }
        }
      } catch (IOException e) {
        // the process went away
      }
    }

    String text() {
      return new String(kept, 0, length, StandardCharsets.UTF_8);
    }
  }

  @Override
  public void close() {
    workers.close();
  }

}
