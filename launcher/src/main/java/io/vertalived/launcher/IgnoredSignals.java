package io.vertalived.launcher;

import io.vertalived.core.net.LibC;
import java.util.logging.Logger;

/**
 * Signals the process was started with ignored, taken back before vertalived's handlers are installed. A
 * disposition of "ignore" is inherited across exec: {@code nohup} leaves SIGHUP ignored, a non-interactive shell's
 * background job SIGINT. HotSpot then installs no handler for such a signal (it keeps an ignored HUP, INT or TERM
 * ignored: {@code Signal.handle} only answers {@code SIG_IGN}), so SIGHUP would not reload and SIGINT not stop, where
 * keepalived takes its signals (keepalived(8) SIGNALS) whatever it inherited. Such a signal is set back to its default
 * action (sigaction(2)) and its handler installed again ({@link KeepalivedSignals}); the log says so. A JVM that
 * refuses the signal outright ({@code -Xrs}) is left as it is.
 */
final class IgnoredSignals {
  private static final Logger LOG = Logger.getLogger("io.vertalived.launcher");
  /** {@code struct sigaction} is 152 bytes on x86-64 and arm64; all zero is SIG_DFL with no flags. */
  private static final int SIGACTION_BYTES = 256;

  private IgnoredSignals() {}

  /**
   * Sets signal {@code number} ({@code SIG}{@code name}), which the JVM said it keeps ignored, back to its default
   * action; whether it could.
   */
  static boolean takeBack(int number, String name) {
    try {
      if (LibC.sigaction(number, new byte[SIGACTION_BYTES], null) != 0) {
        LOG.warning("SIG" + name + " was ignored when vertalived started and cannot be taken back: "
            + LibC.strerror(com.sun.jna.Native.getLastError()));
        return false;
      }
      LOG.info("SIG" + name + " was ignored when vertalived started (as nohup leaves it): taken back, as keepalived"
          + " takes its signals");
      return true;
    } catch (LinkageError | RuntimeException e) { // no C library through JNA here: the signal stays ignored
      LOG.warning("SIG" + name + " was ignored when vertalived started and cannot be taken back here: " + e);
      return false;
    }
  }
}
