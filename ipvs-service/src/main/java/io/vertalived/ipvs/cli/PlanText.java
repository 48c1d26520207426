package io.vertalived.ipvs.cli;

import io.vertalived.core.config.model.KeepalivedConfig;
import io.vertalived.ipvs.desired.DesiredTable;
import io.vertalived.ipvs.desired.HealthBoard;
import io.vertalived.ipvs.desired.QuorumBoard;
import io.vertalived.ipvs.reconcile.LvsOperation;
import io.vertalived.ipvs.reconcile.TableDiff;
import io.vertalived.ipvs.table.LvsTable;
import java.util.List;

/**
 * What the ipvs service would do to a kernel table for a configuration when it starts (every real server as
 * keepalived assumes it at start: alive unless {@code alpha}), without doing it (pure).
 */
public final class PlanText {
  private PlanText() {}

  public static List<LvsOperation> plan(KeepalivedConfig config, LvsTable kernel) {
    HealthBoard health = new HealthBoard();
    QuorumBoard quorum = new QuorumBoard();
    quorum.configure(config, health);
    LvsTable desired = DesiredTable.of(config, health, quorum::up);
    return TableDiff.plan(desired, kernel, desired.services().keySet());
  }

  public static String of(KeepalivedConfig config, LvsTable kernel) {
    List<LvsOperation> ops = plan(config, kernel);
    if (ops.isEmpty()) {
      return "nothing to change: the kernel's table already holds this configuration\n";
    }
    StringBuilder b = new StringBuilder();
    ops.forEach(op -> b.append(op).append('\n'));
    return b.append(ops.size()).append(" operations (not applied)\n").toString();
  }
}
