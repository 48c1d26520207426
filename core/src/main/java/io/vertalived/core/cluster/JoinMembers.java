package io.vertalived.core.cluster;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The cluster's members as Hazelcast's TCP-IP join takes them, from {@code --cluster-members}:
 * addresses and ranges ({@code 198.18.100.2-40}) as given, and names — a compose service
 * ({@code checker}), a host — replaced by every IPv4 address the resolver gives for them when the
 * process starts. Docker's DNS answers a service's name with the address of each of its replicas,
 * so scaled replicas find each other; one that starts later finds the earlier ones through
 * them, and Hazelcast's merge joins two that started at once without seeing each other.
 * With a network as {@code --cluster-interface}, only a name's addresses in that network are
 * taken (a container on two networks resolves a name to both).
 */
public final class JoinMembers {
  /** Resolves a name to its addresses; {@link InetAddress#getAllByName} outside tests. */
  public interface Resolver {
    InetAddress[] resolve(String name) throws UnknownHostException;
  }

  private JoinMembers() {}

  /** The members for Hazelcast; a name that does not resolve is skipped with a warning. */
  public static List<String> expand(List<String> members, String interfaceSpec, Resolver resolver,
      Consumer<String> warn) {
    Predicate<InetAddress> wanted = interfaceSpec != null && interfaceSpec.contains("/")
        ? InterfaceAddress.network(interfaceSpec) : a -> true;
    Set<String> out = new LinkedHashSet<>();
    for (String member : members) {
      String host = member;
      String port = "";
      int colon = member.lastIndexOf(':');
      if (colon > 0 && member.indexOf(':') == colon && member.substring(colon + 1).matches("[0-9]+")) {
        host = member.substring(0, colon);
        port = member.substring(colon);
      }
      if (!isName(host)) {
        out.add(member);
        continue;
      }
      List<String> found = new ArrayList<>();
      List<String> elsewhere = new ArrayList<>();
      try {
        for (InetAddress a : resolver.resolve(host)) {
          if (a instanceof Inet4Address) {
            (wanted.test(a) ? found : elsewhere).add(a.getHostAddress() + port);
          }
        }
      } catch (UnknownHostException e) {
        warn.accept("cluster member '" + host + "' does not resolve (yet): skipped; a member that starts"
            + " later finds this one");
        continue;
      }
      if (found.isEmpty() && elsewhere.isEmpty()) {
        warn.accept("cluster member '" + host + "' has no IPv4 address: skipped");
      }
      // a name known only outside the cluster's network is still tried
      out.addAll(found.isEmpty() ? elsewhere : found);
    }
    return List.copyOf(out);
  }

  /** A host name, not an IPv4 address, range ({@code 10.0.0.1-9}), wildcard or IPv6 address. */
  static boolean isName(String host) {
    return !host.isEmpty() && !host.matches("[0-9.*\\-]+") && !host.contains(":") && !host.startsWith("[");
  }
}
