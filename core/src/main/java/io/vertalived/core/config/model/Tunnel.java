package io.vertalived.core.config.model;

/**
 * The encapsulation of an LVS-TUN real server: {@code lb_kind TUN [type ipip|gue|gre] [port N]
 * [nocsum|csum|remcsum]} (keepalived.conf(5) Virtual server(s)); IPVS_DEST_ATTR_TUN_* in the kernel
 * (include/uapi/linux/ip_vs.h).
 *
 * @param type {@code ipip} (the default), {@code gue} (needs a port) or {@code gre}
 * @param port the GUE UDP port; 0 for the others
 * @param checksum {@code nocsum} (the default), {@code csum} or {@code remcsum} (GUE only)
 */
public record Tunnel(String type, int port, String checksum) {
  public static final Tunnel IPIP = new Tunnel("ipip", 0, "nocsum");

  /** IP_VS_CONN_F_TUNNEL_TYPE_*. */
  public int kernelType() {
    return switch (type) {
      case "gue" -> 1;
      case "gre" -> 2;
      default -> 0;
    };
  }

  /** IP_VS_TUNNEL_ENCAP_FLAG_*. */
  public int kernelFlags() {
    return switch (checksum) {
      case "csum" -> 1;
      case "remcsum" -> 2;
      default -> 0;
    };
  }

  /** From the kernel's numbers (unknown ones read as the defaults). */
  public static Tunnel ofKernel(int type, int port, int flags) {
    String t = type == 1 ? "gue" : type == 2 ? "gre" : "ipip";
    String c = flags == 1 ? "csum" : flags == 2 ? "remcsum" : "nocsum";
    return new Tunnel(t, t.equals("gue") ? port : 0, c);
  }

  @Override
  public String toString() {
    return type + (port != 0 ? " port " + port : "") + (checksum.equals("nocsum") ? "" : " " + checksum);
  }
}
