package io.vertalived.core.config.model;

/**
 * vertalived's {@code vertalived_lvs { backend auto|ipvs|nftables }} (docs/ipvs.md): where the ipvs service programs
 * the virtual servers. {@code auto} (the default): IPVS when the kernel has it, else nftables.
 */
public record LvsSettings(String backend) {
  public static final String AUTO = "auto";
  public static final String IPVS = "ipvs";
  public static final String NFTABLES = "nftables";
  public static final LvsSettings DEFAULT = new LvsSettings(AUTO);
}
