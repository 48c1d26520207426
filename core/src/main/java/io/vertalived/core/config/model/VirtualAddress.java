package io.vertalived.core.config.model;

/**
 * One line of {@code virtual_ipaddress}, {@code virtual_ipaddress_excluded} or
 * {@code static_ipaddress} (keepalived.conf(5) VRRP instance(s)):
 * {@code IP[/PREFIX] [brd IP|+|-] [dev IF] [scope S] [label L] [peer IP] [home] [-nodad]
 * [mngtmpaddr] [noprefixroute] [autojoin] [no_track] [preferred_lft N|forever]}.
 * {@code device} is null when the VIP goes on the instance interface.
 */
public record VirtualAddress(
    IpAddress address,
    int prefixLength,
    String broadcast,
    String device,
    String scope,
    String label,
    IpAddress peer,
    boolean home,
    boolean noDad,
    boolean manageTempAddress,
    boolean noPrefixRoute,
    boolean autoJoin,
    boolean noTrack,
    String preferredLifetime,
    boolean useVmac) {

  /** The address as {@code ip/prefix}. */
  public String cidr() {
    return address + "/" + prefixLength;
  }
}
