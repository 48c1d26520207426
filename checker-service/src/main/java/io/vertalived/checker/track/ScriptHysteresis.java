package io.vertalived.checker.track;

/**
 * keepalived's {@code vrrp_script} result counter (keepalived.conf(5) VRRP script(s)): {@code result} in
 * [0, rise+fall-1], OK when {@code result >= rise}. It starts at rise-1 (0 with
 * {@code init_fail}), so the first result decides at once; after that the state changes only
 * after {@code fall} consecutive failures or {@code rise} consecutive successes: successes climb
 * to rise-1 then jump to the top, failures descend to rise then jump to 0. Pure.
 */
public final class ScriptHysteresis {
  private final int rise;
  private final int fall;
  private int result;
  private Boolean state;

  public ScriptHysteresis(int rise, int fall, boolean initFail) {
    this.rise = Math.max(1, rise);
    this.fall = Math.max(1, fall);
    this.result = initFail ? 0 : this.rise - 1;
  }

  /** Records one run; returns true when the state changed (or this was the first result). */
  public boolean record(boolean success) {
    if (success) {
      if (result < rise - 1) {
        result++;
      } else {
        result = rise + fall - 1;
      }
    } else {
      if (result > rise) {
        result--;
      } else {
        result = 0;
      }
    }
    boolean ok = result >= rise;
    boolean changed = state == null || state != ok;
    state = ok;
    return changed;
  }

  /** OK, failed, or null before the first result. */
  public Boolean state() {
    return state;
  }
}
