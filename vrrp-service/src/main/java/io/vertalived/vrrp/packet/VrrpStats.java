package io.vertalived.vrrp.packet;

/**
 * keepalived's per-instance counters (its {@code /tmp/keepalived.stats} layout, keepalived(8) SIGNALS).
 * Owned by the instance's event loop; read through {@link #snapshot()}.
 */
public final class VrrpStats {
  long advertRcvd;
  long advertSent;
  long becomeMaster;
  long releaseMaster;
  long packetLenErr;
  long ipTtlErr;
  long invalidTypeRcvd;
  long advertIntervalErr;
  long addrListErr;
  long invalidAuthType;
  long authTypeMismatch;
  long authFailure;
  long priZeroRcvd;
  long priZeroSent;

  /** An immutable copy of the counters, named as in keepalived's JSON dump. */
  public record Snapshot(long advertRcvd, long advertSent, long becomeMaster, long releaseMaster,
                         long packetLenErr, long ipTtlErr, long invalidTypeRcvd,
                         long advertIntervalErr, long addrListErr, long invalidAuthType,
                         long authTypeMismatch, long authFailure, long priZeroRcvd,
                         long priZeroSent) {}

  /** keepalived's STATS_CLEAR: every counter back to 0. */
  public void clear() {
    advertRcvd = advertSent = becomeMaster = releaseMaster = packetLenErr = ipTtlErr = invalidTypeRcvd = 0;
    advertIntervalErr = addrListErr = invalidAuthType = authTypeMismatch = authFailure = priZeroRcvd = priZeroSent = 0;
  }

  public Snapshot snapshot() {
    return new Snapshot(advertRcvd, advertSent, becomeMaster, releaseMaster, packetLenErr,
        ipTtlErr, invalidTypeRcvd, advertIntervalErr, addrListErr, invalidAuthType,
        authTypeMismatch, authFailure, priZeroRcvd, priZeroSent);
  }

  public void advertSent(int priority) {
    advertSent++;
    if (priority == 0) {
      priZeroSent++;
    }
  }

  public void becameMaster() {
    becomeMaster++;
  }

  public void releasedMaster() {
    releaseMaster++;
  }
}
