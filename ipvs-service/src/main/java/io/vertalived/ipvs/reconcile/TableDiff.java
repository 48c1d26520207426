package io.vertalived.ipvs.reconcile;

import io.vertalived.ipvs.reconcile.LvsOperation.AddDestination;
import io.vertalived.ipvs.reconcile.LvsOperation.AddService;
import io.vertalived.ipvs.reconcile.LvsOperation.DeleteDestination;
import io.vertalived.ipvs.reconcile.LvsOperation.DeleteService;
import io.vertalived.ipvs.reconcile.LvsOperation.EditDestination;
import io.vertalived.ipvs.reconcile.LvsOperation.EditService;
import io.vertalived.ipvs.table.LvsDestination;
import io.vertalived.ipvs.table.LvsTable;
import io.vertalived.ipvs.table.LvsVirtualService;
import io.vertalived.ipvs.table.ServiceKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The smallest ordered list of operations that turns the kernel's table into the desired one (pure).
 *
 * <ul>
 *   <li>Only services we own are touched: desired ones, and those in {@code owned} (ours before, no longer
 *       desired). Anything else in the kernel is someone else's and left alone.</li>
 *   <li>A changed setting is an edit (SET), never a delete and an add; a changed weight too.</li>
 *   <li>Additions and edits that keep or raise a weight come first, then edits that lower one, then deletions;
 *       services are added before and deleted after everything else: a service that had live destinations never
 *       passes through none (a sorry server goes in before the last real server goes out or drops to 0).</li>
 * </ul>
 */
public final class TableDiff {
  private TableDiff() {}

  public static List<LvsOperation> plan(LvsTable desired, LvsTable actual, Set<ServiceKey> owned) {
    return plan(desired, actual, owned, null);
  }

  /**
   * {@link #plan}, looking only at the services of {@code only} (those a health change touched), or at all when
   * null: a change of one virtual server costs the same whatever the size of the table.
   */
  public static List<LvsOperation> plan(LvsTable desired, LvsTable actual, Set<ServiceKey> owned,
                                        Set<ServiceKey> only) {
    return plan(desired.services(), actual.services(), owned, only);
  }

  /**
   * {@link #plan} over maps of services by key; with {@code only}, {@code desired} needs to hold only the services of
   * {@code only} (what a health change made of them).
   */
  public static List<LvsOperation> plan(Map<ServiceKey, LvsVirtualService> desired,
                                        Map<ServiceKey, LvsVirtualService> actual, Set<ServiceKey> owned,
                                        Set<ServiceKey> only) {
    List<LvsOperation> adds = new ArrayList<>();
    List<LvsOperation> lowers = new ArrayList<>();
    List<LvsOperation> deletes = new ArrayList<>();
    List<LvsOperation> serviceDeletes = new ArrayList<>();
    Set<ServiceKey> keys = new TreeSet<>();
    if (only == null) {
      keys.addAll(desired.keySet());
      for (ServiceKey k : owned) {
        if (actual.containsKey(k)) {
          keys.add(k);
        }
      }
    } else {
      for (ServiceKey k : only) {
        if (desired.containsKey(k) || owned.contains(k) && actual.containsKey(k)) {
          keys.add(k);
        }
      }
    }
    for (ServiceKey k : keys) {
      LvsVirtualService want = desired.get(k);
      LvsVirtualService have = actual.get(k);
      if (want == null) {
        serviceDeletes.add(new DeleteService(k));
        continue;
      }
      Map<String, LvsDestination> haveDests = Map.of();
      if (have == null) {
        adds.add(new AddService(want.service()));
      } else {
        haveDests = have.destinations();
        if (!want.service().equals(have.service())) {
          adds.add(new EditService(want.service(), have.service()));
        }
      }
      for (LvsDestination d : want.destinations().values()) {
        LvsDestination h = haveDests.get(d.endpoint());
        if (h == null) {
          adds.add(new AddDestination(k, d));
        } else if (!h.equals(d)) {
          (d.weight() < h.weight() ? lowers : adds).add(new EditDestination(k, d, h));
        }
      }
      for (LvsDestination h : haveDests.values()) {
        if (!want.destinations().containsKey(h.endpoint())) {
          deletes.add(new DeleteDestination(k, h));
        }
      }
    }
    List<LvsOperation> out = new ArrayList<>(adds.size() + lowers.size() + deletes.size() + serviceDeletes.size());
    out.addAll(adds);
    out.addAll(lowers);
    out.addAll(deletes);
    out.addAll(serviceDeletes);
    return out;
  }

  /** The table after {@code ops} (pure): what the kernel holds once they are applied. */
  public static LvsTable apply(LvsTable table, List<LvsOperation> ops) {
    Map<ServiceKey, LvsVirtualService> m = new java.util.HashMap<>(table.services());
    applyTo(m, ops);
    return new LvsTable(m);
  }

  /** The services of {@code table} whose keys are in {@code keys} (a new map). */
  public static Map<ServiceKey, LvsVirtualService> subset(Map<ServiceKey, LvsVirtualService> table,
                                                          Iterable<ServiceKey> keys) {
    Map<ServiceKey, LvsVirtualService> out = new java.util.HashMap<>();
    for (ServiceKey k : keys) {
      LvsVirtualService v = table.get(k);
      if (v != null) {
        out.put(k, v);
      }
    }
    return out;
  }

  /** For each of {@code keys}: {@code to} takes what {@code from} holds for it, or loses it when {@code from} has none. */
  public static void copyKeys(Map<ServiceKey, LvsVirtualService> from, Iterable<ServiceKey> keys,
                              Map<ServiceKey, LvsVirtualService> to) {
    for (ServiceKey k : keys) {
      LvsVirtualService v = from.get(k);
      if (v == null) {
        to.remove(k);
      } else {
        to.put(k, v);
      }
    }
  }

  /** {@link #apply} in place, on a map of services by key that holds at least the services {@code ops} touch. */
  public static void applyTo(Map<ServiceKey, LvsVirtualService> m, List<LvsOperation> ops) {
    for (LvsOperation op : ops) {
      LvsVirtualService s = m.get(op.key());
      if (op instanceof AddService a) {
        m.put(a.key(), new LvsVirtualService(a.service(), Map.of()));
      } else if (op instanceof EditService e) {
        m.put(e.key(), new LvsVirtualService(e.service(), s.destinations()));
      } else if (op instanceof DeleteService) {
        m.remove(op.key());
      } else if (op instanceof AddDestination a) {
        m.put(a.key(), withDest(s, a.destination()));
      } else if (op instanceof EditDestination e) {
        m.put(e.key(), withDest(s, e.destination()));
      } else if (op instanceof DeleteDestination d) {
        Map<String, LvsDestination> dests = new java.util.TreeMap<>(s.destinations());
        dests.remove(d.destination().endpoint());
        m.put(d.key(), new LvsVirtualService(s.service(), dests));
      }
    }
  }

  private static LvsVirtualService withDest(LvsVirtualService s, LvsDestination d) {
    Map<String, LvsDestination> dests = new java.util.TreeMap<>(s.destinations());
    dests.put(d.endpoint(), d);
    return new LvsVirtualService(s.service(), dests);
  }
}
