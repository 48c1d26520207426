package io.vertalived.ipvs;

import io.vertalived.core.config.model.IpAddress;
import io.vertalived.ipvs.table.ForwardMethod;
import io.vertalived.ipvs.table.LvsDestination;
import io.vertalived.ipvs.table.LvsService;
import io.vertalived.ipvs.table.LvsTable;
import io.vertalived.ipvs.table.LvsVirtualService;
import io.vertalived.ipvs.table.ServiceKey;
import java.util.LinkedHashMap;
import java.util.Map;

/** Small kernel tables written by hand, for tests. */
public final class Tables {
  public static final ServiceKey WEB = ServiceKey.ofAddress("TCP", ip("198.18.0.1"), 80);
  /** A service someone else put in the kernel. */
  public static final ServiceKey FOREIGN = ServiceKey.ofAddress("TCP", ip("198.18.0.50"), 80);

  private Tables() {}

  public static IpAddress ip(String s) {
    return IpAddress.parse(s).orElseThrow();
  }

  public static LvsDestination dest(String a, int weight) {
    return new LvsDestination(ip(a), 80, ForwardMethod.NAT, weight, 0, 0);
  }

  public static LvsVirtualService svc(ServiceKey k, String sched, LvsDestination... dests) {
    Map<String, LvsDestination> m = new LinkedHashMap<>();
    for (LvsDestination d : dests) {
      m.put(d.endpoint(), d);
    }
    return new LvsVirtualService(new LvsService(k, sched, 0, 0, -1, null), m);
  }

  public static LvsTable table(LvsVirtualService... s) {
    Map<ServiceKey, LvsVirtualService> m = new LinkedHashMap<>();
    for (LvsVirtualService v : s) {
      m.put(v.service().key(), v);
    }
    return new LvsTable(m);
  }

  /** A kernel holding only the foreign service. */
  public static LvsTable foreignOnly() {
    return table(svc(FOREIGN, "wlc", dest("198.18.0.51", 1)));
  }
}
