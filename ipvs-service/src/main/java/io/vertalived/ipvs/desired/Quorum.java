package io.vertalived.ipvs.desired;

/**
 * A virtual server's quorum (keepalived.conf(5) {@code quorum}, {@code hysteresis}; keepalived's update_quorum_state):
 * gained when the sum of the weights of the alive real servers reaches {@code quorum + hysteresis}, lost when it falls
 * below {@code quorum - hysteresis} or to 0. At start it is up iff the sum reaches {@code quorum + hysteresis}.
 */
public final class Quorum {
  private final int quorum;
  private final int hysteresis;
  private boolean up;

  private Quorum(int quorum, int hysteresis, boolean up) {
    this.quorum = quorum;
    this.hysteresis = hysteresis;
    this.up = up;
  }

  /** The state at start, for the weight alive then. */
  public static Quorum initial(int quorum, int hysteresis, long aliveWeight) {
    return new Quorum(quorum, hysteresis, aliveWeight >= (long) quorum + hysteresis);
  }

  public boolean up() {
    return up;
  }

  /** The threshold that would change the state now: {@code quorum -/+ hysteresis}. */
  public long threshold() {
    return (long) quorum + (up ? -1L : 1L) * hysteresis;
  }

  /** The alive weight changed: answers the change ({@code up} now) or null when the state stays. */
  public Change update(long aliveWeight) {
    long threshold = threshold();
    if (!up && aliveWeight >= threshold) {
      up = true;
      return new Change(true, threshold, aliveWeight, logLine(true, threshold, aliveWeight));
    }
    if (up && (aliveWeight == 0 || aliveWeight < threshold)) {
      up = false;
      return new Change(false, threshold, aliveWeight, logLine(false, threshold, aliveWeight));
    }
    return null;
  }

  /** keepalived's words, without the {@code for VS ...} tail. */
  private String logLine(boolean gained, long threshold, long weight) {
    return gained ? "Gained quorum " + quorum + "+" + hysteresis + "=" + threshold + " <= " + weight
        : "Lost quorum " + quorum + "-" + hysteresis + "=" + threshold + " > " + weight;
  }

  /** A change of state, with keepalived's log line. */
  public record Change(boolean up, long threshold, long aliveWeight, String logLine) {}
}
