package io.vertalived.launcher;

import java.util.logging.LogManager;

/**
 * JUL resets its handlers in a shutdown hook of its own, racing ours: the lines logged while the
 * services stop would be lost. This manager ignores that reset; {@link #finish()} does it after
 * the services are down. Installed by {@link Main} through the {@code java.util.logging.manager}
 * property.
 */
public final class ShutdownSafeLogManager extends LogManager {
  private static volatile boolean finished;

  @Override
  public void reset() {
    if (finished || !shuttingDown()) {
      super.reset();
    }
  }

  private static boolean shuttingDown() {
    try {
      Thread probe = new Thread(() -> { });
      Runtime.getRuntime().addShutdownHook(probe);
      Runtime.getRuntime().removeShutdownHook(probe);
      return false;
    } catch (IllegalStateException e) {
      return true;
    }
  }

  /** Flushes and closes the handlers at the very end of shutdown. */
  static void finish() {
    finished = true;
    LogManager m = LogManager.getLogManager();
    if (m instanceof ShutdownSafeLogManager) {
      m.reset();
    }
  }
}
