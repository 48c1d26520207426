package io.vertalived.vrrp.dump;

import io.vertalived.vrrp.packet.VrrpStats;
import java.util.List;

/** keepalived 2.2.7's {@code keepalived.stats} (SIGUSR2; keepalived(8) SIGNALS), 19 lines per instance (pure). */
public final class VrrpStatsDump {
  private VrrpStatsDump() {}

  public static String text(List<InstanceSnapshot> instances) {
    StringBuilder b = new StringBuilder();
    for (InstanceSnapshot i : instances) {
      VrrpStats.Snapshot s = i.stats();
      b.append("VRRP Instance: ").append(i.vi().name()).append('\n')
          .append("  Advertisements:\n")
          .append("    Received: ").append(s.advertRcvd()).append('\n')
          .append("    Sent: ").append(s.advertSent()).append('\n')
          .append("  Became master: ").append(s.becomeMaster()).append('\n')
          .append("  Released master: ").append(s.releaseMaster()).append('\n')
          .append("  Packet Errors:\n")
          .append("    Length: ").append(s.packetLenErr()).append('\n')
          .append("    TTL: ").append(s.ipTtlErr()).append('\n')
          .append("    Invalid Type: ").append(s.invalidTypeRcvd()).append('\n')
          .append("    Advertisement Interval: ").append(s.advertIntervalErr()).append('\n')
          .append("    Address List: ").append(s.addrListErr()).append('\n')
          .append("  Authentication Errors:\n")
          .append("    Invalid Type: ").append(s.invalidAuthType()).append('\n')
          .append("    Type Mismatch: ").append(s.authTypeMismatch()).append('\n')
          .append("    Failure: ").append(s.authFailure()).append('\n')
          .append("  Priority Zero:\n")
          .append("    Received: ").append(s.priZeroRcvd()).append('\n')
          .append("    Sent: ").append(s.priZeroSent()).append('\n');
    }
    return b.toString();
  }
}
