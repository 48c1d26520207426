package io.vertalived.core.config.model;

/**
 * Notify scripts of an instance or sync group (keepalived.conf(5) VRRP instance(s)). {@code generic} is {@code notify},
 * one that receives keepalived's four arguments; any may be null.
 */
public record NotifyScripts(
    ScriptCommand master,
    ScriptCommand backup,
    ScriptCommand fault,
    ScriptCommand stop,
    ScriptCommand deleted,
    ScriptCommand masterRxLowerPri,
    ScriptCommand generic) {

  public static final NotifyScripts NONE = new NotifyScripts(null, null, null, null, null, null, null);

  public boolean any() {
    return master != null || backup != null || fault != null || stop != null || deleted != null
        || masterRxLowerPri != null || generic != null;
  }
}
