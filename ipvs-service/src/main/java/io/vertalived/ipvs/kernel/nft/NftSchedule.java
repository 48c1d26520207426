package io.vertalived.ipvs.kernel.nft;

import io.vertalived.ipvs.table.ForwardMethod;
import io.vertalived.ipvs.table.LvsDestination;
import io.vertalived.ipvs.table.LvsService;
import io.vertalived.ipvs.table.LvsVirtualService;
import io.vertalived.ipvs.table.ServiceKey;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * How the nftables backend spreads a virtual service's connections (pure): a list of slots, each a destination,
 * chosen per new connection by an incrementing counter ({@code rr}, {@code wrr}) or by a hash of the client's address
 * ({@code sh}, {@code mh}, and any persistent service: the same client keeps its real server while the set of real
 * servers does not change; the persistence granularity masks the address first, {@code sh-port}/{@code mh-port} add the
 * source port). {@code rr} gives each live destination one slot; the others give each as many as its weight (divided by
 * the weights' common divisor, scaled down to at most {@link #MAX_SLOTS}), interleaved as a smooth weighted round
 * robin. What nftables cannot do as IPVS does is refused with the reason: forwarding other than NAT, IPv6, the
 * schedulers that need connection counts.
 */
public record NftSchedule(Selector selector, List<LvsDestination> slots, int sourceMask) {
  public static final int MAX_SLOTS = 1024;
  /** The schedulers this backend can express. */
  public static final List<String> SCHEDULERS = List.of("rr", "wrr", "sh", "mh");

  public enum Selector { COUNTER, SOURCE_HASH, SOURCE_PORT_HASH }

  /** Thrown for a service this backend cannot program; the message says why, naming the backend. */
  public static final class Unsupported extends Exception {
    public Unsupported(String message) {
      super(message);
    }
  }

  /** Whether this backend can program {@code s}; null when it can, else why not. */
  public static String refusal(LvsService s, Iterable<LvsDestination> dests) {
    if (s.key().family() != ServiceKey.AF_INET) {
      return "the nftables backend balances IPv4 only (" + s.key() + ")";
    }
    if (!s.key().isFwmark() && s.key().port() == 0) {
      return "the nftables backend needs a port for " + s.key() + " (IPVS's port 0 takes every port)";
    }
    if (!SCHEDULERS.contains(s.scheduler())) {
      return "the nftables backend cannot schedule by " + s.scheduler() + " (it needs IPVS's connection counts) for "
          + s.key() + ": use lb_algo rr, wrr, sh or mh, or a kernel with IPVS";
    }
    for (LvsDestination d : dests) {
      if (d.method() != ForwardMethod.NAT) {
        return "the nftables backend forwards by NAT only; " + d.endpoint() + " of " + s.key() + " is "
            + d.method() + ": use lb_kind NAT, or a kernel with IPVS";
      }
      if (d.address().isIpv6()) {
        return "the nftables backend balances IPv4 only (" + d.endpoint() + " of " + s.key() + ")";
      }
    }
    return null;
  }

  public static NftSchedule of(LvsVirtualService vs) throws Unsupported {
    LvsService s = vs.service();
    String why = refusal(s, vs.destinations().values());
    if (why != null) {
      throw new Unsupported(why);
    }
    List<LvsDestination> live = vs.destinations().values().stream().filter(d -> d.weight() > 0).toList();
    boolean hashed = s.scheduler().equals("sh") || s.scheduler().equals("mh")
        || (s.flags() & LvsService.F_PERSISTENT) != 0;
    boolean withPort = (s.flags() & LvsService.F_SCHED2) != 0 && !s.key().isFwmark()
        && (s.scheduler().equals("sh") || s.scheduler().equals("mh"));
    Selector selector = !hashed ? Selector.COUNTER : withPort ? Selector.SOURCE_PORT_HASH : Selector.SOURCE_HASH;
    int mask = (s.flags() & LvsService.F_PERSISTENT) != 0 ? s.netmask() : -1;
    List<LvsDestination> slots = s.scheduler().equals("rr") ? live : weighted(live);
    return new NftSchedule(selector, slots, mask);
  }

  /** Each destination weight times (reduced), interleaved as a smooth weighted round robin (nginx's). */
  static List<LvsDestination> weighted(List<LvsDestination> live) {
    if (live.isEmpty()) {
      return List.of();
    }
    long[] w = new long[live.size()];
    BigInteger gcd = BigInteger.ZERO;
    long total = 0;
    for (int i = 0; i < w.length; i++) {
      w[i] = live.get(i).weight();
      gcd = gcd.gcd(BigInteger.valueOf(w[i]));
    }
    for (int i = 0; i < w.length; i++) {
      w[i] /= gcd.longValue();
      total += w[i];
    }
    if (total > MAX_SLOTS) {
      long scaled = 0;
      for (int i = 0; i < w.length; i++) {
        w[i] = Math.max(1, w[i] * (MAX_SLOTS - w.length) / total);
        scaled += w[i];
      }
      total = scaled;
    }
    long[] current = new long[w.length];
    List<LvsDestination> out = new ArrayList<>((int) total);
    for (long n = 0; n < total; n++) {
      int best = 0;
      for (int i = 0; i < w.length; i++) {
        current[i] += w[i];
        if (current[i] > current[best]) {
          best = i;
        }
      }
      current[best] -= total;
      out.add(live.get(best));
    }
    return out;
  }
}
