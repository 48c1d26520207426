package io.vertalived.ipvs.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static io.vertalived.ipvs.Tables.FOREIGN;
import static io.vertalived.ipvs.Tables.WEB;
import static io.vertalived.ipvs.Tables.dest;
import static io.vertalived.ipvs.Tables.svc;
import static io.vertalived.ipvs.Tables.table;

import io.vertalived.ipvs.table.LvsTable;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TableDiffTest {
  @Test
  void fromEmptyServicesComeBeforeTheirDestinations() {
    LvsTable want = table(svc(WEB, "rr", dest("198.18.0.2", 1), dest("198.18.0.3", 1)));
    List<LvsOperation> plan = TableDiff.plan(want, LvsTable.EMPTY, Set.of());
    assertEquals(List.of("add service TCP  198.18.0.1:80 rr", "add 198.18.0.2:80 to TCP  198.18.0.1:80 weight 1",
        "add 198.18.0.3:80 to TCP  198.18.0.1:80 weight 1"), plan.stream().map(Object::toString).toList());
    assertEquals(want, TableDiff.apply(LvsTable.EMPTY, plan));
  }

  @Test
  void aWeightOrSchedulerChangeIsAnEditNeverADeleteAndAdd() {
    LvsTable have = table(svc(WEB, "rr", dest("198.18.0.2", 1)));
    LvsTable want = table(svc(WEB, "wrr", dest("198.18.0.2", 5)));
    List<LvsOperation> plan = TableDiff.plan(want, have, Set.of(WEB));
    assertEquals(List.of("edit service TCP  198.18.0.1:80 wrr", "edit 198.18.0.2:80 of TCP  198.18.0.1:80 weight 1 -> 5"),
        plan.stream().map(Object::toString).toList());
  }

  @Test
  void theReplacementGoesInBeforeTheLastRealServerGoesOut() {
    LvsTable have = table(svc(WEB, "rr", dest("198.18.0.2", 1)));
    LvsTable want = table(svc(WEB, "rr", dest("198.18.0.9", 1)));
    List<LvsOperation> plan = TableDiff.plan(want, have, Set.of(WEB));
    assertTrue(plan.get(0) instanceof LvsOperation.AddDestination);
    assertTrue(plan.get(1) instanceof LvsOperation.DeleteDestination);
  }

  @Test
  void servicesOfOthersAreLeftAloneAndOursNoLongerWantedAreRemoved() {
    LvsTable have = table(svc(WEB, "rr", dest("198.18.0.2", 1)), svc(FOREIGN, "wlc", dest("198.18.0.51", 1)));
    assertEquals(List.of(), TableDiff.plan(table(svc(WEB, "rr", dest("198.18.0.2", 1))), have, Set.of(WEB)));
    assertEquals(List.of(new LvsOperation.DeleteService(WEB)), TableDiff.plan(LvsTable.EMPTY, have, Set.of(WEB)));
  }

  @Test
  void aConvergedTableNeedsNothing() {
    LvsTable t = table(svc(WEB, "rr", dest("198.18.0.2", 1)));
    assertTrue(TableDiff.plan(t, t, Set.of(WEB)).isEmpty());
  }
}
