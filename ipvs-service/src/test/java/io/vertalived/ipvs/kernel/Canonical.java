package io.vertalived.ipvs.kernel;

import io.vertalived.ipvs.table.LvsDestination;
import io.vertalived.ipvs.table.LvsService;
import io.vertalived.ipvs.table.LvsTable;
import io.vertalived.ipvs.table.LvsVirtualService;

/** A table as sorted lines, one per service and destination with every field: what tests compare. */
final class Canonical {
  private Canonical() {}

  static String of(LvsTable t) {
    StringBuilder b = new StringBuilder();
    for (LvsVirtualService s : t.sorted()) {
      LvsService v = s.service();
      b.append(v.key()).append(" sched=").append(v.scheduler()).append(" flags=").append(v.flags())
          .append(" timeout=").append(v.timeout()).append(" netmask=").append(Integer.toUnsignedString(v.netmask()))
          .append(v.persistenceEngine() == null ? "" : " pe=" + v.persistenceEngine()).append('\n');
      for (LvsDestination d : s.destinations().values()) {
        b.append("  -> ").append(d.endpoint()).append(' ').append(d.method()).append(" w=").append(d.weight())
            .append(" x=").append(d.upperThreshold()).append(" y=").append(d.lowerThreshold())
            .append(d.tunnel() == null ? "" : " tunnel=" + d.tunnel()).append('\n');
      }
    }
    return b.toString();
  }
}
