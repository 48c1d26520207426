package io.vertalived.core.net.netlink;

import java.util.Map;

/**
 * A generic netlink family as the kernel's controller ({@code nlctrl}) describes it: its id for
 * nlmsg_type, version, user header size, highest attribute and multicast groups by name.
 */
public record GenericNetlinkFamily(int id, String name, int version, int headerSize, int maxAttribute,
                                   Map<String, Integer> multicastGroups) {
  public GenericNetlinkFamily {
    multicastGroups = Map.copyOf(multicastGroups);
  }
}
