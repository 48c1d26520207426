package io.vertalived.core.bus;

/**
 * Every event-bus address of the suite, in one place. "publish" addresses carry events to all
 * consumers; "request" addresses answer one requester. docs/event-bus.md documents each body.
 */
public final class Addresses {
  private Addresses() {}

  /** publish {@link VrrpTransition}: an instance or sync group changed state. */
  public static final String VRRP_TRANSITION = "vertalived.vrrp.transition";
  /** request {@code {"instance": NAME?}} to one node → reply {@code {"instances": [InstanceStatus...]}}. */
  public static String vrrpStatus(String node) {
    return "vertalived.vrrp.status." + node;
  }

  /** request {@code {"instance": NAME?}} to one node → reply {@code {"instances": [InstanceStats...]}}. */
  public static String vrrpStats(String node) {
    return "vertalived.vrrp.stats." + node;
  }

  /**
   * publish {@link CheckResult}: one health check finished. Every result reaches the consumers in
   * the JVM of the checker instance that ran it; across the cluster go the results that say
   * something new of their check (its state, reason or dynamic weight changed, or it is the first
   * since the instance took the check), so that the cluster's traffic follows changes, not the
   * check rate. The latest result of every check, with its latency, is on {@link #CHECK_STATE}.
   */
  public static final String CHECK_RESULT = "vertalived.checker.result";
  /**
   * request {@code {}} → reply {@code {"checks": [CheckResult...]}}: the latest result of every
   * check of the cluster (the answering instance gathers each live instance's own, see
   * {@link #checkerOwnState}).
   */
  public static final String CHECK_STATE = "vertalived.checker.state";
  /**
   * publish {@code {"checker": ID, "leaving": bool}} every 500 ms by each checker instance: the
   * heartbeats the real-server checks are placed by (docs/checker-placement.md).
   */
  public static final String CHECKER_MEMBERS = "vertalived.checker.members";
  /**
   * publish {@code {"checker": ID, "results": [CheckResult...]}} every second by each checker
   * instance while there are others: those of its results of that second that said something new
   * (see {@link #CHECK_RESULT}), in one message. The checker instances keep each other's checks
   * from these (a taken-over real server goes on from them).
   */
  public static final String CHECKER_RETAINED = "vertalived.checker.retained";
  /**
   * request {@code {"reset": bool?}} to one checker instance (its id from the heartbeats) → reply
   * {@code {"checker", "realServers", "checks", "checksRun", "failures", "inFlight",
   * "lagSamples", "lagP50Ms", "lagP99Ms", "lagMaxMs", "lagBuckets": {"UPPER_MICROS": COUNT}}}: what
   * it owns and how late its checks started against their due time since it started or since the
   * last {@code reset} (the buckets, of about 3% width, let several replies be merged).
   */
  public static String checkerStats(String checkerInstance) {
    return "vertalived.checker.stats." + checkerInstance;
  }

  /**
   * request {@code {}} to one checker instance → reply {@code {"checks": [CheckResult...]}}: the
   * latest result of each check it owns now.
   */
  public static String checkerOwnState(String checkerInstance) {
    return "vertalived.checker.state." + checkerInstance;
  }

  /** publish {@link RealServerState}: a real server became alive or dead. */
  public static final String REAL_SERVER_STATE = "vertalived.checker.realserver";
  /** publish {@link ConfigReloaded}: a configuration was loaded (at start and on reload). */
  public static final String CONFIG_RELOADED = "vertalived.config.reloaded";
  /** request {@code {}} → reply {@link ConfigReloaded} describing the running configuration. */
  public static final String CONFIG_CURRENT = "vertalived.config.current";

  /**
   * publish {@link TrackResult}: tracker results of one node (vrrp_script, track_process,
   * track_file), consumed by that node's VRRP instances. Per node, since trackers are local.
   */
  public static String trackResults(String node) {
    return "vertalived.track." + node;
  }

  /**
   * request {@code {"command": "handover" | "resume-preempt", "instance": NAME}} to the VRRP
   * service of one node → reply {@code {"instance", "handedOver", "outcome"}}; failures carry
   * 400 (bad request), 404 (no such instance) or 409 (refused, e.g. not MASTER).
   */
  public static String vrrpCommand(String node) {
    return "vertalived.vrrp.command." + node;
  }

  /** request {@code {}} → reply {@code {"results": [TrackResult...]}}: the node's latest results. */
  public static String trackState(String node) {
    return "vertalived.track.state." + node;
  }
}
