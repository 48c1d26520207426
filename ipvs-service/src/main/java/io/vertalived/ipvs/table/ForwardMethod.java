package io.vertalived.ipvs.table;

/**
 * How IPVS sends a connection to a real server (IP_VS_CONN_F_FWD_MASK values of include/uapi/linux/ip_vs.h), named as
 * keepalived.conf's {@code lb_kind} names them.
 */
public enum ForwardMethod {
  /** {@code lb_kind NAT}: IP_VS_CONN_F_MASQ. */
  NAT(0, "Masq"),
  /** IP_VS_CONN_F_LOCALNODE: the kernel's own choice for a local real server; never configured. */
  LOCAL(1, "Local"),
  /** {@code lb_kind TUN}: IP_VS_CONN_F_TUNNEL. */
  TUN(2, "Tunnel"),
  /** {@code lb_kind DR}: IP_VS_CONN_F_DROUTE. */
  DR(3, "Route");

  private final int kernelValue;
  private final String ipvsadmName;

  ForwardMethod(int kernelValue, String ipvsadmName) {
    this.kernelValue = kernelValue;
    this.ipvsadmName = ipvsadmName;
  }

  public int kernelValue() {
    return kernelValue;
  }

  /** The Forward column of {@code ipvsadm -Ln}. */
  public String ipvsadmName() {
    return ipvsadmName;
  }

  public static ForwardMethod ofKernel(int flags) {
    int v = flags & 7;
    for (ForwardMethod m : values()) {
      if (m.kernelValue == v) {
        return m;
      }
    }
    throw new IllegalArgumentException("unknown IPVS forwarding method " + v);
  }

  public static ForwardMethod ofConfig(String lbKind) {
    return switch (lbKind) {
      case "NAT" -> NAT;
      case "DR" -> DR;
      case "TUN" -> TUN;
      default -> throw new IllegalArgumentException("unknown lb_kind " + lbKind);
    };
  }
}
