package io.vertalived.launcher;

import io.vertalived.core.service.SignalDump;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.function.IntConsumer;
import java.util.logging.Logger;

/**
 * keepalived's signals (keepalived(8) SIGNALS; {@code keepalived --signum=NAME} prints them):
 * HUP reloads, USR1 writes the data dump, USR2 the stats dump, SIGRTMAX-1 (63) the stats dump
 * then clears the counters, SIGRTMIN+2 (36) the JSON dump. TERM and INT stop ({@link #onStop}, then the shutdown
 * hook).
 *
 * <p>The JVM's signal API ({@code sun.misc.Signal}) knows signals by name only, and its table has
 * no real-time ones ("Unknown signal"). Underneath, the JDK's own {@code jdk.internal.misc.Signal}
 * registers a handler by number with the JVM, which then runs it on its signal dispatcher thread,
 * as for HUP: we give it the numbers 36 and 63 (this needs
 * {@code jdk.internal.misc} opened: the jar's manifest opens it to {@code java -jar}, as {@code ./vertalived}
 * starts it; on a class path of several jars, {@code --add-opens java.base/jdk.internal.misc=ALL-UNNAMED}).
 * HotSpot suspends threads with SIGUSR2 unless {@code _JAVA_SR_SIGNUM} names another signal:
 * {@code ./vertalived} and the image set it to 40, and without it SIGUSR2 is left to the JVM
 * (logged). docs/reload.md.
 */
final class KeepalivedSignals {
  private static final Logger LOG = Logger.getLogger("io.vertalived.launcher");
  static final int SIGRTMIN_2_JSON = 36;
  static final int SIGRTMAX_1_STATS_CLEAR = 63;

  private KeepalivedSignals() {}

  /** What the signals ask for. */
  interface Target {
    void reload(String trigger);

    void dump(SignalDump kind);
  }

  static void install(Target suite) {
    byName("HUP", n -> suite.reload("SIGHUP"));
    byName("USR1", n -> suite.dump(SignalDump.DATA));
    if (System.getenv("_JAVA_SR_SIGNUM") != null) {
      byName("USR2", n -> suite.dump(SignalDump.STATS));
    } else {
      LOG.warning("SIGUSR2 (stats dump) is left to the JVM, which suspends threads with it: start with"
          + " _JAVA_SR_SIGNUM=40 (./vertalived does) to have keepalived's stats dump on SIGUSR2");
    }
    byNumber(SIGRTMAX_1_STATS_CLEAR, "RTMAX-1", n -> suite.dump(SignalDump.STATS_CLEAR));
    byNumber(SIGRTMIN_2_JSON, "RTMIN+2", n -> suite.dump(SignalDump.JSON));
  }

  /**
   * SIGTERM and SIGINT: {@code first} runs at once on the signal's own thread (the VRRP service's
   * priority-0 adverts, before any other shutdown work), then the JVM exits as it would have
   * (128 + the signal's number), which runs the shutdown hook that stops the rest.
   */
  static void onStop(Runnable first) {
    for (String name : java.util.List.of("TERM", "INT")) {
      byName(name, n -> {
        try {
          first.run();
        } finally {
          System.exit(128 + n);
        }
      });
    }
    // on a thread of its own: the start goes on meanwhile (the raise binds libc through JNA on the way, ~20 ms
    // of a lone node's start when it was made here)
    Thread warm = new Thread(KeepalivedSignals::warmDispatch, "vertalived-signal-warm-up");
    warm.setDaemon(true);
    warm.start();
  }

  /** A signal nobody sends (SIGRTMIN+5), raised once at start: see {@link #warmDispatch}. */
  static final int SIGRTMIN_5_WARM = 39;

  /**
   * The JVM runs each signal's handler on a thread it makes then; the first time, that path is
   * loaded and linked as it goes (milliseconds). A no-op signal raised once at start does that
   * work before a SIGTERM needs the path (a SIGTERM in the first tens of milliseconds finds it
   * under way: that stop is a few milliseconds slower, no more).
   */
  private static void warmDispatch() {
    java.util.concurrent.CountDownLatch ran = new java.util.concurrent.CountDownLatch(1);
    if (byNumber(SIGRTMIN_5_WARM, "RTMIN+5", n -> ran.countDown())) {
      io.vertalived.core.net.LibC.kill((int) ProcessHandle.current().pid(), SIGRTMIN_5_WARM);
      try {
        ran.await(1, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void byName(String name, IntConsumer action) {
    try {
      sun.misc.Signal signal = new sun.misc.Signal(name);
      sun.misc.SignalHandler handler = s -> run(name, action, s.getNumber());
      // an inherited "ignore" (nohup's SIGHUP) is kept by the JVM, which then says SIG_IGN: taken back, then again
      if (sun.misc.Signal.handle(signal, handler) == sun.misc.SignalHandler.SIG_IGN
          && IgnoredSignals.takeBack(signal.getNumber(), name)) {
        sun.misc.Signal.handle(signal, handler);
      }
    } catch (IllegalArgumentException e) {
      LOG.warning("SIG" + name + " cannot be handled here: " + e.getMessage());
    }
  }

  /** A signal the JVM's name table does not know, registered by number. */
  static boolean byNumber(int number, String name, IntConsumer action) {
    try {
      Class<?> signal = Class.forName("jdk.internal.misc.Signal");
      Class<?> handler = Class.forName("jdk.internal.misc.Signal$Handler");
      Constructor<?> make = signal.getConstructor(String.class);
      Object s = make.newInstance("HUP");
      Field num = signal.getDeclaredField("number");
      Field label = signal.getDeclaredField("name");
      num.setAccessible(true);
      label.setAccessible(true);
      num.setInt(s, number);
      label.set(s, name);
      Object h = Proxy.newProxyInstance(KeepalivedSignals.class.getClassLoader(), new Class<?>[] {handler},
          (proxy, m, args) -> {
            if (m.getName().equals("handle")) {
              run(name, action, number);
              return null;
            }
            return switch (m.getName()) {
              case "toString" -> "vertalived handler of SIG" + name;
              case "hashCode" -> System.identityHashCode(proxy);
              case "equals" -> proxy == args[0];
              default -> null;
            };
          });
      Method handle = signal.getMethod("handle", signal, handler);
      handle.invoke(null, s, h);
      return true;
    } catch (InvocationTargetException e) {
      LOG.warning("SIG" + name + " (" + number + ") cannot be handled here: " + e.getCause().getMessage());
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.warning("SIG" + name + " (" + number + ") cannot be handled here (" + e.getClass().getSimpleName()
          + ": " + e.getMessage() + "); start with java -jar vertalived.jar, or give"
          + " --add-opens java.base/jdk.internal.misc=ALL-UNNAMED");
    }
    return false;
  }

  /** On the JVM's signal thread: hands off at once, never throws. */
  private static void run(String name, IntConsumer action, int number) {
    try {
      action.accept(number);
    } catch (RuntimeException e) {
      LOG.warning("SIG" + name + ": " + e.getMessage());
    }
  }
}
